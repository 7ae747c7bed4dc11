"""Callouts: both syntaxes, types, folding, quotes, errors, and the feed and email forms."""

import pytest
from bs4 import BeautifulSoup

from callouts.types import DEFAULTS
from conftest import render_markdown
from writing_checks.errors import AuthorError

BUILT_IN = ["note", "tip", "important", "warning", "caution", "lesson", "remember", "quote"]


def render(text, types=None):
    """Markdown -> soup, as the site converts a post's text (CALLOUT_TYPES = `types`)."""
    return BeautifulSoup(render_markdown(text, CALLOUT_TYPES=types or {}), "lxml")


def only_callout(soup):
    callouts = soup.select(".callout")
    assert len(callouts) == 1, soup
    return callouts[0]


def title_text(callout):
    """The title as read aloud: without the decorative icon."""
    title = callout.select_one(".callout-title")
    words = [text for text in title.find_all(string=True) if not text.find_parent(attrs={"aria-hidden": "true"})]
    return " ".join("".join(words).split())


# --- the !!! syntax -------------------------------------------------------------------


def test_indented_callout_with_title_and_full_markdown_body():
    soup = render(
        """
Before.

!!! lesson "Data-driven responses"
    Show, *don't* tell. See [the guide](https://example.org/guide).

        indented code stays code

    - Lead with one metric.
        - Then the story behind it.
    - Stop.

After.
"""
    )
    aside = only_callout(soup)
    assert aside.name == "aside"
    assert aside["class"] == ["callout", "callout-lesson"]
    assert aside["role"] == "note"
    assert aside.select_one("p.callout-title .callout-label").get_text() == "Lesson:"
    assert aside.select_one("p.callout-title strong").get_text() == "Data-driven responses"
    assert aside.select_one("em").get_text() == "don\u2019t"  # an apostrophe (smarty)
    assert aside.select_one("a")["href"] == "https://example.org/guide"
    assert aside.select_one("ul > li > ul > li").get_text() == "Then the story behind it."
    assert aside.select_one("pre code").get_text() == "indented code stays code\n"
    # The paragraphs around it stay outside.
    assert [p.get_text() for p in soup.select("body > p")] == ["Before.", "After."]


def test_fenced_code_with_blank_lines_inside_an_indented_callout():
    soup = render(
        """
!!! tip "Copy this"
    Use it as is:

    ```
    Dear Ana,

    thank you.
    ```
"""
    )
    code = only_callout(soup).select_one("pre")
    assert code is not None
    assert "Dear Ana,\n\nthank you." in code.get_text()


def test_indented_callout_inside_a_tight_list_keeps_paragraphs():
    soup = render(
        """
- First step

    !!! remember
        Breathe.
- Second step
"""
    )
    aside = only_callout(soup)
    assert aside.find_parent("li") is not None
    assert aside.select_one("p:not(.callout-title)").get_text() == "Breathe."


def test_default_titles_are_the_label_and_an_empty_title_means_none():
    soup = render("!!! remember\n    Once.\n\n!!! warning \"\"\n    Twice.\n")
    first, second = soup.select(".callout")
    assert title_text(first) == "Remember"
    assert first.select_one(".callout-title strong") is None
    assert title_text(second) == "Warning"


@pytest.mark.parametrize("name", BUILT_IN[:-1])
def test_every_built_in_box_type_reads_without_colour(name):
    aside = only_callout(render(f"!!! {name}\n    Body.\n"))
    assert aside["class"] == ["callout", f"callout-{name}"]
    assert title_text(aside).endswith(DEFAULTS["CALLOUT_TYPES"][name]["label"])
    icon = aside.select_one(".callout-icon")
    assert icon is None or icon["aria-hidden"] == "true"


def test_title_with_quotes_ampersands_and_angle_brackets_shows_as_written():
    tricky = 'Say "no" & mean <it>'
    indented = only_callout(render(f'!!! tip "{tricky}"\n    Body.\n'))
    quoted = only_callout(render(f"> [!TIP] {tricky}\n> Body.\n"))
    for callout in (indented, quoted):
        assert callout.select_one(".callout-title strong").get_text() == tricky.replace('"no"', "\u201cno\u201d")
        assert callout.select_one(".callout-title it") is None


def test_backslash_escaped_quotes_in_a_title_show_as_plain_quotes():
    callout = only_callout(render('!!! quote "Ana & \\"Bo\\""\n    Body.\n'))
    assert callout.select_one("figcaption").get_text() == 'Ana & "Bo"'


def test_nested_callouts():
    soup = render('!!! note "Outer"\n    Outside.\n\n    !!! tip\n        Inside.\n')
    outer = soup.select_one(".callout-note")
    inner = outer.select_one(".callout-tip")
    assert inner is not None and inner.select_one("p:not(.callout-title)").get_text() == "Inside."


# --- the > [!TYPE] syntax ----------------------------------------------------------------


def test_quoted_callout_with_lists_code_and_emphasis():
    soup = render(
        """
> [!TIP] Follow-up is key
> A **gentle** email a week later.
>
> 1. Thank them.
>     - Briefly.
> 2. Ask one question.
>
>         keep the subject line
"""
    )
    aside = only_callout(soup)
    assert aside["class"] == ["callout", "callout-tip"]
    assert title_text(aside) == "Tip: Follow-up is key"
    assert aside.select_one("strong:not(.callout-title strong)").get_text() == "gentle"
    assert aside.select_one("ol > li > ul > li").get_text() == "Briefly."
    assert aside.select_one("pre code").get_text() == "keep the subject line\n"
    assert soup.select("blockquote") == []


def test_types_are_case_insensitive():
    for header in ("> [!TIP]", "> [!tip]", "> [!Tip]"):
        aside = only_callout(render(f"{header}\n> Body.\n"))
        assert aside["class"] == ["callout", "callout-tip"]
    assert only_callout(render("!!! LESSON\n    Body.\n"))["class"] == ["callout", "callout-lesson"]


def test_folded_closed_and_open():
    soup = render("> [!WARNING]- Prepare\n> Have a plan B.\n\n> [!CAUTION]+\n> Shown.\n")
    closed, opened = soup.select(".callout")
    for aside in (closed, opened):
        summary = aside.select_one("details > summary.callout-title")
        assert summary is not None
        assert aside.select_one("details > p").get_text() in ("Have a plan B.", "Shown.")
    assert not closed.details.has_attr("open")
    assert opened.details.has_attr("open")
    assert title_text(closed) == "Warning: Prepare"
    assert title_text(opened) == "Caution"


def test_a_plain_blockquote_stays_a_blockquote():
    soup = render("> Just a quote.\n\n> [!NOTE]\n> A note.\n")
    assert soup.select_one("body > blockquote").get_text(strip=True) == "Just a quote."
    assert only_callout(soup)["class"] == ["callout", "callout-note"]


# --- quotes and custom types ----------------------------------------------------------------


def test_quote_is_a_figure_with_attribution():
    soup = render('!!! quote "A chair, to a director"\n    The decision was about the next three years.\n')
    figure = only_callout(soup)
    assert figure.name == "figure" and figure["class"] == ["callout", "callout-quote"]
    assert figure.select_one("blockquote > p").get_text() == "The decision was about the next three years."
    assert figure.select_one("figcaption.callout-title").get_text() == "A chair, to a director"
    assert render("> [!QUOTE]\n> Unattributed.\n").select_one("figure figcaption") is None


def test_callout_types_setting_adds_and_overrides_types():
    types = {
        "exercise": {"label": "Exercise", "title": "Try this", "email_border": "#123456"},
        "tip": {"label": "Hint"},
    }
    soup = render("!!! exercise\n    Write it down.\n\n> [!TIP]\n> Short.\n", types=types)
    exercise, tip = soup.select(".callout")
    assert exercise["class"] == ["callout", "callout-exercise"]
    assert title_text(exercise) == "Exercise: Try this"
    assert title_text(tip) == "Hint"


# --- mistakes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, needle, words",
    [
        ('!!! lessn "X"\n    Body.\n', '!!! lessn "X"', ["'lessn'", "lesson, note", "did you mean 'lesson'"]),
        ("> [!NOTTE]\n> Body.\n", "> [!NOTTE]", ["'NOTTE'", "caution, important", "'note'"]),
        ("!!! note\n\nNot indented.\n", "!!! note", ["empty", "indented by four spaces"]),
        ("> [!NOTE]\n\n> Separate.\n", "> [!NOTE]", ["empty", "starting with '>'"]),
        ('!!! tip "Unclosed\n    Body.\n', '!!! tip "Unclosed', ["no closing quote"]),
        ("!!! tip Unquoted title\n    Body.\n", "!!! tip Unquoted title", ["double quotes"]),
        ('!!! tip "Title" extra\n    Body.\n', '!!! tip "Title" extra', ["after the closing quote"]),
        ("!!!\n    Body.\n", "!!!", ["no type"]),
        ("> [!TIP Follow up\n> Body.\n", "> [!TIP Follow up", ["closing ']'"]),
        ("> [!QUOTE]- Folded\n> Body.\n", "> [!QUOTE]- Folded", ["cannot be folded"]),
    ],
)
def test_mistakes_raise_author_errors_with_the_source_line(text, needle, words):
    with pytest.raises(AuthorError) as raised:
        render(text)
    error = raised.value
    assert error.needle == needle
    message = f"{error.problem}. Fix: {error.fix}"
    assert "\n" not in message
    for word in words:
        assert word in message


@pytest.mark.parametrize(
    "header, kind, fix",
    [
        ("!!! tip \u201cCurly title\u201d", "curly", '\'!!! tip "Curly title"\''),
        ('!!! tip "Curly title\u201d', "curly", '\'!!! tip "Curly title"\''),
        ("!!! Lesson \u201eTitel\u201c", "curly", '\'!!! Lesson "Titel"\''),
        ("!!! tip 'Single title'", "single", '\'!!! tip "Single title"\''),
        ("!!! quote \u00abUne chaise\u00bb", "angle", '\'!!! quote "Une chaise"\''),
    ],
)
def test_a_title_in_curly_or_single_quotes_gets_straight_quotes_in_the_fix(header, kind, fix):
    with pytest.raises(AuthorError) as raised:
        render(f"{header}\n    Body.\n")
    error = raised.value
    assert error.needle == header
    assert error.problem == f"the callout title in '{header}' is in {kind} quotes, not straight double quotes"
    assert error.fix == f"write the title between straight double quotes: {fix}"


def test_a_colon_after_the_brackets_is_read_as_the_label_s_own():
    """`> [!Lesson]: Title` showed "Lesson: : Title": the label already ends with ':'."""
    soup = render("> [!Lesson]: *Own* it\n> Body.\n\n> [!TIP]:\n> Short.\n\n> [!QUOTE]: Jane\n> Words.\n")
    lesson, tip, quote = soup.select(".callout")
    assert title_text(lesson) == "Lesson: Own it"
    assert lesson.select_one(".callout-title em").get_text() == "Own"
    assert title_text(tip) == "Tip"
    assert quote.select_one("figcaption").get_text() == "Jane"
    # A title that only starts with a colon keeps it.
    assert title_text(only_callout(render("> [!TIP] :) at last\n> Body.\n"))) == "Tip: :) at last"


@pytest.mark.parametrize("written, meant", [("HINT", "tip"), ("info", "note"), ("Danger", "caution"), ("lessn", "lesson")])
def test_an_unknown_type_suggests_the_type_that_means_the_same(written, meant):
    with pytest.raises(AuthorError) as raised:
        render(f"> [!{written}]\n> Body.\n")
    assert raised.value.fix.startswith(f"did you mean '{meant}'? Otherwise use one of the known types")


def test_a_bad_callout_types_setting_is_reported():
    with pytest.raises(AuthorError, match="#rrggbb"):
        render("!!! note\n    Body.\n", types={"note": {"email_border": "blue"}})
    with pytest.raises(AuthorError, match="unknown keys: colour"):
        render("!!! note\n    Body.\n", types={"note": {"colour": "#000000"}})


def test_the_syntax_is_added_once_however_often_a_process_builds():
    """`invoke serve` builds again and again in one process: the callout syntax, one."""
    twice = render("!!! tip\n    Once.\n") and render("!!! tip\n    Once.\n")
    assert len(twice.select(".callout")) == 1 and len(twice.select(".callout .callout-title")) == 1


# --- the built site --------------------------------------------------------------------------


def test_site_page_has_the_callouts(site):
    site.post(
        "stories",
        """
        Opening.

        !!! lesson "Own one decision"
            Pick a failure where *you* made the call.

        > [!WARNING]- If it stings
        > Leave it for a day.

        !!! quote "A chair"
            The next three years.
        """,
    )
    site.build()
    body = site.soup("2026/stories/index.html").select_one(".post-body")
    lesson = body.select_one("aside.callout.callout-lesson[role=note]")
    assert title_text(lesson) == "Lesson: Own one decision"
    assert body.select_one("aside.callout-warning details:not([open]) summary.callout-title")
    assert body.select_one("figure.callout-quote figcaption").get_text() == "A chair"
    # No headings from callouts: the outline stays the post's own.
    assert body.select("h1, h2, h3, h4, h5, h6") == []


@pytest.mark.parametrize(
    "body, needle, words",
    [
        ('Intro.\n\n!!! lessn "Ask"\n    Body.\n', '!!! lessn "Ask"', ["'lessn'", "known types: caution", "'lesson'"]),
        ("Intro.\n\n> [!TIP]\n\nNo body.\n", "> [!TIP]", ["empty"]),
    ],
)
def test_bad_callouts_stop_the_build_with_file_and_line(site, body, needle, words):
    site.post("good", "Fine.")
    site.build()
    before = site.snapshot()
    path = site.post("bad", body)
    lines = site.build_fails()
    assert len(lines) == 1, lines
    line_number = path.read_text().splitlines().index(needle) + 1
    assert f"bad.md:{line_number}: " in lines[0]
    for word in words:
        assert word in lines[0]
    assert site.snapshot() == before


CALLOUT_SLIPS = {
    "two '!'": ('!! lesson "Ask within a week"\n    Body.',
                """the callout line '!! lesson "Ask within a week"' starts with two '!', not three. """
                """Fix: write it with three: '!!! lesson "Ask within a week"'"""),
    "four '!'": ("!!!! Lesson\n    Body.",
                 "the callout line '!!!! Lesson' starts with four '!', not three. Fix: write it with three: "
                 "'!!! Lesson'"),
    "no '!' in the brackets": ("> [TIP] Follow up\n> Body.",
                               "'> [TIP] Follow up' is not a callout: the type is written without '!', so it "
                               "would be shown as a quote. Fix: write '> [!TIP] Follow up'"),
    "no '>' in front": ("[!warning] Careful\nBody.",
                        "the callout line '[!warning] Careful' has no '>' in front, so it would be shown as "
                        "text. Fix: start it and every line under it with '>': '> [!warning] Careful'"),
    "a space after '!'": ("> [! LESSON] Own it\n> Body.",
                          "the callout line '> [! LESSON] Own it' has a space inside the brackets, so it would "
                          "be shown as a quote, not a callout. Fix: write the type right after '!', with no "
                          "space: '> [!LESSON] Own it'"),
    "a space before ']'": ("> [!LESSON ] Own it\n> Body.",
                           "the callout line '> [!LESSON ] Own it' has a space inside the brackets, so it would "
                           "be shown as a quote, not a callout. Fix: write the type right after '!', with no "
                           "space: '> [!LESSON] Own it'"),
    "a space inside the brackets and no '>'": ("[! warning] Careful\nBody.",
                                               "the callout line '[! warning] Careful' has no '>' in front, so "
                                               "it would be shown as text. Fix: start it and every line under "
                                               "it with '>': '> [!warning] Careful'"),
    "inside a quote begun above": ("> Intro.\n> [!TIP] Follow up\n> Body.",
                                   "the callout line '[!TIP] Follow up' is inside a quote that starts on a line "
                                   "above it, so it would be shown as text in that quote. Fix: to make it a "
                                   "callout of its own, leave an empty line with no '>' above it"),
    "a colon after the type": ('!!! lesson: "Own it"\n    Body.',
                               """the callout line '!!! lesson: "Own it"' has a ':' after the type 'lesson'. """
                               """Fix: write it without the ':': '!!! lesson "Own it"'"""),
    "a misspelt type with a colon": ('!!! lessn: "Own it"\n    Body.',
                                     "unknown callout type 'lessn' (known types: caution, important, lesson, note, "
                                     "quote, remember, tip, warning). Fix: did you mean 'lesson'? Otherwise use "
                                     "one of the known types, or add 'lessn' to CALLOUT_TYPES in pelicanconf.py"),
    "a space before the fold sign": ("> [!NOTE] - Folded\n> Body.",
                                     "the fold sign '-' in '> [!NOTE] - Folded' is after a space, so it would "
                                     "be shown as the start of the title and the callout not folded. Fix: write "
                                     "it right after ']': '> [!NOTE]- Folded'"),
}


@pytest.mark.parametrize("slip", sorted(CALLOUT_SLIPS))
def test_a_callout_written_almost_right_stops_the_build_at_its_line(site, slip):
    """Each was published as a paragraph or a plain quote, the callout silently lost."""
    site.post("good", "Fine.")
    site.build()
    before = site.snapshot()
    body, message = CALLOUT_SLIPS[slip]
    site.post("bad", f"Intro.\n\n{body}\n\nAfter.")
    line = 8 if slip == "inside a quote begun above" else 7
    assert site.build_fails() == [f"{site.content / 'posts' / 'bad.md'}:{line}: {message}"]
    assert site.snapshot() == before


def test_text_that_only_looks_like_a_callout_slip_builds(site):
    """A quote may start with a bracketed word that is no callout type; "!!" may open a
    sentence; a title may start with a minus; code shows anything as written."""
    site.post("fine", """\
        > [Sic] is what the letter said.
        > Then it went on.

        !! Note that this is a sentence.

        > [!TIP] -5% was their first offer
        > Counter it.

            !! lesson "in code"
            > [TIP] in code

        ```
        [!NOTE] in a fence
        ```
        """)
    site.build()
    body = site.soup("2026/fine/index.html").select_one(".post-body")
    assert body.select_one("blockquote p").get_text().startswith("[Sic] is what")
    assert "!! Note that this is a sentence." in body.get_text()
    assert body.select_one("aside.callout-tip strong").get_text() == "-5% was their first offer"
    assert '!! lesson "in code"' in body.select_one("pre").get_text()


def test_callout_types_setting_in_a_site_build(site):
    site.settings["CALLOUT_TYPES"] = {"exercise": {"label": "Exercise", "email_border": "#123456"}}
    site.post("drill", "!!! exercise \"Five minutes\"\n    Write three sentences.\n")
    site.build("publish")
    page = site.soup("2026/drill/index.html")
    assert title_text(page.select_one(".callout-exercise")) == "Exercise: Five minutes"
    email = site.soup("email/drill/email.html")
    assert "#123456" in email.select_one("table.callout-exercise td")["style"]


def test_sample_posts_render_their_callouts(sample_site):
    pages = list(sample_site.output.glob("2026/*/index.html"))
    assert pages
    for page in pages:
        soup = sample_site.soup(page.relative_to(sample_site.output))
        body = soup.select_one(".post-body")
        assert body.select(".callout"), page
        assert "!!!" not in body.get_text() and "[!" not in body.get_text(), page


# --- feed and email forms ---------------------------------------------------------------------


FORMS_POST = """
!!! lesson "Own it & <mean> it"
    Pick *one* decision.

> [!WARNING]- Folded
> Shown open in feeds.

> [!NOTE]
> No title here.

!!! quote "A chair"
    The next three years.
"""


def test_feed_form_shows_folded_callouts_open_with_a_title_paragraph(site):
    import feedparser

    site.post("forms", FORMS_POST)
    site.build("publish")
    [entry] = feedparser.parse(str(site.path("feeds/atom.xml"))).entries
    feed = BeautifulSoup(entry.content[0].value, "lxml")
    assert feed.select("details, summary, aside, figure") == []
    lesson, warning, note = feed.select("div.callout")
    assert lesson["class"] == ["callout", "callout-lesson"]
    for box, title in ((lesson, "Lesson: Own it & <mean> it"), (warning, "Warning: Folded"), (note, "Note")):
        first = box.find(True)
        assert first.name == "p" and first["class"] == ["callout-title"]
        assert first.strong.get_text() == title
    assert lesson.em.get_text() == "one"
    assert warning.select_one("p:not(.callout-title)").get_text() == "Shown open in feeds."
    quote = feed.select_one("blockquote.callout.callout-quote")
    assert quote.p.get_text() == "The next three years."
    assert quote.select_one("p.callout-title").get_text() == "\u2014 A chair"


def test_email_form_makes_callouts_inline_styled_table_boxes(site):
    site.post("forms", FORMS_POST)
    site.build("publish")
    email = site.soup("email/forms/email.html").select_one(".post-body")
    assert email.select("details, summary, aside, figure, div.callout") == []
    tables = email.select("table.callout")
    assert [t["class"] for t in tables] == [
        ["callout", "callout-lesson"], ["callout", "callout-warning"], ["callout", "callout-note"],
    ]
    lesson_colours = DEFAULTS["CALLOUT_TYPES"]["lesson"]
    for table in tables:
        assert table["role"] == "presentation"
        assert (table["width"], table["cellpadding"], table["cellspacing"]) == ("100%", "0", "0")
        cell = table.select_one("tr > td")
        style = cell["style"].replace(": ", ":")
        assert "border-left:" in style and "background-color:" in style and "padding:" in style
        assert "var(" not in style and "flex" not in style and "grid" not in style
        assert cell.find(True)["class"] == ["callout-title"]
    lesson_style = tables[0].td["style"].replace(": ", ":")
    assert lesson_colours["email_border"] in lesson_style
    assert lesson_colours["email_background"] in lesson_style
    assert tables[0].select_one(".callout-title strong").get_text() == "Lesson: Own it & <mean> it"
    quote = email.select_one("blockquote.callout.callout-quote")
    assert "border-left:" in quote["style"] and "font-style:italic" in quote["style"].replace(" ", "")
    assert quote.select_one("p.callout-title").get_text() == "\u2014 A chair"
