"""One benchmark build in this (fresh) process; run.py starts it and reads its JSON result.

    python benchmarks/measure.py stock|publish|serve SITE RESULT.json

`stock`    stock Pelican, SITE/stock_settings.py (default theme, Pelican's own feeds).
`publish`  `invoke publish`: build.runner.build(publishconf.py), our theme, every plugin, the
           feeds and the emails of the newest posts (EMAIL_EXPORT_RECENT), with only PATH,
           OUTPUT_PATH and CACHE_PATH pointing into SITE.
`serve`    what `invoke serve` does (pelicanconf.py and tasks.serve_overrides, in one process):
           a full build, one post edited, the rebuild; reports both times.
Wall time, CPU time and peak memory of the whole process are read by run.py.
"""

import contextlib
import json
import logging
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT))

EDITED_POST_MARK = "\n\nAn added sentence, as an author saving a small edit.\n"


class _ErrorCounter(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def ours_overrides(site, name):
    from generate import STOCK_PAGES
    from pelican.settings import DEFAULT_CONFIG

    return {
        "PATH": str(site / "content"),
        "OUTPUT_PATH": str(site / f"out-{name}"),
        "CACHE_PATH": str(site / f"cache-{name}"),
        # Stock Pelican's copy of the pages, in the same content folder: not ours to read
        # (writing_checks.stray_files would stop the build at pages outside content/pages/).
        "IGNORE_FILES": [*DEFAULT_CONFIG["IGNORE_FILES"], STOCK_PAGES],
    }


def build_stock(site):
    from pelican import Pelican
    from pelican.settings import read_settings

    errors = _ErrorCounter()
    logging.getLogger().addHandler(errors)
    Pelican(read_settings(str(site / "stock_settings.py"))).run()
    if errors.messages:
        raise SystemExit("stock build logged errors:\n" + "\n".join(errors.messages[:5]))
    return {}


def build_publish(site):
    from build.runner import build

    build(str(ROOT / "publishconf.py"), ours_overrides(site, "publish"))
    # The build process's own peak: ru_maxrss over its children also counts Pagefind's.
    return {"python_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


@contextlib.contextmanager
def one_post_edited(site):
    """The middle post with a sentence added, as an author saving a small edit; put back after."""
    posts = sorted((site / "content" / "posts").glob("*.md"))
    edited = posts[len(posts) // 2]
    original = edited.read_text(encoding="utf-8")
    try:
        edited.write_text(original + EDITED_POST_MARK, encoding="utf-8")
        yield edited
    finally:
        edited.write_text(original, encoding="utf-8")


def serve(site):
    """Two builds as `invoke serve` runs them, with one post edited in between. Each ends when
    the new site is in place (the old one is deleted after, as the preview shows the edit)."""
    from build.runner import build
    from tasks import HOST, PORT, serve_overrides

    overrides = {"SITEURL": f"http://{HOST}:{PORT}", **ours_overrides(site, "serve")}
    start = time.perf_counter()
    build(str(ROOT / "pelicanconf.py"), {**serve_overrides(False), **overrides})
    first = time.perf_counter() - start
    with one_post_edited(site) as edited:
        start = time.perf_counter()
        build(str(ROOT / "pelicanconf.py"), {**serve_overrides(True), **overrides})
        second = time.perf_counter() - start
    return {"first_seconds": first, "rebuild_seconds": second, "edited": edited.name}


MODES = {"stock": build_stock, "publish": build_publish, "serve": serve}


def main(argv=None):
    mode, site, result_file = (argv or sys.argv[1:])[:3]
    if mode not in MODES:
        raise SystemExit(f"unknown mode {mode!r}: {', '.join(MODES)}")
    result = MODES[mode](Path(site))
    Path(result_file).write_text(json.dumps(result), encoding="utf-8")


if __name__ == "__main__":
    main()
