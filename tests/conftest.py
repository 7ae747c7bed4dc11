"""Shared fixtures: a tiny site in a temporary folder, built the way `invoke build` builds.

Every build goes through the same guarded runner as the tasks, and any WARNING or
ERROR that Pelican or a plugin logs fails the test unless the test says it expects one.
"""

import hashlib
import sys
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pelican import signals

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from build.runner import BuildFailed, build, load_settings  # noqa: E402

SITEURL = "https://coach.example"
SETTINGS = {"dev": ROOT / "pelicanconf.py", "publish": ROOT / "publishconf.py"}


class Site:
    """A content folder in tmp_path, and helpers to build it and read what was written."""

    def __init__(self, root, content=None):
        self.root = root
        self.content = content or root / "content"
        self.output = root / "output"
        self.settings = {}
        if content is None:
            for folder in ("posts", "pages", "images", "ctas", "disclaimers"):
                (self.content / folder).mkdir(parents=True, exist_ok=True)

    def write(self, relpath, text):
        """Write a source file (dedented) under content/ and return its path."""
        path = self.content / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def post(self, slug, body="Some words.", **metadata):
        """Write content/posts/<slug>.md with Title/Date defaults and the given metadata."""
        meta = {"title": slug.replace("-", " ").capitalize(), "date": "2026-01-15", "slug": slug}
        meta.update({key.lower(): value for key, value in metadata.items()})
        header = "".join(f"{key.replace('_', '-').title()}: {value}\n" for key, value in meta.items())
        return self.write(f"posts/{slug}.md", header + "\n" + textwrap.dedent(body).strip() + "\n")

    def page(self, slug, body="Some words.", **metadata):
        """Write content/pages/<slug>.md (its address is /<slug>/) with a Title default."""
        meta = {"title": slug.replace("-", " ").capitalize(), **{k.lower(): v for k, v in metadata.items()}}
        header = "".join(f"{key.title()}: {value}\n" for key, value in meta.items())
        return self.write(f"pages/{slug}.md", header + "\n" + textwrap.dedent(body).strip() + "\n")

    def _overrides(self, extra):
        overrides = {
            "PATH": str(self.content),
            "OUTPUT_PATH": str(self.output),
            "CACHE_PATH": str(self.root / "cache"),
            "SITEURL": SITEURL,
            # The search index (Pagefind) only where a test asks for it: tests/test_search.py.
            "SEARCH_INDEX": False,
            "AUTHOR_PHOTO": None,  # the sample's photo is in the sample's content/ only
        }
        overrides.update(self.settings)
        overrides.update(extra)
        return overrides

    def build(self, mode="dev", allow_warnings=False, **overrides):
        """Build; fail the test on a failed build or (unless allowed) any warning."""
        try:
            result = build(str(SETTINGS[mode]), self._overrides(overrides))
        except BuildFailed as failure:
            pytest.fail("build failed:\n" + "\n".join(failure.lines))
        if not allow_warnings:
            assert result.warnings == [], "build logged warnings:\n" + "\n".join(result.warnings)
        return result

    def build_and_keep(self, **overrides):
        """Build (as `build`) and return posts, drafts and pages by slug, as the plugins left them."""
        kept = {}

        def keep(generators):
            for generator in generators:
                for name in ("articles", "drafts", "pages"):
                    for content in getattr(generator, name, []):
                        kept[content.slug] = content

        signals.all_generators_finalized.connect(keep)
        try:
            self.build(**overrides)
        finally:
            signals.all_generators_finalized.disconnect(keep)
        return kept

    def build_fails(self, mode="dev", **overrides):
        """Build, expecting failure; return the lines the build printed."""
        with pytest.raises(BuildFailed) as failure:
            build(str(SETTINGS[mode]), self._overrides(overrides))
        return failure.value.lines

    def path(self, relpath):
        return self.output / relpath

    def text(self, relpath):
        return (self.output / relpath).read_text(encoding="utf-8")

    def soup(self, relpath):
        return BeautifulSoup(self.text(relpath), "lxml")

    def snapshot(self):
        """{relative path: sha256} of everything in output/, to prove it did not change."""
        return {
            str(p.relative_to(self.output)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(self.output.rglob("*"))
            if p.is_file()
        }


def render_markdown(text, content=None, **overrides):
    """`text` as the web page's HTML, converted as the build converts a post's text (the site's
    Markdown settings and block types), for tests of a syntax; `content` is the content folder
    (its ctas/ and disclaimers/ are read), an empty one by default."""
    import importlib
    import tempfile
    from types import SimpleNamespace

    from blocks import markdown_for, start_build
    from writing_checks.raw_html import escape_raw_html

    folder = content or Path(tempfile.mkdtemp(prefix="markdown-content-"))
    settings = load_settings(str(SETTINGS["dev"]), {"PATH": str(folder), "SITEURL": SITEURL, **overrides})
    for name in settings["PLUGINS"]:
        importlib.import_module(name)  # each block plugin registers its type when imported
    pelican = SimpleNamespace(settings=settings)
    escape_raw_html(pelican)
    start_build(pelican)
    return markdown_for(settings).convert(textwrap.dedent(text))


@pytest.fixture
def site(tmp_path):
    return Site(tmp_path)


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory):
    """The real sample content in content/, built once with publish settings."""
    root = tmp_path_factory.mktemp("sample")
    result = build(
        str(SETTINGS["publish"]),
        {"OUTPUT_PATH": str(root / "output"), "CACHE_PATH": str(root / "cache")},
    )
    assert result.warnings == [], "\n".join(result.warnings)
    return Site(root, content=ROOT / "content")
