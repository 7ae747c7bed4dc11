"""Everyday commands for the site: `invoke --list` shows them all."""

import datetime
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from invoke import Exit, Task, task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))

DEV_SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
HOST, PORT = "127.0.0.1", 8000
# `invoke serve` keeps Pelican's content cache, so a rebuild re-reads only the posts that
# changed (build.content_cache drops the cache when settings, plugins, CTAs or disclaimers change).
SERVE_OVERRIDES = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "GZIP_CACHE": False}


def serve_overrides(rebuild):
    """SERVE_OVERRIDES for `invoke serve`'s first build, or for a rebuild, which keeps the
    search index the first made (site_search: SEARCH_INDEX_REUSE), never one an earlier
    `invoke serve` left in the preview."""
    return {**SERVE_OVERRIDES, "SEARCH_INDEX_REUSE": rebuild}


def _build(settings_file, overrides=None, quiet=False):
    """Run one guarded build; print each problem on one line and exit non-zero on failure."""
    from build.runner import BuildFailed, build

    try:
        result = build(str(settings_file), overrides)
    except BuildFailed as failure:
        for line in failure.lines:
            print(f"ERROR {line}", file=sys.stderr)
        folder = site_folder(settings_file)
        print(f"Build stopped: nothing in {os.path.relpath(folder) + '/' if folder else 'the site'} "
              "was changed.", file=sys.stderr)
        raise Exit(code=1) from None
    for line in result.warnings:
        print(f"WARNING {line}", file=sys.stderr)
    if not quiet:
        print(f"Built the site into {os.path.relpath(result.output_path)}/")
    return result


def site_folder(settings_file):
    """The folder a build of `settings_file` writes (its OUTPUT_PATH): preview/ for previews,
    output/ for the site to upload; None while the settings file has a mistake."""
    from build.runner import load_settings

    try:
        return Path(load_settings(str(settings_file))["OUTPUT_PATH"])
    except Exception:
        return None


@task
def build(c):
    """Build the site for previewing (drafts shown) into preview/."""
    _build(DEV_SETTINGS)


@task
def publish(c):
    """Build the site to upload (real address, no drafts or future posts) into output/."""
    _build(PUBLISH_SETTINGS)


@task
def clean(c):
    """Delete output/, preview/ and the build cache (your writing in content/ is never touched)."""
    from build.output_folder import FolderProblem, remove

    folders = {site_folder(PUBLISH_SETTINGS), site_folder(DEV_SETTINGS), ROOT / "output", ROOT / "preview"}
    for folder in sorted(folders - {None}):
        try:
            left = remove(folder)
        except FolderProblem as problem:
            raise Exit(f"Not cleaned: {problem}", code=1) from None
        for path, reason in left:
            print(f"Could not delete {os.path.relpath(path)} ({reason}): delete it yourself.", file=sys.stderr)
    shutil.rmtree(ROOT / "cache", ignore_errors=True)
    print("Removed output/, preview/ and cache/")


@task(help={"port": f"port to serve on (default {PORT})"})
def serve(c, port=PORT):
    """Preview the site and its email previews (/email/) on 127.0.0.1, rebuilding on save."""
    from build.preview import serve_and_rebuild

    built = []  # a build of this serve succeeded: its search index is kept

    def build():
        _build(DEV_SETTINGS, {**serve_overrides(bool(built)), "SITEURL": f"http://{HOST}:{port}"}, quiet=True)
        built.append(True)

    serve_and_rebuild(
        build=build,
        output=site_folder(DEV_SETTINGS) or ROOT / "preview",  # a mistake there: the build names it
        watch=[ROOT / "content", ROOT / "theme", ROOT / "plugins", DEV_SETTINGS],
        host=HOST,
        port=int(port),
        failure=Exit,
    )


@task(help={"slug": "also export this post, however old (its slug, as in its web address)",
            "all": "export every published post, not only the newest (EMAIL_EXPORT_RECENT)"})
def email(c, slug="", all=False):
    """Publish the site with the newest posts' emails in output/email/ (or one more, or all)."""
    overrides = {}
    if slug:
        overrides["EMAIL_SLUGS"] = [slug]
    if all:
        overrides["EMAIL_EXPORT_RECENT"] = None
    result = _build(PUBLISH_SETTINGS, overrides, quiet=True)
    folder = Path(os.path.relpath(result.output_path)) / "email"
    which = "every published post" if all else "the newest posts" + (f" and {slug}" if slug else "")
    print(f"Emails written to {folder}/: email.html, email.txt and message.eml for {which}, and index.json.")
    print("Send yourself one with: invoke send-test --slug SLUG --to you@example.com")


@task(
    help={
        "slug": "the post to send (export it first with invoke email or invoke publish)",
        "to": "the address to send the test to",
        "host": "SMTP server, instead of SMTP_HOST in pelicanconf.py",
        "port": "SMTP port, instead of SMTP_PORT in pelicanconf.py (465: TLS from the start; any other: STARTTLS)",
        "user": "SMTP login, instead of SMTP_USER in pelicanconf.py (the password: only SMTP_PASSWORD)",
        "output": "the folder the emails were exported into (default output/)",
        "timeout": "seconds the whole exchange with the server may take (default 60)",
    }
)
def send_test(c, slug="", to="", host="", port=0, user="", output="", timeout=0):
    """Send one exported post's message.eml to an address through the SMTP server in settings.

    The message sent is addressed To: that address, with a new Message-ID and the sending time
    as its Date; the .eml on disk stays as it is."""
    # (email_export.sending.addressed). --slug and --to have defaults, so `invoke send-test
    # --help` shows this help instead of invoke's word about a missing argument.
    from build.runner import load_settings
    from email_export.sending import DEADLINE, SendFailed, local_site, made_for, parsed, send_eml
    from email_export.settings import parse_mailbox

    if not slug or not to:
        raise Exit("Not sent: give the post and the address, as in "
                   "invoke send-test --slug my-post --to you@example.com", code=1)
    mailbox = parse_mailbox(to)
    if mailbox is None:
        raise Exit(f"Not sent: '{to}' is not an email address. Fix: give one address after --to, "
                   "as in --to you@example.com", code=1)
    to = mailbox[1]
    emails = Path(output or site_folder(PUBLISH_SETTINGS) or ROOT / "output") / "email"
    eml = emails / slug / "message.eml"
    if not eml.is_file() and (emails / "newsletters" / slug / "message.eml").is_file():
        eml = emails / "newsletters" / slug / "message.eml"  # a newsletter issue's
    if not eml.is_file():
        raise Exit(f"{os.path.relpath(eml)} does not exist: run `invoke email --slug {slug}` (or "
                   "`invoke publish`) first; drafts and hidden posts get no email to send.", code=1)
    data = eml.read_bytes()
    message = parsed(data)
    export_first = f"run `invoke publish` or `invoke email --slug {slug}` first, then send it again"
    local = local_site(message)
    if local:
        raise Exit(f"Not sent: {os.path.relpath(eml)} was made by a preview build (invoke build or "
                   f"invoke serve), so its links and pictures go to {local}, on this computer, which "
                   f"no reader can open. Fix: {export_first}.", code=1)
    # publishconf.py: the real address, and pelicanconf.py's SMTP settings, which it imports.
    settings = load_settings(str(PUBLISH_SETTINGS))
    site, built_for = str(settings.get("SITEURL") or "").rstrip("/"), made_for(message)
    if site and built_for and built_for != site:
        raise Exit(f"Not sent: {os.path.relpath(eml)} was made for {built_for}, not for your site's "
                   f"address {site} (SITEURL in publishconf.py), so its links would lead elsewhere. "
                   f"Fix: {export_first}.", code=1)
    host, port = host or settings.get("SMTP_HOST"), int(port or settings.get("SMTP_PORT") or 587)
    if not host:
        raise Exit("SMTP_HOST is not set: add it to pelicanconf.py or pass --host.", code=1)
    try:
        sender = send_eml(data, to, host, port, user=user or settings.get("SMTP_USER") or "",
                          password=os.environ.get("SMTP_PASSWORD"), deadline=int(timeout) or DEADLINE)
    except SendFailed as failure:
        raise Exit(f"Not sent: {failure}.", code=1) from None
    print(f"Sent {os.path.relpath(eml)} from {sender} to {to} through {host}:{port}.")


@task(help={"dry_run": "only list what would be uploaded and deleted; change nothing on the host"})
def upload(c, dry_run=False):
    """Upload output/ (made by invoke publish) to your host with rsync over SSH (UPLOAD_* settings)."""
    from build.runner import load_settings
    from build.upload import UploadRefused, upload as upload_site

    # publishconf.py: the real address, and pelicanconf.py's UPLOAD_* settings, which it imports.
    settings = load_settings(str(PUBLISH_SETTINGS))
    output = site_folder(PUBLISH_SETTINGS) or ROOT / "output"
    try:
        changes = upload_site(str(output), settings, dry_run=dry_run)
    except UploadRefused as refused:
        raise Exit(f"Not uploaded: {refused}.", code=1) from None
    where = f"{settings.get('UPLOAD_HOST')}:{settings.get('UPLOAD_PATH')}"
    if dry_run:
        print(f"Dry run: {changes} change(s) would be made on {where}; nothing was changed. "
              "Run `invoke upload` to make them.")
    else:
        print(f"Uploaded {os.path.relpath(output)}/ to {where}: {changes} change(s).")


def _new_without_quotes(argv):
    """The line for `invoke new` without a title, or with one not in quotes (`invoke new My
    first post`), to which invoke itself would answer "'new' did not receive required positional
    arguments: 'title'" or "No idea what 'first' is!"; None for any other command. Checked when
    invoke loads this file, before it reads the command's words."""
    program = os.path.normpath(argv[0]) if argv else ""
    if os.path.basename(program) not in ("invoke", "inv") and not program.endswith(os.path.join("invoke", "__main__.py")):
        return None
    if "new" not in argv[1:]:
        return None
    after = argv[argv.index("new", 1) + 1:]
    if any(arg in ("-h", "--help", "-t", "--title") or arg.startswith("--title=") for arg in after):
        return None
    words = [arg for arg in after if not arg.startswith("-")]
    command = " ".join(["invoke new", *(arg for arg in after if arg.startswith("-"))])  # --newsletter kept
    if not words:
        return f'Give the title in quotes: {command} "My title" (invoke --help new shows the help).'
    tasks = {name.replace("_", "-") for name, value in globals().items() if isinstance(value, Task)}
    if len(words) > 1 and words[1] not in tasks:
        return f'Give the title in quotes: {command} "{" ".join(words)}" (the words after new are one title).'
    return None


@task(help={"title": "the post's (or the issue's) title, in quotes",
            "newsletter": "start a newsletter issue instead, in content/newsletters/"})
def new(c, title, newsletter=False):
    """Start a new draft post with today's date: invoke new "My title" (--newsletter: an issue)."""
    from pelican.settings import DEFAULT_CONFIG
    from pelican.utils import slugify

    from newsletters.new_issue import new_issue_text
    from writing_checks.new_post import free_slug, new_post_text

    if re.fullmatch(r"--?[a-z][a-z-]*", title):  # an option (--help), not a title
        command = "invoke new --newsletter" if newsletter else "invoke new"
        raise Exit(f'Give the title in quotes: {command} "My title" (invoke --help new shows the help).', code=1)
    from_title = slugify(title, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]).strip("-")
    if not from_title:
        raise Exit(f"Cannot make a file name from '{title}': use some letters or digits.", code=1)
    folder = ROOT / "content" / ("newsletters" if newsletter else "posts")
    folder.mkdir(parents=True, exist_ok=True)
    slug = free_slug(from_title, title, folder)
    path = folder / f"{slug}.md"
    if path.exists():
        raise Exit(
            f"{path.relative_to(ROOT)} already exists: choose another title, "
            "or edit that file instead.",
            code=1,
        )
    now = datetime.datetime.now()
    text = (new_issue_text(title, now, slug, ROOT / "content", folder) if newsletter
            else new_post_text(title, now.date().isoformat(), slug))
    path.write_text(text, encoding="utf-8")
    print(f"Created {path.relative_to(ROOT)}")


# What the test suite runs besides Python, from Debian: {program: (package, what needs it)}.
TEST_PROGRAMS = {
    "chromium": ("chromium", "the email layout test"),
    "rsync": ("rsync", "the upload tests"),
}


def _installed(program):
    return shutil.which(program) or os.path.exists(f"/usr/bin/{program}")


def _ensure_test_programs():
    """Install (Debian, as root) the programs the tests need that are missing, in one apt-get run."""
    missing = {program: needs for program, needs in TEST_PROGRAMS.items() if not _installed(program)}
    if not missing:
        return
    packages = [package for package, _ in missing.values()]
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        print(f"Installing what the tests need (apt-get install {' '.join(packages)})...")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-q"], check=False, env=env)
        subprocess.run(["apt-get", "install", "-y", "-q", *packages], check=False, env=env)
    for program, (package, needs) in missing.items():
        if not _installed(program):
            print(f"{program} is not installed: {needs} will be skipped (and fail in CI). "
                  f"Install it with: sudo apt-get install {package}", file=sys.stderr)


@task(help={"k": "only run tests whose names match this expression"})
def test(c, k=""):
    """Run the whole test suite."""
    _ensure_test_programs()
    args = [sys.executable, "-m", "pytest", "-q"]
    if k:
        args += ["-k", k]
    c.run(" ".join(args), pty=False, env={"PYTHONPATH": str(ROOT / "plugins")})


@task(
    help={
        "only": "comma-separated checks to run: html,links,feeds,email,browser (default all)",
        "keep": "keep the temporary check builds and print where they are",
    }
)
def check(c, only="", keep=False):
    """Check the published site as readers' tools do: HTML, accessibility, layout, links, feeds, email."""
    from checks.run import main

    code = main(only=[name.strip() for name in only.split(",") if name.strip()] or None, keep=keep)
    if code:
        raise Exit(code=code)


@task(
    help={
        "posts": "comma-separated site sizes (default 100,1000,5000)",
        "repeats": "builds of each kind per size (default 3)",
        "quick": "a fast smoke run (30 posts, once) that writes no results file",
    }
)
def bench(c, posts="100,1000,5000", repeats=3, quick=False):
    """Time our build against stock Pelican; write the table to benchmarks/results.md."""
    args = [sys.executable, str(ROOT / "benchmarks" / "run.py")]
    args += ["--quick"] if quick else ["--posts", str(posts), "--repeats", str(repeats)]
    c.run(" ".join(args), pty=False)


_refused = _new_without_quotes(sys.argv)  # last: every task's name is known
if _refused:
    print(_refused, file=sys.stderr)
    raise SystemExit(1)
