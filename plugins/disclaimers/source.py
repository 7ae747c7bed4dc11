"""Reading the small files this plugin owns."""

import difflib

from build_guard.metadata import HEADER_LINE


def split_header(text, known_keys):
    """({key: value}, body, misspelt) where the header counts only if every line before the
    first blank line is `Key: value` with a known key, so a body that opens with
    "Important: ..." stays text. `misspelt` is (line, key, known key) when that opening
    block is all `Key: value` lines and one key is a near miss of a known one ("Titel"),
    so the coach hears of the typo instead of seeing it printed under every post."""
    lines = text.split("\n")
    metadata = {}
    for number, line in enumerate(lines):
        if not line.strip():
            return metadata, "\n".join(lines[number + 1 :]), None
        match = HEADER_LINE.match(line)
        if not match or match.group("key").lower() not in known_keys:
            return {}, text, _misspelt_key(lines, known_keys)
        metadata[match.group("key").lower()] = match.group("value")
    return metadata, "", None


def _misspelt_key(lines, known_keys):
    block = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            break
        match = HEADER_LINE.match(line)
        if not match:
            return None  # prose, not a header
        block.append((number, match.group("key")))
    for number, key in block:
        close = difflib.get_close_matches(key.lower(), known_keys, n=1, cutoff=0.75)
        if key.lower() not in known_keys and close:
            return number, key, close[0]
    return None
