"""Which shipped font draws each character of a card's text, and how wide the text is.

A part of the card (the title, the site's name, the author) has a chain of fonts: each
character is drawn by the first font of the chain that has it (fontTools reads which
characters a font has), so a Polish, Greek or Japanese title is drawn whole. A character
no font of the chain has (most emoji) is left out, rather than drawn as an empty box.
"""

import functools
import hashlib
import os
import unicodedata

from fontTools.ttLib import TTFont
from PIL import ImageFont


@functools.lru_cache(maxsize=16)
def _characters(path, stamp):
    return frozenset(TTFont(path, lazy=True).getBestCmap())


def characters(path):
    """The code points the font at `path` has a glyph for (read once per file version)."""
    stat = os.stat(path)
    return _characters(path, (stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=16)
def _digest(path, stamp):
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def digest(path):
    """The font file's sha256: a card is made again when a font changes."""
    stat = os.stat(path)
    return _digest(path, (stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=64)
def font(path, size):
    return ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.RAQM
                              if _raqm() else ImageFont.Layout.BASIC)


@functools.lru_cache(maxsize=1)
def _raqm():
    from PIL import features

    return features.check("raqm")


def _follows(char):
    """Characters drawn with whatever font draws the one before them: spaces, and the marks
    and joiners that belong to the character before (combining accents, variation selectors)."""
    return char.isspace() or unicodedata.category(char) in ("Mn", "Me", "Cf")


class Chain:
    """The fonts of one part of the card, first choice first."""

    def __init__(self, paths):
        self.paths = list(paths)
        self._font_for = {}

    def font_for(self, char):
        """The index of the first font that has `char`, or None."""
        if char not in self._font_for:
            code = ord(char)
            self._font_for[char] = next(
                (index for index, path in enumerate(self.paths) if code in characters(path)), None)
        return self._font_for[char]

    def drawable(self, text):
        """`text` without the characters no font of the chain has (and the spaces that
        doubles), in Unicode's composed form (é as one character, as fonts have it)."""
        text = unicodedata.normalize("NFC", text)
        kept = "".join(c for c in text if c.isspace() or self.font_for(c) is not None
                       or (_follows(c) and unicodedata.category(c) != "Cf"))
        return " ".join(kept.split())

    def runs(self, text):
        """[(font index, text)]: `text` cut where the font that draws it changes."""
        runs = []
        for char in text:
            index = None if _follows(char) else self.font_for(char)
            if index is None:
                index = runs[-1][0] if runs else (self.font_for(char) or 0)
            if runs and runs[-1][0] == index:
                runs[-1][1].append(char)
            else:
                runs.append((index, [char]))
        return [(index, "".join(chars)) for index, chars in runs]

    def font(self, index, size):
        return font(self.paths[index], size)

    def width(self, text, size):
        """How wide `text` is drawn at `size` pixels."""
        return sum(self.font(index, size).getlength(run) for index, run in self.runs(text))

    def digests(self):
        return [digest(path) for path in self.paths]
