"""Keep Pelican's content cache honest: drop it whenever anything but a post or page changed.

Pelican's reader cache (CACHE_CONTENT / LOAD_CONTENT_CACHE, used by `invoke serve`) keeps
each file's converted HTML and metadata, and trusts it while the file's modification time
is unchanged. But the HTML also depends on the settings, on our plugins' code and on the
files they read at start-up (content/ctas/, content/disclaimers/): edit a CTA and every
cached post that shows it would keep the old text. So each build fingerprints those
inputs; when the fingerprint differs from the one stored beside the cache, the cache
files are deleted before Pelican loads them, and the new fingerprint is written.
"""

import functools
import hashlib
import os
from pathlib import Path

import markdown
import pelican

FINGERPRINT_FILE = "build_guard-inputs"
# Settings that change on every build (the runner's staging folder) or cannot change what
# is written (caches, how the work is shared between processes).
IGNORED_SETTINGS = {"OUTPUT_PATH", "FINAL_OUTPUT_PATH", "LOAD_CONTENT_CACHE", "CACHE_CONTENT",
                    "BUILD_PARALLEL", "BUILD_PARALLEL_MIN_ITEMS", "EMAIL_REUSE"}


def canonical(value):
    """A stable text form of a setting value (objects by their type, not their address)."""
    if isinstance(value, dict):
        items = sorted((str(key), canonical(item)) for key, item in value.items())
        return "{" + ",".join(f"{key}:{item}" for key, item in items) + "}"
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [canonical(item) for item in value]
        return "[" + ",".join(sorted(items) if isinstance(value, (set, frozenset)) else items) + "]"
    if value is None or isinstance(value, (str, int, float, bool)):
        return repr(value)
    kind = value if isinstance(value, type) else type(value)
    return f"<{kind.__module__}.{kind.__qualname__}>"


def under(relpath, folders):
    """Whether `relpath` (with "/") is in one of `folders` (relative to content/; "" is all)."""
    return any(folder in ("", ".") or relpath == folder or relpath.startswith(folder + "/")
               for folder in folders)


def file_stamp(path):
    """A file's modification time and size ("mtime_ns:size"), or None when it is gone: what
    every fingerprint here, and the email reuse, compare to tell a file changed."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return f"{stat.st_mtime_ns}:{stat.st_size}"


def stamp_line(path):
    return f"{path}:{file_stamp(path)}\n"


def plugin_folders(settings):
    """PLUGIN_PATHS as absolute folders (relative ones are beside the content folder)."""
    for folder in settings.get("PLUGIN_PATHS", []):
        root = Path(folder)
        if not root.is_absolute():
            root = Path(settings.get("PATH", ".")).parent / folder
        yield root.resolve()


@functools.lru_cache(maxsize=8)
def plugin_stamps(folders):
    """The plugin sources as this process loaded them: stamped once a process, because a
    process (`invoke serve`) keeps running the code it imported even after it is edited;
    stamping the files anew would record the edited code as the code that built the site."""
    lines = []
    for root in folders:
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                lines.append(stamp_line(path))
    return "".join(lines)


def input_files(settings):
    """Files under PATH that are neither posts, pages nor static files (CTAs, disclaimers)."""
    content = Path(settings["PATH"])
    skip = [p.strip("/") for key in ("ARTICLE_PATHS", "PAGE_PATHS", "STATIC_PATHS")
            for p in settings.get(key, [])]
    for directory, subdirs, names in os.walk(content):
        relative = os.path.relpath(directory, content).replace(os.sep, "/")
        relative = "" if relative == "." else relative
        subdirs[:] = sorted(d for d in subdirs
                            if not under(f"{relative}/{d}".lstrip("/"), skip))
        if relative and under(relative, skip):
            continue
        for name in sorted(names):
            yield Path(directory) / name


def fingerprint(settings):
    digest = hashlib.sha256()
    digest.update(f"pelican {pelican.__version__} markdown {markdown.__version__}\n".encode())
    for key in sorted(settings):
        if key not in IGNORED_SETTINGS:
            digest.update(f"{key}={canonical(settings[key])}\n".encode())
    digest.update(plugin_stamps(tuple(plugin_folders(settings))).encode())
    for path in input_files(settings):
        digest.update(stamp_line(path).encode())
    return digest.hexdigest()


def drop_stale_cache(pelican_object):
    """`initialized`: delete Pelican's content cache if its inputs changed since it was written."""
    settings = pelican_object.settings
    if not (settings.get("CACHE_CONTENT") or settings.get("LOAD_CONTENT_CACHE")):
        return
    cache = Path(settings["CACHE_PATH"])
    stamp = cache / FINGERPRINT_FILE
    current = fingerprint(settings)
    try:
        if stamp.read_text(encoding="utf-8") == current:
            return
    except OSError:
        pass
    if cache.is_dir():
        for path in cache.iterdir():
            if path.is_file() and path.name.split("-")[0].endswith("Generator"):
                path.unlink()
    cache.mkdir(parents=True, exist_ok=True)
    stamp.write_text(current, encoding="utf-8")
