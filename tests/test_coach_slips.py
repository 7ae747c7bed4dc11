"""Slips a new coach makes that cut across plugins: each stops the build with one true line
(file, line, fix) and leaves output/ as it was, and a mistake in one file causes no false
message about another."""

import pytest

from writing_checks.errors import AuthorError


def built_once(site):
    """A good site built once; its output/ snapshot, which a failed build must not change."""
    site.post("good", Title="Good post")
    site.build()
    return site.snapshot()


# --- file names --------------------------------------------------------------------------


@pytest.mark.parametrize("name, shown, what", [
    ("bad\nname.md", "bad\\nname.md", "a line break in it (\\n)"),
    ("tab\there.md", "tab\\there.md", "a control character in it (\\t)"),
])
def test_a_file_name_with_a_line_break_stops_the_build_on_one_line(site, name, shown, what):
    before = built_once(site)
    site.write(f"posts/{name}", "Title: X\nDate: 2026-13-45\n\nText.\n")
    lines = site.build_fails()
    assert len(lines) == 1 and "\n" not in lines[0] and "\t" not in lines[0], lines
    assert lines[0].endswith(
        f"posts/{shown}: the file name has {what}, which breaks its address and every message about it. "
        "Fix: rename the file without line breaks or control characters, for example "
        f"'{name.replace(chr(10), '-').replace(chr(9), '-')}'"
    ), lines
    assert site.snapshot() == before


def test_a_message_never_breaks_its_line_on_a_name_or_a_value():
    error = AuthorError("the value 'a\r\nb' is bad", "retype it", path="content/posts/x\u2028y.md", line=3)
    assert str(error) == "content/posts/x\\u2028y.md:3: the value 'a\\r\\nb' is bad. Fix: retype it"


# --- the coach's words, quoted as written ----------------------------------------------


@pytest.mark.parametrize("line, shown", [
    ("Note to self: don't say \"never\"", "the line 'Note to self: don't say \"never\"' is read as metadata"),
    ("Status: don't publish", "unknown status 'don't publish'"),
    ("Date: Jan's birthday", "'Jan's birthday' is not a valid date"),
    ("Redirect-From: /2026/don't/?x=1", "Redirect-From: '/2026/don't/?x=1' has a ? or # part"),
])
def test_a_metadata_message_shows_the_words_as_written_in_plain_quotes(site, line, shown):
    """No backslashes and no switch to double quotes when the words hold an apostrophe."""
    date = "" if line.startswith("Date:") else "Date: 2026-01-01\n"
    path = site.write("posts/a.md", f"Title: A\n{date}{line}\n\nText.\n")
    [message] = site.build_fails()
    assert message.startswith(f"{path}:{3 if date else 2}: {shown}"), message
    assert "\\" not in message, message
