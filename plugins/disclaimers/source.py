"""Reading the small files this plugin owns, and finding a metadata line in a post."""

import re

HEADER_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z][A-Za-z0-9_-]*):[ \t]*(?P<value>.*?)\s*$")


def split_header(text, known_keys):
    """({key: value}, body) where the header counts only if every line before the first
    blank line is `Key: value` with a known key, so a body that opens with
    "Important: ..." stays text."""
    lines = text.split("\n")
    metadata = {}
    for number, line in enumerate(lines):
        if not line.strip():
            return metadata, "\n".join(lines[number + 1 :])
        match = HEADER_LINE.match(line)
        if not match or match.group("key").lower() not in known_keys:
            return {}, text
        metadata[match.group("key").lower()] = match.group("value")
    return metadata, ""


def metadata_line(source_path, key):
    """1-based line of `Key:` in the metadata block of a post or page, or None."""
    try:
        with open(source_path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    return None
                match = HEADER_LINE.match(line)
                if match and match.group("key").lower() == key.lower():
                    return number
    except OSError:
        return None
    return None
