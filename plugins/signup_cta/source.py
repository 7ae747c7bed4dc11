"""Reading CTA files (metadata header + Markdown pitch)."""

from build_guard.metadata import HEADER_LINE


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
