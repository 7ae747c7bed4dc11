"""Reading the small files this plugin owns."""

from build_guard.metadata import HEADER_LINE


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
