"""Social cards: every post and page has its own 1200x630 PNG, announced with og: and twitter: tags;
`Card:` (or `Image:`) picks a picture instead; a card is drawn again only when its inputs change."""

import hashlib
from urllib.parse import urlparse

import pytest
from PIL import Image, ImageChops

from conftest import SITEURL

from social_cards import draw as card_drawing
from social_cards.draw import LEFT, RIGHT, CardText, draw
from social_cards.fonts import Chain
from social_cards.layout import ELLIPSIS, fit
from social_cards.settings import DEFAULTS

FONTS = "theme/cards/fonts/"


def head(site, relpath):
    soup = site.soup(relpath)
    meta = {}
    for tag in soup.head.find_all("meta"):
        key = tag.get("property") or tag.get("name")
        if key:
            meta[key] = tag.get("content")
    return meta


def file_of(site, url):
    """The file in the built site that an absolute address on it names."""
    assert url.startswith(SITEURL + "/"), url
    return site.path(urlparse(url).path.lstrip("/"))


def chains():
    from conftest import ROOT

    return {part: Chain([str(ROOT / FONTS / name) for name in names])
            for part, names in DEFAULTS["SOCIAL_CARD_FONTS"].items()}


def picture(png):
    import io

    return Image.open(io.BytesIO(png)).convert("RGB")


@pytest.fixture
def blog(site):
    site.post("first-no", Title="The first no", Category="Interviews")
    site.post("second-no", Title="The second no", Category="Interviews")
    site.post("in-progress", Title="Still a draft", Status="draft")
    site.page("about", Title="About me", Slug="about")
    return site


def test_every_post_and_page_has_its_own_card_of_the_right_size(blog):
    blog.build("publish")
    seen = {}
    for relpath in ("2026/first-no/index.html", "2026/second-no/index.html", "about/index.html"):
        meta = head(blog, relpath)
        card = file_of(blog, meta["og:image"])
        with Image.open(card) as image:
            assert (image.format, image.size) == ("PNG", (1200, 630))
        assert (meta["og:image:width"], meta["og:image:height"], meta["og:image:type"]) == ("1200", "630", "image/png")
        assert meta["twitter:card"] == "summary_large_image"
        assert meta["twitter:image"] == meta["og:image"]
        seen[relpath] = hashlib.sha256(card.read_bytes()).hexdigest()
    assert len(set(seen.values())) == 3, "each post and page has a card of its own"
    post = head(blog, "2026/first-no/index.html")
    assert post["og:image:alt"] == "“The first no”, The Honest No, by Maya Okafor"
    assert post["twitter:image:alt"] == post["og:image:alt"]
    # The draft is not published, and neither is its card.
    assert not [p for p in blog.output.rglob("card-*.png") if "draft" in str(p) or "in-progress" in str(p)]


def test_pages_of_the_site_show_the_site_card(blog):
    blog.build("publish")
    cards = {head(blog, relpath)["og:image"] for relpath in ("index.html", "archives/index.html",
                                                               "category/interviews/index.html")}
    assert len(cards) == 1
    with Image.open(file_of(blog, cards.pop())) as image:
        assert image.size == (1200, 630)
    assert head(blog, "index.html")["og:image:alt"].startswith("The Honest No: Career stories")


def test_a_draft_gets_its_card_in_the_preview(blog):
    blog.build()
    meta = head(blog, "drafts/in-progress/index.html")
    assert file_of(blog, meta["og:image"]).is_file()


def test_a_card_shows_the_title_and_changes_with_it(site):
    site.post("story", Title="What a no taught me")
    site.build("publish")
    first = head(site, "2026/story/index.html")["og:image"]
    site.post("story", Title="What a yes taught me")
    site.build("publish")
    second = head(site, "2026/story/index.html")["og:image"]
    assert first != second, "a new title makes a new card, at a new address (networks keep a card by its address)"
    assert file_of(site, second).read_bytes() != b""
    assert not file_of(site, first).exists(), "the old card is not left in the site"


def test_a_card_is_drawn_again_only_when_its_inputs_change(site, monkeypatch):
    drawn = []
    real_draw = card_drawing.draw

    def counting(text, colors, chains):
        drawn.append(text.title)
        return real_draw(text, colors, chains)

    import social_cards.made

    monkeypatch.setattr(social_cards.made, "draw", counting)
    site.post("story", Title="What a no taught me")
    site.build("publish")
    assert "What a no taught me" in drawn
    card = head(site, "2026/story/index.html")["og:image"]
    drawn.clear()
    site.post("other", Title="Another story")  # a new post: only its card is drawn
    site.build("publish")
    assert drawn == ["Another story"]
    assert head(site, "2026/story/index.html")["og:image"] == card
    drawn.clear()
    site.build("publish", SOCIAL_CARD_COLORS={**DEFAULTS["SOCIAL_CARD_COLORS"], "accent": "#0f766e"})
    assert sorted(drawn) == sorted(["What a no taught me", "Another story", "Career stories about rejection, "
                                    "courage and what comes next"]), "new colours: every card is drawn again"
    assert head(site, "2026/story/index.html")["og:image"] != card
    cached = list((site.root / "cache" / "social_cards").glob("*.png"))
    assert len(cached) == 6  # both colour schemes' cards are kept for the next build
    assert all(str(site.root) not in head(site, "2026/story/index.html")[key]
               for key in ("og:image", "twitter:image")), "no path of this computer is published"


def test_a_card_line_uses_that_picture_instead(site):
    Image.new("RGB", (1000, 500), "#123456").save(site.content / "images" / "my-card.png")
    site.post("chosen", Title="Chosen", Card="{static}/images/my-card.png")
    site.post("by-address", Title="By address", Card="/images/my-card.png")
    site.post("elsewhere", Title="Elsewhere", Card="https://cdn.example.org/cards/elsewhere.jpg")
    site.build("publish")
    for slug in ("chosen", "by-address"):
        meta = head(site, f"2026/{slug}/index.html")
        assert meta["og:image"] == f"{SITEURL}/images/my-card.png"
        assert (meta["og:image:width"], meta["og:image:height"]) == ("1000", "500")
        assert meta["twitter:card"] == "summary_large_image"
    meta = head(site, "2026/elsewhere/index.html")
    assert meta["og:image"] == "https://cdn.example.org/cards/elsewhere.jpg"
    assert "og:image:width" not in meta and meta["og:image:type"] == "image/jpeg"
    assert not list(site.output.glob("2026/*/card-*.png")), "no card is made for a post that chose one"


def test_the_post_image_is_the_card_when_there_is_no_card_line(site):
    Image.new("RGB", (800, 600), "#654321").save(site.content / "images" / "photo.jpg")
    Image.new("RGB", (1200, 630), "#123456").save(site.content / "images" / "card.png")
    site.post("pictured", Title="Pictured", Image="{static}/images/photo.jpg")
    site.post("both", Title="Both", Image="{static}/images/photo.jpg", Card="{static}/images/card.png")
    site.build("publish", BUILD_EXTRA_METADATA=["Image"])
    assert head(site, "2026/pictured/index.html")["og:image"] == f"{SITEURL}/images/photo.jpg"
    assert head(site, "2026/pictured/index.html")["og:image:type"] == "image/jpeg"
    assert head(site, "2026/both/index.html")["og:image"] == f"{SITEURL}/images/card.png"


@pytest.mark.parametrize("written, expected", [
    ("{static}/images/missing.png", "the picture '{static}/images/missing.png' is not in content/images/. Fix: "
                                    "check the file's name"),
    ("{static}/images/my-crad.png", "the picture '{static}/images/my-crad.png' is not in content/images/ (did you "
                                    "mean 'my-card.png'?). Fix: write 'Card: {static}/images/my-card.png'"),
    ("images/my-card.png", "Card: 'images/my-card.png' is neither a picture of the site nor an https:// address"),
    ("http://cdn.example.org/card.png", "Fix: write 'https://cdn.example.org/card.png'"),
    ("{static}/images/notes.txt", "Card: '{static}/images/notes.txt' is a .txt, which social networks do not show"),
    ("{static}/images/broken.png", "cannot be opened as a picture"),
])
def test_a_card_line_that_names_no_usable_picture_stops_the_build(site, written, expected):
    Image.new("RGB", (1200, 630)).save(site.content / "images" / "my-card.png")
    (site.content / "images" / "notes.txt").write_text("not a picture")
    (site.content / "images" / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n broken")
    site.post("chosen", Title="Chosen")
    site.build("publish")  # the good site first: a failed build leaves it as it was
    before = site.snapshot()
    site.post("chosen", Title="Chosen", Card=written)
    lines = site.build_fails("publish")
    assert len(lines) == 1
    assert "posts/chosen.md:4: " in lines[0], lines
    assert expected in lines[0]
    assert site.snapshot() == before


def test_titles_with_markup_characters_are_drawn_as_written(site):
    site.post("amp", Title="Q&A: <why> \"no\" is fine")
    site.build("publish")
    meta = head(site, "2026/amp/index.html")
    # The title as every page shows it: its straight quotes curly (plugins/typography).
    assert meta["og:image:alt"] == "“Q&A: <why> \u201cno\u201d is fine”, The Honest No, by Maya Okafor"


# --- the drawing: non-Latin and long titles fit ------------------------------------------------


def ink_right_of_text_box(png):
    """Where, right of the text's box, anything but the background is drawn (None: nowhere)."""
    image = picture(png)
    region = image.crop((RIGHT + 2, 0, 1200, 630))
    return ImageChops.difference(region, Image.new("RGB", region.size, image.getpixel((1199, 0)))).getbbox()


LONG = ("Why I said no to the job of my dreams, twice, and what the third offer taught me about "
        "negotiating salary, titles, remote work and my own worth, ") * 3


@pytest.mark.parametrize("title", [
    "Żółć, Straße, Łódź & café: Ελληνικά, русский",
    "面接で「いいえ」と言われた日に学んだ、本当に大切なこと。それから三年後の私の答えと次の一歩",
    LONG,
    "Supercalifragilisticexpialidociousnessandmorewordswithoutanyspacesatallforthewholetitle",
])
def test_non_latin_and_long_titles_stay_inside_the_card(title):
    png = draw(CardText(title, "The Honest No", "Maya Okafor"), DEFAULTS["SOCIAL_CARD_COLORS"], chains())
    assert picture(png).size == (1200, 630)
    assert ink_right_of_text_box(png) is None


def test_a_long_title_ends_with_an_ellipsis_and_every_line_fits():
    title_chain = chains()["title"]
    fitted = fit(LONG, RIGHT - LEFT, 320, title_chain.width, 78, 40)
    assert fitted.size == 40
    assert fitted.lines[-1].endswith(ELLIPSIS)
    assert all(title_chain.width(line, fitted.size) <= RIGHT - LEFT for line in fitted.lines)
    assert len(fitted.lines) * fitted.line_height <= 320


def test_each_character_is_drawn_by_a_font_that_has_it():
    title_chain = chains()["title"]
    runs = title_chain.runs("Łódź 面接 ok")
    fonts = [title_chain.paths[index].rsplit("/", 1)[-1] for index, _ in runs]
    assert [text for _, text in runs] == ["Łódź ", "面接 ", "ok"]
    assert fonts == ["DejaVuSerif-Bold.ttf", "DroidSansFallbackFull.ttf", "DejaVuSerif-Bold.ttf"]
    # Japanese drawn: the card differs from the one without those characters.
    with_cjk = draw(CardText("Łódź 面接", "S", "A"), DEFAULTS["SOCIAL_CARD_COLORS"], chains())
    without = draw(CardText("Łódź", "S", "A"), DEFAULTS["SOCIAL_CARD_COLORS"], chains())
    assert with_cjk != without


def test_a_character_no_font_has_is_left_out_not_drawn_as_a_box():
    colors = DEFAULTS["SOCIAL_CARD_COLORS"]
    with_emoji = draw(CardText("Hired at last 🎉", "S", "A"), colors, chains())
    plain = draw(CardText("Hired at last", "S", "A"), colors, chains())
    assert picture(with_emoji).tobytes() == picture(plain).tobytes()


def test_without_cards_every_page_shows_the_theme_s_card(blog):
    blog.build("publish", SOCIAL_CARDS=False)
    for relpath in ("index.html", "2026/first-no/index.html", "about/index.html"):
        meta = head(blog, relpath)
        assert meta["og:image"] == f"{SITEURL}/theme/images/card.png"
        assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    assert file_of(blog, f"{SITEURL}/theme/images/card.png").is_file()
    assert not list(blog.output.rglob("card-*.png"))
