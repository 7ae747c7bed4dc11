"""Reading CTA files (metadata header + Markdown pitch) and finding a post's metadata line."""

import re

HEADER_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z][A-Za-z0-9_-]*):[ \t]*(?P<value>.*?)\s*$")


def split_header(text):
    """([(key, value, line)], body, problem_line): the header is every line before the
    first blank line; problem_line is the first header line that is not `Key: value`."""
    lines = text.split("\n")
    entries = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            return entries, "\n".join(lines[number:]), None
        match = HEADER_LINE.match(line)
        if not match:
            return entries, "", number
        entries.append((match.group("key").lower(), match.group("value"), number))
    return entries, "", None


def metadata_line(source_path, key):
    """1-based line of `Key:` in the metadata block of a post, or None."""
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
