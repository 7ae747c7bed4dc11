"""The coach's guide stays true: what README.md, CONTRIBUTING.md and docs/*.md name exists.

- every `invoke ...` command in them is a task of tasks.py, with options that task has;
- every path they name under content/, theme/, plugins/, docs/, .github/... is in the project,
  and every path under output/, preview/ or cache/ is made by a build of the sample site
  (the placeholders `<slug>`, `{slug}`, `NAME`, `SLUG` and `*` stand for any name); the few files a
  coach makes herself are listed in COACH_MADE;
- every setting docs/settings.md names is read by the code, and every setting a plugin declares
  is explained in docs/settings.md or CONTRIBUTING.md;
- every relative link and picture between them resolves, to the file and its #anchor;
- the README's example posts build, its second command (the tests) is what CI runs, and it stays
  short (README_LIMIT bytes).

The Markdown is read with Python-Markdown (tables, fences inside lists) and BeautifulSoup, as
GitHub shows it: links are <a>/<img>, code is <code>, anchors come from the headings' text.
"""

import ast
import glob
import importlib
import pkgutil
import re
import shlex
import shutil
import sys
from functools import lru_cache
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from invoke import Collection, Program
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

from conftest import ROOT, Site

sys.path.insert(0, str(ROOT))  # tasks.py

README_LIMIT = 8_500
DOCS = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
SETTINGS_DOC = ROOT / "docs" / "settings.md"

# Files the guide names that the coach makes herself (the sample site has none), and why.
COACH_MADE = {
    "content/posts/what-a-no-taught-me.md": "what `invoke new \"What a no taught me\"` creates",
    "content/newsletters/": "made by `invoke new --newsletter`",
    "content/newsletters/december-letter.md": "what `invoke new --newsletter \"December letter\"` creates",
    "content/removed.txt": "the addresses a coach removed on purpose",
    "output/email/newsletters/": "made once an issue is published (tests/test_newsletters.py)",
}
# Where a path the guide names is looked for: the project, or a build of the sample site.
ROOTS = ("content", "theme", "plugins", "docs", "tests", "checks", "benchmarks", "output", "preview",
         "cache", ".github", ".ci")
TOP_FILES = ("pelicanconf.py", "publishconf.py", "tasks.py", "requirements.txt", "requirements-dev.txt",
             "netlify.toml", "README.md", "CONTRIBUTING.md", "ARCHITECTURE.md")
PATH = re.compile(rf"(?<![\w./:{{}}-])((?:{'|'.join(re.escape(r) for r in ROOTS)})/[^\s`'\"()\[\],;|]*"
                  rf"|(?:{'|'.join(re.escape(f) for f in TOP_FILES)})(?![\w.-]))")
# What stands for a name in a path: <slug>, {slug}, and the words NAME and SLUG.
PLACEHOLDER = re.compile(r"<[^<>/]*>|\{[^{}/]*\}|\b(?:NAME|SLUG)\b")


# --- reading the Markdown ------------------------------------------------------------------

@lru_cache(maxsize=None)
def rendered(text):
    """The Markdown as HTML, parsed: tables, and fenced code inside list items."""
    html = markdown.markdown(text, extensions=["tables", "pymdownx.superfences"])
    return BeautifulSoup(html, "lxml")


def read(path):
    return Path(path).read_text(encoding="utf-8")


def code_texts(text):
    """The text of every code span and code block."""
    return [code.get_text() for code in rendered(text).find_all("code")]


def heading_anchors(text):
    """The #anchors GitHub gives the headings: lower case, punctuation dropped, spaces as -,
    a -1, -2... after a repeated one."""
    anchors, seen = set(), {}
    for heading in rendered(text).find_all(re.compile(r"^h[1-6]$")):
        anchor = re.sub(r"[^\w\- ]", "", heading.get_text().strip().lower()).replace(" ", "-")
        count = seen.get(anchor, 0)
        seen[anchor] = count + 1
        anchors.add(anchor if count == 0 else f"{anchor}-{count}")
    return anchors


# --- commands ----------------------------------------------------------------------------

@lru_cache(maxsize=None)
def invoke_tasks():
    """{name: {option spellings: takes a value}} for every task of tasks.py, and the core options."""
    import tasks

    collection = Collection.from_module(tasks)
    found = {}
    for name in collection.task_names:
        task = collection[name]
        options = {}
        for argument in task.get_arguments():
            for spelling in argument.names:
                options[("-" if len(spelling) == 1 else "--") + spelling.replace("_", "-")] = argument.takes_value
        positional = [a for a in task.get_arguments() if a.positional]
        for alias in [name, *collection.task_names[name]]:
            found[alias] = (options, len(positional))
    core = {}
    for argument in Program().core_args():
        for spelling in argument.names:
            core[("-" if len(spelling) == 1 else "--") + spelling.replace("_", "-")] = argument.takes_value
    return found, core


INVOKE = re.compile(r"(?:^|(?<=[\s;&|(]))(?:\S*/)?invoke(?=\s|$)(?P<rest>[^\n]*)")


def command_problems(text):
    """What is wrong with each `invoke ...` command in the code of `text`."""
    tasks, core = invoke_tasks()
    problems = []
    for code in code_texts(text):
        for match in INVOKE.finditer(code):
            lexer = shlex.shlex(match.group("rest").replace("[", " ").replace("]", " "),
                                posix=True, punctuation_chars="&|;()")
            lexer.whitespace_split = True
            lexer.commenters = "#"
            words = []
            try:
                for word in lexer:
                    if word and set(word) <= set("&|;()"):
                        break
                    words.append(word)
            except ValueError:  # an apostrophe in prose ("readers' tools"): the words as they are
                words = match.group("rest").split()
            problems += parse_command(words, tasks, core, match.group(0).strip())
    return problems


def parse_command(words, tasks, core, shown):
    problems, task, options, positional = [], None, core, 0
    words = iter(words)
    for word in words:
        if word == "...":  # "invoke ..." in prose: any command
            continue
        if word.startswith("-"):
            name = word.split("=", 1)[0]
            if name not in options:
                problems.append(f"{shown!r}: {'invoke' if task is None else task} has no option {name}")
            elif options[name] and "=" not in word:
                next(words, None)
        elif word in tasks:
            task, (options, positional) = word, tasks[word]
        elif task is not None and positional > 0:
            positional -= 1
        else:
            problems.append(f"{shown!r}: {word!r} is not a task of tasks.py")
    return problems


# --- paths ---------------------------------------------------------------------------------

def named_paths(text):
    """The paths `text` names (in code or not), without trailing punctuation or a `:line`."""
    words = rendered(text).get_text(" ")
    return sorted({re.sub(r":\d+$", "", match.rstrip(".:,")) for match in PATH.findall(words)})


def path_problems(text, places):
    """The paths of `text` that are nowhere: `places` maps a root (output, preview, cache) to the
    folder of a build that holds it; the rest are looked for in the project."""
    problems = []
    for path in named_paths(text):
        if path in COACH_MADE or any(path.startswith(made) for made in COACH_MADE if made.endswith("/")):
            continue
        wanted = path.split("...", 1)[0]
        pattern = PLACEHOLDER.sub("*", wanted)
        root, _, rest = pattern.partition("/")
        base = places.get(root)
        found = glob.glob(str(base / rest)) if base is not None else glob.glob(str(ROOT / pattern))
        if not found:
            where = f"a build's {root}/" if base is not None else "the project"
            problems.append(f"{path} is not in {where}")
    return problems


@pytest.fixture(scope="module")
def preview_build(tmp_path_factory):
    """The sample site built as `invoke build` builds it (preview/), into a temporary folder."""
    root = tmp_path_factory.mktemp("preview")
    site = Site(root, content=ROOT / "content")
    site.build(mode="dev", SITEURL="http://127.0.0.1:8000", AUTHOR_PHOTO="images/maya.jpg")
    return site.output


@pytest.fixture(scope="module")
def build_places(sample_site, preview_build):
    return {"output": sample_site.output, "preview": preview_build, "cache": sample_site.root / "cache"}


# --- settings ------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def declared_settings():
    """Every setting name a plugin declares with a default (its DEFAULTS)."""
    from build import settings

    names = set()
    for module in pkgutil.walk_packages([str(ROOT / "plugins")]):
        defaults = getattr(importlib.import_module(module.name), "DEFAULTS", None)
        if isinstance(defaults, dict):
            names |= set(defaults)
    return names | set(settings.DEFAULTS)


@lru_cache(maxsize=None)
def read_settings():
    """Every setting name the code reads: declared, set in pelicanconf.py or publishconf.py,
    Pelican's own, or read by name (`settings.get("X")`, `setting(s, "X")`, `settings["X"]`,
    `os.environ.get("X")`) in plugins/ or tasks.py."""
    names = declared_settings() | set(DEFAULT_CONFIG)
    for conf in ("pelicanconf.py", "publishconf.py"):
        for node in ast.walk(ast.parse(read(ROOT / conf))):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
    for source in [*ROOT.joinpath("plugins").rglob("*.py"), ROOT / "tasks.py"]:
        for node in ast.walk(ast.parse(read(source))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in ("get", "setting"):
                names |= {a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)}
            elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
                names.add(node.slice.value)
    return names


SETTING = re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b")


def settings_named(text):
    """The setting names in the code of `text`: NAMES_WITH_UNDERSCORES anywhere in code, a code
    span that is one capitalised word (`AUTHOR`), and `NAME =` at the start of a code line."""
    names = set()
    for code in code_texts(text):
        names |= set(SETTING.findall(code))
        if re.fullmatch(r"[A-Z][A-Z0-9]{2,}", code.strip()):
            names.add(code.strip())
        names |= set(re.findall(r"^([A-Z][A-Z0-9_]+)\s*=", code, flags=re.M))
    return names


def setting_problems(text):
    known = read_settings()
    return sorted(f"{name} is read by no code" for name in settings_named(text) if name not in known)


# --- links ---------------------------------------------------------------------------------

def link_problems(text, source):
    """Each relative link or picture of `text` (the file `source`) that leads nowhere."""
    problems = []
    soup = rendered(text)
    targets = [a.get("href") for a in soup.find_all("a")] + [img.get("src") for img in soup.find_all("img")]
    for target in filter(None, targets):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # https:, mailto:
            continue
        file, _, anchor = target.partition("#")
        path = (source.parent / file).resolve() if file else source
        if ROOT.resolve() not in path.parents and path != ROOT.resolve():
            problems.append(f"{target}: outside the project")
        elif not path.exists():
            problems.append(f"{target}: no such file")
        elif anchor and (path.suffix != ".md" or anchor not in heading_anchors(read(path))):
            problems.append(f"{target}: no heading #{anchor} in {path.name}")
    return problems


# --- the guide as it is --------------------------------------------------------------------

def shown(path):
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("doc", DOCS, ids=shown)
def test_every_invoke_command_is_a_task_with_its_options(doc):
    assert command_problems(read(doc)) == []


@pytest.mark.parametrize("doc", DOCS, ids=shown)
def test_every_path_named_exists_or_is_made_by_a_build(doc, build_places):
    assert path_problems(read(doc), build_places) == []


@pytest.mark.parametrize("doc", DOCS, ids=shown)
def test_every_relative_link_resolves_to_its_file_and_heading(doc):
    assert link_problems(read(doc), doc) == []


def test_every_setting_in_the_settings_page_is_read_by_the_code():
    named = settings_named(read(SETTINGS_DOC))
    assert len(named) > 40  # the page was read: every group of settings is there
    assert setting_problems(read(SETTINGS_DOC)) == []


def test_every_declared_setting_is_explained_for_the_coach_or_the_developer():
    explained = settings_named(read(SETTINGS_DOC)) | settings_named(read(ROOT / "CONTRIBUTING.md"))
    assert sorted(declared_settings() - explained) == []


def test_the_readme_is_short_and_links_the_guide():
    readme = read(ROOT / "README.md")
    assert len(readme.encode("utf-8")) <= README_LIMIT
    linked = {a["href"].split("#")[0] for a in rendered(readme).find_all("a", href=True)}
    guide = {f"docs/{page.name}" for page in (ROOT / "docs").glob("*.md")} - {"docs/README.md", "docs/deliverability.md"}
    assert guide <= linked
    pictures = {img["src"] for img in rendered(readme).find_all("img")}
    assert pictures == {"docs/images/post.png", "docs/images/email.png"}


def test_the_readme_test_command_is_what_ci_runs():
    commands = [line for code in code_texts(read(ROOT / "README.md")) for line in code.splitlines()
                if line.startswith("python3 -m venv .venv")]
    assert len(commands) == 2  # the set-up command and the test command
    ci = [line for line in read(ROOT / ".ci" / "run").splitlines() if line.startswith("python3 ")]
    assert ci == [commands[1]]


EXAMPLE = re.compile(r"```markdown\n(Title: .*?)```", re.S)


def examples():
    """(file, text) of each whole example post or newsletter issue in the guide: a markdown
    block that starts with Title: and has a Date:."""
    return [(doc, text) for doc in DOCS for text in EXAMPLE.findall(read(doc)) if "\nDate: " in text]


def metadata(text, name, default=None):
    found = re.search(rf"^{name}: *(.+)$", text, flags=re.M)
    return found.group(1).strip() if found else default


@pytest.mark.parametrize("doc, text", examples(), ids=lambda value: shown(value) if isinstance(value, Path) else None)
def test_the_example_posts_build_beside_the_sample_site(tmp_path, doc, text):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    site = Site(tmp_path, content=content)
    title = metadata(text, "Title")
    slug = metadata(text, "Slug") or slugify(title, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])
    if metadata(text, "Posts"):  # a newsletter issue
        site.write(f"newsletters/{slug}.md", text)
        pages = [f"newsletter/{slug}/index.html", f"drafts/newsletter/{slug}/index.html"]
    else:
        site.write(f"posts/{slug}.md", text)
        pages = [f"{metadata(text, 'Date')[:4]}/{slug}/index.html", f"drafts/{slug}/index.html"]
    site.build(AUTHOR_PHOTO="images/maya.jpg")
    # Published, or a draft (Status: draft, or a date still to come): shown by the preview either way.
    [page] = [page for page in pages if site.path(page).exists()]
    assert site.soup(page).h1.get_text(strip=True) == title


# --- the checks can fail ---------------------------------------------------------------------

def test_a_command_that_is_no_task_or_an_option_a_task_lacks_is_found():
    text = ("Run `invoke publsh`, then `invoke upload --dry-rn`; `.venv/bin/invoke serve --port 8001` "
            "and `invoke new --newsletter \"A letter\"` are fine.\n\n"
            "```sh\nSMTP_PASSWORD='x' invoke send-test --slug a --to b@example.com --tls  # a comment\n```\n")
    problems = command_problems(text)
    assert len(problems) == 3
    assert "'publsh' is not a task" in problems[0]
    assert "upload has no option --dry-rn" in problems[1]
    assert "send-test has no option --tls" in problems[2]


def test_a_path_that_is_nowhere_is_found(build_places):
    text = ("Files: `content/ctaz/newsletter.md`, `content/ctas/NAME.md`, "
            "`output/email/<slug>/message.eml`, `output/email/<slug>/letter.eml`, "
            "`theme/templates/article.html` and publishconf.py.\n")
    assert path_problems(text, build_places) == [
        "content/ctaz/newsletter.md is not in the project",
        "output/email/<slug>/letter.eml is not in a build's output/",
    ]


def test_a_link_to_a_missing_file_or_heading_is_found():
    source = ROOT / "docs" / "example.md"
    text = ("[ok](writing.md#links), [no file](writng.md), [no heading](writing.md#linkz), "
            "[picture](images/post.png), ![gone](images/gone.png), [up](../README.md#set-up).\n")
    assert link_problems(text, source) == [
        "writng.md: no such file",
        "writing.md#linkz: no heading #linkz in writing.md",
        "images/gone.png: no such file",
    ]


def test_a_setting_no_code_reads_is_found():
    text = "| `SITENAME` | `EMAIL_ESP` | `SITE_COLOUR` | `BUILD_EXTRA_METADATA` |\n|---|---|---|---|\n\n" \
           "```python\nHOME_CTA = None\nFOOTER_COLOR = \"#fff\"\n```\n"
    assert setting_problems(text) == ["FOOTER_COLOR is read by no code", "SITE_COLOUR is read by no code"]
