"""Cards made by the build, kept in the cache: one is drawn again only when what it shows changes.

A card's inputs (its text, the colours, the font files, the drawing's DESIGN number and
size) are hashed; the card is kept as cache/social_cards/<hash>.png and copied into the new
site as <the page's folder>/card-<hash>.png, so its address changes with its picture (social
networks keep a picture by its address) and nothing of this computer's paths is published.
Cards not used by any build for CACHE_DAYS are deleted from the cache.
"""

import hashlib
import json
import os
import tempfile
import time

from build.output_folder import link_or_copy

from .draw import DESIGN, HEIGHT, WIDTH, CardText, draw

CACHE_FOLDER = "social_cards"
CACHE_DAYS = 30


def inputs_hash(text, colors, chains):
    """The hash of everything a card's picture depends on."""
    inputs = {
        "design": DESIGN, "size": [WIDTH, HEIGHT],
        "text": [text.title, text.site, text.author],
        "colors": dict(sorted(colors.items())),
        "fonts": {part: chain.digests() for part, chain in sorted(chains.items())},
    }
    return hashlib.sha256(json.dumps(inputs, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


class CardMaker:
    """Makes (or takes from the cache) the cards of one build and copies them into its site."""

    def __init__(self, cache_path, output_path, colors, chains):
        self.cache = os.path.join(cache_path, CACHE_FOLDER)
        self.output = output_path
        self.colors = colors
        self.chains = chains
        self.made = 0  # drawn by this build (the rest came from the cache)

    def card(self, title, site, author, folder):
        """Save the card into the site under `folder` (relative to the site); its relative path."""
        text = CardText(str(title), str(site), str(author))
        digest = inputs_hash(text, self.colors, self.chains)
        cached = os.path.join(self.cache, f"{digest}.png")
        if os.path.isfile(cached):
            os.utime(cached)  # used: kept by prune()
        else:
            self._keep(cached, draw(text, self.colors, self.chains))
            self.made += 1
        relpath = f"{folder.strip('/')}/card-{digest[:16]}.png".lstrip("/")
        target = os.path.join(self.output, relpath)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        link_or_copy(cached, target)  # a cached card is only ever replaced whole
        return relpath

    def _keep(self, path, data):
        """Write the cache file whole or not at all (a build stopped half-way leaves no half card)."""
        os.makedirs(self.cache, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.cache, suffix=".part")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise

    def prune(self):
        """Delete the cached cards no build has used for CACHE_DAYS, and what a stopped build left."""
        if not os.path.isdir(self.cache):
            return
        now = time.time()
        for entry in os.scandir(self.cache):
            try:
                age = now - entry.stat().st_mtime
                if age > CACHE_DAYS * 86400 or (entry.name.endswith(".part") and age > 3600):
                    os.unlink(entry.path)
            except OSError:
                pass  # another build's, or already gone
