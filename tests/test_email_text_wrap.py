"""The plain-text part wraps paragraphs exactly as textwrap would (break_long_words and
break_on_hyphens off); plaintext.wrap has a fast path for ordinary text, checked here
against textwrap on any text, indent and width."""

import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from blocks import text as plaintext

WORDS = st.sampled_from(["a", "no", "word", "résumé", "—", "well-known", "https://example.com/" + "x" * 70])
SPACES = st.sampled_from([" ", "  ", "\n", "\t", "\u00a0", "\x0b", "\x0c", "\u2003", "\u2028", " \x0c "])
# Ordinary prose (the fast path) and text with every kind of space (textwrap's path).
PROSE = st.lists(st.one_of(WORDS, st.text("abc", min_size=1, max_size=9)), max_size=60).map(" ".join)
MIXED = st.lists(st.one_of(WORDS, SPACES, st.text(max_size=5)), max_size=60).map("".join)
TEXT = st.one_of(PROSE, MIXED)


def reference(text, indent, width):
    text = plaintext.clean(text).strip()
    if not text:
        return []
    try:
        return textwrap.wrap(text, width=width, initial_indent=indent, subsequent_indent=indent,
                             break_long_words=False, break_on_hyphens=False)
    except ValueError as error:
        return type(error)


def ours(text, indent, width):
    try:
        return plaintext.wrap(text, indent, width)
    except ValueError as error:
        return type(error)


@settings(max_examples=400, deadline=None)
@given(TEXT, st.sampled_from(["", "  | ", "> > ", " " * 71, " " * 72, " " * 80]), st.sampled_from([1, 10, 72]))
def test_wrap_matches_textwrap(text, indent, width):
    assert ours(text, indent, width) == reference(text, indent, width)


def test_a_line_may_fill_the_width_exactly():
    text = "x" * 36 + " " + "y" * 35
    assert plaintext.wrap(text) == [text]
    assert plaintext.wrap(text + " z") == [text, "z"]


def test_a_long_url_stays_whole_on_its_own_line():
    url = "https://example.com/" + "x" * 80
    assert plaintext.wrap(f"See {url} today", "  ") == ["  See", f"  {url}", "  today"]


def test_a_titles_underline_is_as_wide_as_the_title_on_screen():
    """Emoji and CJK characters take two columns in a fixed-width font; a combining accent
    none; the underline matches what the reader sees, not the count of code points."""
    cases = {
        "A plain title": 13,
        "Day one 🚀": 10,
        "面接で学んだこと": 16,
        "Re\u0301sume\u0301 tips": 11,  # e and a combining acute accent, twice
    }
    for title, width in cases.items():
        heading, underline = plaintext.underlined(title).split("\n")
        assert heading == title and underline == "=" * width, title
    assert plaintext.underlined("Sub 🚀", "-", "  ").split("\n")[1] == "  " + "-" * 6
