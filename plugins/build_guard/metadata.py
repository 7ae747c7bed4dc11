"""The metadata block at the top of a Markdown file (`Key: value` lines up to the
first blank line): one pattern and one line finder for every plugin's error messages."""

import re

HEADER_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9][A-Za-z0-9_-]*):[ \t]*(?P<value>.*?)\s*$")


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
