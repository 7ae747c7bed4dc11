"""One benchmark build in this (fresh) process; run.py starts it and reads its JSON result.

    python benchmarks/measure.py stock|ours|ours-1|again|rebuild SITE RESULT.json

`stock`   stock Pelican, SITE/stock_settings.py (default theme, Pelican's own feeds).
`ours`    our full build: build.runner.build(publishconf.py) with PATH, OUTPUT_PATH and
          CACHE_PATH pointing into SITE; also times, in process, the email export's own work
          (in the main process: with a second process sharing it, the time the build spends
          on it, not all the work it takes).
`ours-1`  the same in one process (BUILD_PARALLEL = False): the whole cost of each step.
`again`   `invoke publish` run again after editing one post, in a fresh process, with the
          output of the `ours` build kept: the emails of the other posts are carried over.
`rebuild` what `invoke serve` does (pelicanconf.py and tasks.SERVE_OVERRIDES): a build, one
          post edited, a second build in the same process; reports both times.
Times are build times inside the process (imports of Pelican and plugins included in the
first build); peak memory is read by run.py from the finished child.
"""

import contextlib
import functools
import json
import logging
import sys
import time
import weakref
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT))

EMAIL_MODULE = "email_export"
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


class EmailTimer:
    """Adds up the time spent in receivers and generators defined by the email_export plugin.

    Connected to `initialized` before the build, so it runs once every plugin has
    registered: it then wraps, in place and in order, each receiver whose function lives
    in email_export, and the generator classes that plugin contributes.
    """

    def __init__(self):
        self.seconds = 0.0
        self.wrapped = []
        self._keep = []  # blinker holds receivers weakly

    def timed(self, function, before=None):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            if before is not None:
                before(*args, **kwargs)
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start

        self._keep.append(wrapper)
        return wrapper

    def install(self, pelican_object=None):
        """`initialized` receiver: wrap every email_export receiver of every blinker signal."""
        import blinker

        for signal in list(blinker.default_namespace.values()):
            self._wrap_signal(signal)

    def _wrap_signal(self, signal):
        # `receivers` maps receiver ids to (weak references to) functions; replacing a value
        # under its key keeps the order in which receivers run.
        for key, ref in list(signal.receivers.items()):
            receiver = ref() if isinstance(ref, weakref.ref) else ref
            module = getattr(receiver, "__module__", None) or ""
            if module.split(".")[0] != EMAIL_MODULE:
                continue
            if signal.name == "get_generators":
                replacement = self._generator_source(receiver)
            elif signal.name == "article_generator_write_article":
                replacement = self.timed(receiver, before=_page_html)
            else:
                replacement = self.timed(receiver)
            signal.receivers[key] = replacement
            self.wrapped.append(f"{signal.name}:{receiver.__qualname__}")

    def _generator_source(self, receiver):
        timer = self

        @functools.wraps(receiver)
        def wrapper(*args, **kwargs):
            result = receiver(*args, **kwargs)
            classes = result if isinstance(result, (list, tuple)) else [result]
            return [timer._timed_generator(cls) for cls in classes if cls is not None]

        self._keep.append(wrapper)
        return wrapper

    def _timed_generator(self, cls):
        namespace = {}
        for name in ("__init__", "generate_context", "generate_output"):
            if hasattr(cls, name):
                namespace[name] = self.timed(getattr(cls, name))
        return type(cls.__name__, (cls,), namespace)


def _page_html(generator, content):
    """The post's finished HTML, worked out untimed: its page, written right after this
    signal, uses it (Pelican memoises it), so it is the page's cost, not the email export's,
    whichever of them asks first (the email reuse key hashes it)."""
    content.content


def build_ours(site, name="ours", **settings):
    from build.runner import build
    from pelican import signals

    timer = EmailTimer()
    signals.initialized.connect(timer.install)
    start = time.perf_counter()
    build(str(ROOT / "publishconf.py"), {**ours_overrides(site, name), **settings})
    return {"email_seconds": timer.seconds, "email_receivers": timer.wrapped,
            "build_seconds": time.perf_counter() - start}


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


def build_again(site):
    """Our full build again, one post edited, over the output an `ours` build left."""
    if not (site / "out-ours" / "email").is_dir():
        raise SystemExit("`again` needs the output of an `ours` build of this site")
    with one_post_edited(site) as edited:
        result = build_ours(site)
    return {**result, "edited": edited.name}


def rebuild(site):
    """Two builds as `invoke serve` runs them, with one post edited in between."""
    from build.runner import build
    from tasks import HOST, PORT, SERVE_OVERRIDES

    overrides = {**SERVE_OVERRIDES, "SITEURL": f"http://{HOST}:{PORT}", **ours_overrides(site, "serve")}
    start = time.perf_counter()
    build(str(ROOT / "pelicanconf.py"), overrides)
    first = time.perf_counter() - start
    with one_post_edited(site) as edited:
        start = time.perf_counter()
        build(str(ROOT / "pelicanconf.py"), overrides)
        second = time.perf_counter() - start
    return {"first_seconds": first, "rebuild_seconds": second, "edited": edited.name}


def main(argv=None):
    mode, site, result_file = (argv or sys.argv[1:])[:3]
    site = Path(site)
    start = time.perf_counter()
    if mode == "stock":
        build_stock(site)
        result = {}
    elif mode == "ours":
        result = build_ours(site)
    elif mode == "ours-1":
        result = build_ours(site, "ours-1", BUILD_PARALLEL=False)
    elif mode == "again":
        result = build_again(site)
    elif mode == "rebuild":
        result = rebuild(site)
    else:
        raise SystemExit(f"unknown mode {mode!r}: stock, ours, ours-1, again or rebuild")
    result["seconds"] = time.perf_counter() - start
    Path(result_file).write_text(json.dumps(result), encoding="utf-8")


if __name__ == "__main__":
    main()
