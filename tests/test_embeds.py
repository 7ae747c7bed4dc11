"""Embeds: a video or podcast address alone on its line is a private link card on the page, a
link in the feed, a linked card in the email and the address on its line in the text part;
any other bare https:// address in a sentence is a link everywhere, and stays text in code."""

import sys
from urllib.parse import urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, SITEURL, render_markdown

sys.path.insert(0, str(ROOT))
from checks.email_rules import email_problems  # noqa: E402

VIDEO = "https://youtu.be/aBcDeFgHiJk"
TALK = f'{VIDEO} "My talk at the conference"'
PROVIDER_HOSTS = ("youtu.be", "youtube.com", "ytimg.com", "googlevideo.com", "spotify.com", "scdn.co")

# address -> (provider, kind shown on the card, play link)
FORMS = {
    "https://www.youtube.com/watch?v=aBcDeFgHiJk": ("youtube", "Video", "Watch on YouTube"),
    "https://youtube.com/watch?v=aBcDeFgHiJk&t=42s": ("youtube", "Video", "Watch on YouTube"),
    "https://m.youtube.com/watch?feature=share&v=aBcDeFgHiJk": ("youtube", "Video", "Watch on YouTube"),
    "https://youtu.be/aBcDeFgHiJk": ("youtube", "Video", "Watch on YouTube"),
    "https://youtu.be/aBcDeFgHiJk?si=AbCdEf123&t=10": ("youtube", "Video", "Watch on YouTube"),
    "https://www.youtube.com/shorts/aBcDeFgHiJk": ("youtube", "Video", "Watch on YouTube"),
    "https://www.youtube.com/live/aBcDeFgHiJk": ("youtube", "Video", "Watch on YouTube"),
    "https://www.youtube.com/playlist?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG": ("youtube", "Playlist", "Watch on YouTube"),
    "https://vimeo.com/76979871": ("vimeo", "Video", "Watch on Vimeo"),
    "https://vimeo.com/76979871/8272103f6e": ("vimeo", "Video", "Watch on Vimeo"),
    "https://vimeo.com/channels/staffpicks/76979871": ("vimeo", "Video", "Watch on Vimeo"),
    "https://player.vimeo.com/video/76979871": ("vimeo", "Video", "Watch on Vimeo"),
    "https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk": ("spotify", "Podcast episode", "Listen on Spotify"),
    "https://open.spotify.com/show/2MAi0BvDc6GTFvKFPXnkCL?si=1a2b3c": ("spotify", "Podcast", "Listen on Spotify"),
    "https://open.spotify.com/track/11dFghVXANMlKmJXsNCbNl": ("spotify", "Track", "Listen on Spotify"),
    "https://open.spotify.com/playlist/37i9dQZF1DXcBWIGoYBM5M": ("spotify", "Playlist", "Listen on Spotify"),
    "https://open.spotify.com/intl-de/episode/4rOoJ6Egrf8K2IrywzwOMk": ("spotify", "Podcast episode", "Listen on Spotify"),
    "https://podcasts.apple.com/gb/podcast/the-honest-no/id1234567890": ("apple-podcasts", "Podcast", "Listen on Apple Podcasts"),
    "https://podcasts.apple.com/us/podcast/a-no-that-helped/id1234567890?i=1000654321098": (
        "apple-podcasts", "Podcast episode", "Listen on Apple Podcasts"),
    "https://soundcloud.com/example-coach/talking-about-failure": ("soundcloud", "Audio", "Listen on SoundCloud"),
    "https://soundcloud.com/example-coach/sets/interview-drills": ("soundcloud", "Playlist", "Listen on SoundCloud"),
    "https://on.soundcloud.com/AbC123xYz": ("soundcloud", "Audio", "Listen on SoundCloud"),
}


def render(text):
    """`text` as a post's body (the blank line first ends the metadata, as in a post)."""
    return BeautifulSoup(render_markdown("\n" + text), "lxml")


def only_card(soup):
    cards = soup.select(".embed")
    assert len(cards) == 1, soup
    return cards[0]


# --- what is an embed -------------------------------------------------------------------


@pytest.mark.parametrize("address", sorted(FORMS))
def test_each_providers_addresses_alone_on_a_line_are_a_card(address):
    provider, kind, play = FORMS[address]
    card = only_card(render(f"Before.\n\n{address}\n\nAfter."))
    assert card["class"] == ["embed", f"embed-{provider}"]
    link = card.select_one("a.embed-card")
    assert link["href"] == address
    assert link.select_one(".embed-kind").get_text() == kind
    assert link.select_one(".embed-play").get_text() == play
    assert link.select_one(".embed-title") is None


LOOKALIKES = {
    "a YouTube address inside a sentence": f"Watch {VIDEO} before your interview.",
    "a sentence that starts with the address": f"{VIDEO} is the talk I mean.",
    "another site's address alone": "https://example.org/watch?v=aBcDeFgHiJk",
    "a site that borrows the name": "https://youtube.com.example.net/watch?v=aBcDeFgHiJk",
    "a name that ends like it": "https://notyoutube.com/watch?v=aBcDeFgHiJk",
    "a channel, not a video": "https://www.youtube.com/@examplecoach",
    "a video id of the wrong length": "https://youtu.be/aBcDeFg",
    "a Spotify artist": "https://open.spotify.com/artist/0OdUWJ0sBjDrqHygGUXeCF",
    "a SoundCloud profile": "https://soundcloud.com/example-coach",
    "a SoundCloud profile's likes": "https://soundcloud.com/example-coach/likes",
    "a Vimeo page that is not a video": "https://vimeo.com/about",
    "an address with a password": "https://user:secret@youtu.be/aBcDeFgHiJk",
    "two lines, one of them text": f"{VIDEO}\nMy talk, in case you missed it.",
}


@pytest.mark.parametrize("case", sorted(LOOKALIKES))
def test_lookalikes_are_links_not_cards(case):
    text = LOOKALIKES[case]
    soup = render(text)
    assert soup.select(".embed") == []
    address = next(word for word in text.split() if "://" in word)
    assert [a["href"] for a in soup.select("p a")] == [address]


def test_markup_written_into_an_address_makes_no_card_and_runs_nothing():
    soup = render(f'{VIDEO}?x="><script>alert(1)</script><img src=x onerror=alert(2)>')
    assert soup.select(".embed, script, img") == []
    assert [a["href"] for a in soup.select("a")] == [f"{VIDEO}?x="]


def test_an_address_in_a_list_item_stays_a_link():
    soup = render(f"- {VIDEO}\n- https://vimeo.com/76979871")
    assert soup.select(".embed") == []
    assert [a["href"] for a in soup.select("li > a")] == [VIDEO, "https://vimeo.com/76979871"]


def test_a_card_in_a_quote_or_a_callout_and_one_per_line():
    soup = render(f"> {VIDEO}\n\n!!! tip\n    https://vimeo.com/76979871\n\n{VIDEO}\n<https://open.spotify.com/show/2MAi0BvDc6GTFvKFPXnkCL>")
    assert soup.select_one("blockquote > .embed-youtube") is not None
    assert soup.select_one("aside.callout-tip .embed-vimeo") is not None
    assert [card["class"][1] for card in soup.select("body > .embed")] == ["embed-youtube", "embed-spotify"]


@pytest.mark.parametrize("written, title", [
    ('"My talk at the conference"', "My talk at the conference"),
    ("\u201cMy talk at the conference\u201d", "My talk at the conference"),
    ('"Salary & <money>: the \u201cno\u201d talk"', "Salary & <money>: the \u201cno\u201d talk"),
    ('"A "quoted" word"', 'A "quoted" word'),
])
def test_a_title_after_the_address_is_shown_as_written(written, title):
    card = only_card(render(f"{VIDEO} {written}"))
    assert card.select_one(".embed-title").get_text() == title
    assert card.select_one(".embed-title").find(True) is None, "the title is text, not markup"


BAD_TITLES = {
    f'{VIDEO} "My talk': ("has no closing quote", 'end the title with "'),
    f'{VIDEO} \u201cMy talk': ("has no closing quote", "end the title with \u201d"),
    f'{VIDEO} "My talk" at the conference': ("text after the closing quote", "end the line with"),
    f'{VIDEO} ""': ("is empty", "write a title between the quotes"),
}


@pytest.mark.parametrize("line", sorted(BAD_TITLES))
def test_a_title_written_almost_right_stops_the_build_with_line_and_fix(site, line):
    site.post("fine", "Fine.")
    site.build()
    before = site.snapshot()
    site.post("bad", f"First paragraph.\n\n{line}\n\nLast.")
    lines = site.build_fails()
    assert len(lines) == 1, lines
    problem, fix = BAD_TITLES[line]
    assert "bad.md:7: " in lines[0] and problem in lines[0] and f"Fix: {fix}" in lines[0]
    assert site.snapshot() == before


# --- the four forms ----------------------------------------------------------------------

POST = f"""
Before the card.

{TALK}

https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk

After the card, read https://example.org/guide?a=1&b=2 for more.

Code keeps it: `https://example.org/in-code`

    https://example.org/indented

```
{VIDEO}
```
"""


@pytest.fixture
def built(site):
    site.post("story", POST)
    site.build("publish")
    return site


def feed_entry(site):
    [entry] = feedparser.parse(str(site.path("feeds/atom.xml"))).entries
    return BeautifulSoup(entry.content[0].value, "lxml")


def test_the_card_on_the_page_loads_nothing_from_the_provider(built):
    page = built.soup("2026/story/index.html")
    talk, episode = page.select(".post-body .embed")
    link = talk.select_one("a.embed-card")
    assert link["href"] == VIDEO
    assert set(link["rel"]) >= {"noopener", "noreferrer"}
    assert talk.select_one(".embed-title").get_text() == "My talk at the conference"
    assert talk.select_one(".embed-play").get_text() == "Watch on YouTube"
    assert talk.select_one(".embed-icon")["aria-hidden"] == "true"
    assert episode.select_one(".embed-play").get_text() == "Listen on Spotify"
    assert page.select("iframe, embed, object, video, audio, script") == []
    # The providers' hosts are in the cards' links only: no picture, style, frame or preload.
    for element in page.find_all(True):
        for name, value in element.attrs.items():
            for word in value if isinstance(value, list) else value.split():
                host = urlsplit(word).hostname if "//" in word else None
                if host and any(host == known or host.endswith("." + known) for known in PROVIDER_HOSTS):
                    assert (element.name, name) == ("a", "href") and "embed-card" in element["class"], element
    assert {urlsplit(link["href"]).hostname for link in page.select("link[href]")} <= {urlsplit(SITEURL).hostname}


def test_the_feed_entry_is_a_link(built):
    feed = feed_entry(built)
    assert feed.select("iframe, .embed-card, .embed-icon") == []
    talk, episode = feed.select("p.embed")
    assert talk.a["href"] == VIDEO and talk.a.get_text() == "My talk at the conference"
    assert talk.get_text() == "My talk at the conference (video on YouTube)"
    assert episode.a["href"] == "https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk"
    assert episode.get_text() == "Podcast episode on Spotify"


def test_the_email_is_a_linked_card(built):
    html = built.text("email/story/email.html")
    email = BeautifulSoup(html, "lxml")
    talk, episode = email.select("table.embed")
    assert talk["role"] == "presentation" and talk["class"] == ["embed", "embed-youtube"]
    cell = talk.select_one("td.embed-cell")
    style = cell["style"].replace(": ", ":")
    assert "background-color:" in style and "border-left:" in style
    assert [a["href"] for a in cell.select("a")] == [VIDEO, VIDEO]
    assert all(urlsplit(a["href"]).scheme == "https" for a in cell.select("a"))
    assert cell.select_one(".embed-title a").get_text() == "My talk at the conference"
    assert cell.select_one("a.embed-play-link").get_text() == "Watch on YouTube"
    assert "color:" in cell.select_one("a.embed-play-link")["style"]
    assert episode.select_one(".embed-title") is None
    assert episode.select_one("a.embed-play-link").get_text() == "Listen on Spotify"
    assert email.select("iframe, script") == []
    assert [problem for level, problem in email_problems(html) if level == "error"] == []


def test_the_text_part_has_the_address_on_its_own_line(built):
    lines = built.text("email/story/email.txt").splitlines()
    start = lines.index("My talk at the conference (video on YouTube):")
    assert lines[start + 1] == VIDEO
    start = lines.index("Podcast episode on Spotify:")
    assert lines[start + 1] == "https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk"


BARE = "https://example.org/guide?a=1&b=2"


def test_a_bare_address_in_a_sentence_is_a_link_in_every_target(built):
    page = built.soup("2026/story/index.html").select_one(".post-body")
    feed = feed_entry(built)
    email = built.soup("email/story/email.html").select_one(".post-body")
    for body in (page, feed, email):
        [link] = [a for a in body.select("a") if a.get_text() == BARE]
        assert link["href"] == BARE
        assert link.find_parent("p").get_text().startswith("After the card, read ")
    text = built.text("email/story/email.txt")
    # The address is its own text: shown once, not numbered and listed again.
    assert f"read {BARE} for more." in " ".join(text.split())
    assert f"[1] {BARE}" not in text.splitlines()


def test_an_address_in_code_stays_text(built):
    page = built.soup("2026/story/index.html").select_one(".post-body")
    feed = feed_entry(built)
    email = built.soup("email/story/email.html").select_one(".post-body")
    for body in (page, feed, email):
        assert [code.get_text().strip() for code in body.select("code")] == [
            "https://example.org/in-code", "https://example.org/indented", VIDEO]
        assert all(code.find("a") is None for code in body.select("code, pre"))
    assert "https://example.org/in-code" not in " ".join(
        line for line in built.text("email/story/email.txt").splitlines() if line.startswith("["))


@pytest.mark.parametrize("text, links", [
    ("Write ftp://files.example.org/cv.pdf or www.example.org/cv down.", []),
    ("Email maya@example.com today.", []),
    ('Pasted: <a href="https://example.org/a">https://example.org/b</a>', ["https://example.org/a"]),
    ("(see https://en.wikipedia.org/wiki/Interview_(disambiguation)), then https://example.org/x.",
     ["https://en.wikipedia.org/wiki/Interview_(disambiguation)", "https://example.org/x"]),
    ("[https://example.org/text](https://example.org/target)", ["https://example.org/target"]),
])
def test_only_web_addresses_become_links_and_each_ends_where_an_address_ends(text, links):
    soup = render(text)
    assert [a["href"] for a in soup.select("a")] == links


def test_a_loopback_address_in_a_sentence_is_a_link_the_link_check_names(site):
    site.post("story", "See http://127.0.0.1:8000/2026/other/ for the draft.")
    lines = site.build_fails()
    assert len(lines) == 1 and "your own computer" in lines[0] and "/2026/other/" in lines[0], lines


def test_the_sample_site_shows_an_embed(sample_site):
    cards = [card for page in sample_site.output.glob("2026/*/index.html")
             for card in sample_site.soup(page.relative_to(sample_site.output)).select(".post-body .embed")]
    assert cards
    assert all(card.select_one("a.embed-card[rel]") is not None for card in cards)


@pytest.mark.parametrize("target", ["web", "feed", "email"])
def test_a_links_rel_keeps_only_the_words_that_hide_where_the_reader_came_from(target):
    from blocks.sanitize import sanitize

    html = sanitize('<a href="https://example.org/" rel="noopener Stylesheet noreferrer me">a</a>'
                    '<a href="https://example.org/" rel="preload">b</a>', target, SITEURL)
    first, second = BeautifulSoup(html, "lxml").select("a")
    assert first["rel"] == ["noopener", "noreferrer"]
    assert not second.has_attr("rel")
