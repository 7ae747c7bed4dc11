"""`invoke serve` rebuilds: copy the email files of posts whose email cannot have changed.

Exporting every post's email is most of a rebuild's time, and after one edit all but one
are the same. When Pelican's content cache is on (CACHE_CONTENT, which `invoke serve`
sets) a post's three files are copied from the last good output if everything they are
made from is unchanged: the post's content with its links resolved, its title and
metadata, its URL, the attached CTA and disclaimer, and the build's inputs (settings,
plugin code, CTA and disclaimer files, templates). Each post's key is kept beside its
files (email/.reuse-keys.json), so a failed build can never pair old files with new keys.
Builds without the content cache (`invoke build`, `invoke publish`) render every email.
"""

import hashlib
import json
import os
from pathlib import Path

from build_guard.content_cache import fingerprint

KEYS_FILE = "email/.reuse-keys.json"
FILES = ("email.html", "email.txt", "message.eml")
BLOCK_PARTS = ("html", "feed_html", "email_html", "text")


def _inputs_fingerprint(settings, config):
    digest = hashlib.sha256(fingerprint(settings).encode())
    digest.update(repr(config).encode())
    templates = Path(settings["THEME"]) / "templates"
    for path in sorted(templates.rglob("*")):
        if path.is_file():
            stat = path.stat()
            digest.update(f"{path}:{stat.st_mtime_ns}:{stat.st_size}\n".encode())
    return digest.hexdigest()


class EmailReuse:
    """Decides, post by post, whether the last good output's email files can be copied."""

    def __init__(self, settings, config):
        previous = settings.get("FINAL_OUTPUT_PATH")
        self.enabled = bool(settings.get("CACHE_CONTENT") and previous)
        self.previous = previous
        self.keys = {}
        self.old_keys = {}
        if not self.enabled:
            return
        self.inputs = _inputs_fingerprint(settings, config)
        try:
            with open(os.path.join(previous, KEYS_FILE), encoding="utf-8") as handle:
                self.old_keys = json.load(handle)
        except (OSError, ValueError):
            self.old_keys = {}

    def key(self, article, url):
        digest = hashlib.sha256(self.inputs.encode())
        metadata = sorted((str(name), str(value)) for name, value in article.metadata.items())
        for part in (article.content, article.title, url, repr(metadata)):
            digest.update(b"\0" + str(part).encode("utf-8", "surrogatepass"))
        for name in ("end_cta", "disclaimer"):
            block = getattr(article, name, None)
            for part in BLOCK_PARTS:
                digest.update(b"\0" + str(getattr(block, part, None)).encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def remember_key(self, article, url):
        """The post's key, worked out just before its page is written: the key hashes the
        post's finished HTML, which the page then uses from Pelican's memo (build_guard.memory
        lets it go after the page; working it out again costs ~0.5 ms a post). Asking for it
        any earlier would also resolve the posts' links in another order than a build without
        reuse (Pelican's {attach} places a file where the first post to link it says)."""
        if self.enabled:
            self.keys[article.slug] = self.key(article, url)

    def copied_html(self, article, url, folder, output):
        """Copy the post's files from the last good output and return its email HTML, or None."""
        if not self.enabled:
            return None
        key = self.keys.get(article.slug) or self.key(article, url)
        self.keys[article.slug] = key
        if self.old_keys.get(article.slug) != key:
            return None
        try:
            data = {}
            for name in FILES:
                with open(os.path.join(self.previous, folder, name), "rb") as handle:
                    data[name] = handle.read()
        except OSError:
            return None
        os.makedirs(os.path.join(output, folder), exist_ok=True)
        for name, content in data.items():
            with open(os.path.join(output, folder, name), "wb") as handle:
                handle.write(content)
        return data["email.html"].decode("utf-8")

    def save(self, output):
        if self.enabled:
            path = os.path.join(output, KEYS_FILE)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as handle:
                json.dump(self.keys, handle, sort_keys=True)
