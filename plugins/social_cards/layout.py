"""A title fitted into the card's title box: wrapped, made smaller, and cut with an ellipsis last.

Lines break at spaces, and between the characters of Chinese, Japanese and Korean text
(written without spaces); a word too long for a line at the smallest size is cut between
characters. The largest size at which the whole title fits is used; a title too long even at
the smallest size keeps its first lines and ends with "…".
"""

import re
import unicodedata
from dataclasses import dataclass

ELLIPSIS = "\u2026"
# A run of characters between which a line may not break: a word of a script written with
# spaces, or one wide (CJK) character, with the punctuation that must stay with it.
_WIDE_RANGES = ("\u1100-\u11ff\u2e80-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff00-\uffef"
                "\U00020000-\U0003ffff")
_CLOSING = "、。，．！？：；）」』】〉》”’)\\]}.,!?;:"
_TOKEN = re.compile(f"[{_WIDE_RANGES}][{_CLOSING}]*|[^\\s{_WIDE_RANGES}]+")


@dataclass(frozen=True)
class Fitted:
    size: int
    lines: tuple
    line_height: int


def tokens(text):
    """[(token, space before it)] for the units a line may break between."""
    found = []
    for match in _TOKEN.finditer(text):
        found.append((match.group(), match.start() > 0 and text[match.start() - 1].isspace()))
    return found


def _split_word(word, fits):
    """A word too wide for any line, in pieces that fit (cut between characters, never
    before an accent that belongs to the character before it)."""
    pieces, piece = [], ""
    for char in word:
        if piece and not unicodedata.combining(char) and not fits(piece + char):
            pieces.append(piece)
            piece = ""
        piece += char
    return pieces + ([piece] if piece else [])


def wrap(text, width, measure, cut_words=True):
    """`text` in lines no wider than `width` (measure(text) gives a text's width); None if a
    word is wider than a line and `cut_words` is False."""
    fits = lambda candidate: measure(candidate) <= width  # noqa: E731
    lines, line = [], ""
    for token, spaced in tokens(text):
        candidate = f"{line} {token}" if line and spaced else line + token
        if fits(candidate):
            line = candidate
            continue
        if line:
            lines.append(line)
        if fits(token):
            line = token
        elif not cut_words:
            return None
        else:
            *whole, line = _split_word(token, fits)
            lines += whole
    if line:
        lines.append(line)
    return lines


def ellipsized(line, width, measure):
    """`line` ending in "…", cut back until it fits in `width`."""
    line = line.rstrip()
    while line and measure(line + ELLIPSIS) > width:
        line = line[:-1].rstrip()
    return line.rstrip(" ,;:.-\u2013\u2014") + ELLIPSIS


def fit(text, width, height, measure, largest, smallest, leading=1.2):
    """The title as lines at the largest size (from `largest` down to `smallest`) at which
    all of it fits in width x height; `measure(text, size)` gives a text's width."""
    def fitted(size, cut_words):
        line_height = round(size * leading)
        lines = wrap(text, width, lambda t: measure(t, size), cut_words)
        if lines is not None and len(lines) * line_height <= height:
            return Fitted(size, tuple(lines), line_height)
        return None

    sizes = list(range(smallest, largest + 1, 2))
    for cut_words in (False, True):  # a word is cut only if it fits on no line at any size
        # The largest size that fits, by halving (a smaller size fits whatever a larger one does).
        best, low, high = None, 0, len(sizes) - 1
        while low <= high:
            middle = (low + high) // 2
            found = fitted(sizes[middle], cut_words)
            if found:
                best, low = found, middle + 1
            else:
                high = middle - 1
        if best:
            return best
    size = smallest
    line_height = round(size * leading)
    lines = wrap(text, width, lambda t: measure(t, size))
    room = max(1, height // line_height)
    kept = lines[:room]
    kept[-1] = ellipsized(kept[-1], width, lambda t: measure(t, size))
    return Fitted(size, tuple(kept), line_height)
