"""Carry unchanged posts' email files over from the last good build.

Exporting every post's email is most of what our plugins add to a build, yet between two
builds of a growing archive nearly every post's email is the same. So every build
(`invoke build`, `publish`, `serve`; off with EMAIL_REUSE = False) keeps, beside the
files, a key for each post's email: a hash of everything it is made from that can differ
from post to post (the post's finished HTML with its links resolved, its title, metadata
and URL, the attached CTA and disclaimer), plus the state of every place the export
looked for the post's images, found or not (their sizes go into the email). Everything
shared by all posts (settings, plugin code as loaded, CTA and disclaimer files, templates,
library versions) is one fingerprint, taken when the build starts: when it differs from
the last build's, nothing is carried over. Keys are by slug, which the export makes sure
no two posts share (their email folders would be one).

A carried-over post's three files are hard links to the last good output's (a copy where
the file system has none), and only while they are as that build wrote them (their stamps
are kept with the key: an email edited by hand in output/ is made again). The old output
is never written to, so a failed build still leaves it as it was. The keys live in the
output (email/.reuse-keys.json), swapped into place with the files they describe, so old
keys can never be paired with new files.
"""

import errno
import functools
import hashlib
import json
import os
import shutil
import sys
from importlib import metadata
from pathlib import Path

from build_guard.content_cache import file_stamp, fingerprint, stamp_line

from .settings import setting

KEYS_FILE = "email/.reuse-keys.json"
FILES = ("email.html", "email.txt", "message.eml")
BLOCK_PARTS = ("html", "feed_html", "email_html", "text")


_started = (None, None)  # (settings, inputs fingerprint) of the build this process runs


def note_inputs(settings, config):
    """`initialized`: fingerprint the shared inputs before any of them is read (the CTA and
    disclaimer files, templates): a file saved while the build runs is then seen as changed
    by the next build, never recorded as what this build used."""
    global _started
    _started = (settings, _inputs_fingerprint(settings, config) if setting(settings, "EMAIL_REUSE") else None)


def _inputs_fingerprint(settings, config):
    """What every post's email depends on alike; any change means no email is carried over."""
    digest = hashlib.sha256(fingerprint(settings).encode())
    digest.update(repr(config).encode())
    digest.update(_library_versions().encode())
    templates = Path(settings["THEME"]) / "templates"
    for path in sorted(templates.rglob("*")):
        if path.is_file():
            digest.update(stamp_line(path).encode())
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def _library_versions():
    """Python and the libraries that shape an email's bytes (read once a process)."""
    names = ("css_inline", "jinja2", "lxml", "markupsafe", "pillow", "wcwidth")
    return repr((sys.version, *(metadata.version(name) for name in names)))


class EmailReuse:
    """Decides, post by post, whether the last good output's email files can be carried
    over, and records this build's keys for the next one."""

    def __init__(self, settings, config):
        self.enabled = bool(setting(settings, "EMAIL_REUSE"))
        self.previous = settings.get("FINAL_OUTPUT_PATH")
        self.keys = {}  # slug -> key, this build
        self.stamps = {}  # slug -> {"images": {path: stamp}, "files": {name: stamp}}, this build
        self.old = {}  # slug -> {"key": ..., "images": ..., "files": ...}, the last good build (same inputs only)
        if not self.enabled:
            return
        noted_for, noted = _started
        self.inputs = noted if noted_for is settings and noted else _inputs_fingerprint(settings, config)
        if not self.previous:
            return
        try:
            with open(os.path.join(self.previous, KEYS_FILE), encoding="utf-8") as handle:
                kept = json.load(handle)
        except (OSError, ValueError):
            return
        if isinstance(kept, dict) and kept.get("inputs") == self.inputs:
            self.old = kept.get("posts") or {}

    @property
    def likely(self):
        """Whether most posts can probably be carried over (the last build had the same inputs)."""
        return bool(self.old)

    @staticmethod
    def key(article, url):
        digest = hashlib.sha256()
        metadata = sorted((str(name), str(value)) for name, value in article.metadata.items())
        for part in (article.content, article.title, url, repr(metadata)):
            digest.update(b"\0" + str(part).encode("utf-8", "surrogatepass"))
        for name in ("end_cta", "disclaimer"):
            block = getattr(article, name, None)
            for part in BLOCK_PARTS:
                digest.update(b"\0" + str(getattr(block, part, None)).encode("utf-8", "surrogatepass"))
        for block in getattr(article, "inline_ctas", None) or ():  # their `Email:` text
            digest.update(b"\0" + str(block.email_text).encode("utf-8", "surrogatepass"))
        return digest.hexdigest()[:32]

    def remember_key(self, article, url):
        """The post's key, worked out just before its page is written: the key hashes the
        post's finished HTML, which the page then uses from Pelican's memo (build_guard.memory
        lets it go after the page; working it out again costs ~0.5 ms a post). Asking for it
        any earlier would also resolve the posts' links in another order than a build without
        reuse (Pelican's {attach} places a file where the first post to link it says)."""
        if self.enabled:
            self.keys[article.slug] = self.key(article, url)

    def carried_over(self, article, url, folder, output):
        """Link the post's files from the last good output if its email cannot have changed
        (and its files are as that build wrote them: not edited by hand since); return (size
        of email.html in bytes, the post's stamps), or None to export it."""
        entry = self.old.get(article.slug)
        if not entry:
            return None
        key = self.keys.get(article.slug) or self.key(article, url)
        self.keys[article.slug] = key
        images, files = entry.get("images") or {}, entry.get("files") or {}
        source, target = os.path.join(self.previous, folder), os.path.join(output, folder)
        if (
            entry.get("key") != key
            or any(file_stamp(path) != stamp for path, stamp in images.items())
            or any(files.get(name) is None or file_stamp(os.path.join(source, name)) != files[name] for name in FILES)
        ):
            return None
        os.makedirs(target, exist_ok=True)
        done = []
        try:
            for name in FILES:
                _link_or_copy(os.path.join(source, name), os.path.join(target, name))
                done.append(name)
            size = os.stat(os.path.join(target, "email.html")).st_size
        except OSError:  # a file of the last output is gone: export the post afresh
            for name in done:
                os.unlink(os.path.join(target, name))
            return None
        linked = {name: file_stamp(os.path.join(target, name)) for name in FILES}  # a copy has its own
        return size, {"images": images, "files": linked}

    def record(self, article, stamps):
        """The image files this build's email of the post was made with, and its files' stamps."""
        if self.enabled:
            self.stamps[article.slug] = stamps

    def save(self, output, articles, url_of):
        if not self.enabled:
            return
        posts = {}
        for article in articles:
            key = self.keys.get(article.slug)
            if key is None:  # its page was not written by this build (never, in practice)
                key = self.key(article, url_of(article))
            posts[article.slug] = {"key": key, **self.stamps.get(article.slug, {})}
        path = os.path.join(output, KEYS_FILE)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            json.dump({"inputs": self.inputs, "posts": posts}, handle, sort_keys=True)


# Why os.link can fail where a copy is right: another file system, none of hard links (FAT),
# or a file with too many links. Any other failure (the target exists, the source is gone)
# is not papered over by a copy, which would write through an existing link.
_NO_LINK = {errno.EXDEV, errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK}


def _link_or_copy(source, target):
    try:
        os.link(source, target)
    except OSError as error:
        if error.errno not in _NO_LINK:
            raise
        shutil.copyfile(source, target)
