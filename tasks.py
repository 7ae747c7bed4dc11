"""Everyday commands for the site: `invoke --list` shows them all."""

import datetime
import os
import shutil
import sys
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))

DEV_SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
HOST, PORT = "127.0.0.1", 8000


def _build(settings_file, overrides=None, quiet=False):
    """Run one guarded build; print each problem on one line and exit non-zero on failure."""
    from build_guard.runner import BuildFailed, build

    try:
        result = build(str(settings_file), overrides)
    except BuildFailed as failure:
        for line in failure.lines:
            print(f"ERROR {line}", file=sys.stderr)
        print("Build stopped: nothing in output/ was changed.", file=sys.stderr)
        raise Exit(code=1) from None
    for line in result.warnings:
        print(f"WARNING {line}", file=sys.stderr)
    if not quiet:
        print(f"Built the site into {os.path.relpath(result.output_path)}/")
    return result


@task
def build(c):
    """Build the site for previewing (drafts shown) into output/."""
    _build(DEV_SETTINGS)


@task
def publish(c):
    """Build the site for the real address (no drafts or future posts) into output/."""
    _build(PUBLISH_SETTINGS)


@task
def clean(c):
    """Delete output/ and the build cache (your writing in content/ is never touched)."""
    for name in ("output", "cache"):
        shutil.rmtree(ROOT / name, ignore_errors=True)
    print("Removed output/ and cache/")


@task(help={"port": f"port to serve on (default {PORT})"})
def serve(c, port=PORT):
    """Preview the site on http://127.0.0.1:8000, rebuilding whenever you save a file."""
    from build_guard.preview import serve_and_rebuild

    serve_and_rebuild(
        build=lambda: _build(DEV_SETTINGS, {"SITEURL": f"http://{HOST}:{port}"}, quiet=True),
        output=ROOT / "output",
        watch=[ROOT / "content", ROOT / "theme", ROOT / "plugins", DEV_SETTINGS],
        host=HOST,
        port=int(port),
        failure=Exit,
    )


@task(help={"title": "the post's title, in quotes"})
def new(c, title):
    """Start a new draft post with today's date: invoke new "My title"."""
    from pelican.settings import DEFAULT_CONFIG
    from pelican.utils import slugify

    slug = slugify(title, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])
    if not slug:
        raise Exit(f"Cannot make a file name from {title!r}: use some letters or digits.", code=1)
    path = ROOT / "content" / "posts" / f"{slug}.md"
    if path.exists():
        raise Exit(
            f"{path.relative_to(ROOT)} already exists: choose another title, "
            "or edit that file instead.",
            code=1,
        )
    today = datetime.date.today().isoformat()
    safe_title = " ".join(title.split())
    path.write_text(
        f"Title: {safe_title}\n"
        f"Date: {today}\n"
        "Category: Career stories\n"
        "Summary: One or two sentences that say what the reader will take away.\n"
        "Status: draft\n"
        "\n"
        "Start your story here. Remove the 'Status: draft' line when it is ready to publish.\n",
        encoding="utf-8",
    )
    print(f"Created {path.relative_to(ROOT)}")


@task(help={"k": "only run tests whose names match this expression"})
def test(c, k=""):
    """Run the whole test suite."""
    args = [sys.executable, "-m", "pytest", "-q"]
    if k:
        args += ["-k", k]
    c.run(" ".join(args), pty=False, env={"PYTHONPATH": str(ROOT / "plugins")})


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
