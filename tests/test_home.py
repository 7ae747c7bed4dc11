"""The home page and a post as a new reader meets them: the coach's photo, name and
introduction (content/pages/home.md), a sign-up box, then the latest stories with their
summary, date, reading time and picture; each post with a byline (photo, name, date,
reading time)."""

from conftest import SITEURL

SIGNUP = "https://newsletter.example/subscribe/coach"
INTRO = "I coach people through the word no. [About me]({filename}about.md)."


def with_photo_and_signup(site):
    from PIL import Image

    Image.new("RGB", (240, 240), "#8a3b12").save(site.content / "images" / "me.png")
    site.write("ctas/newsletter.md", "Title: Get the stories\nButton: Subscribe\nKind: signup\n\nOne a fortnight.\n")
    site.page("about", "About me.")
    site.write("pages/home.md", f"Title: Hi, I'm Maya\n\n{INTRO}\n")
    site.settings.update(AUTHOR_PHOTO="images/me.png", NEWSLETTER_SIGNUP_ACTION=SIGNUP)
    return site


def test_the_home_page_introduces_the_coach_then_offers_the_sign_up_then_the_stories(site):
    with_photo_and_signup(site)
    site.post("story", "A story.", Summary="What it is about.")
    site.build()
    home = site.soup("index.html")
    main = home.select_one("main")
    intro = main.select_one("section.intro")
    assert intro.h1.get_text() == "Hi, I\u2019m Maya"
    assert intro.select_one("img.intro-photo")["src"] == f"{SITEURL}/images/me.png"
    assert intro.select_one("img.intro-photo")["alt"] == "", "the name beside it says who it is"
    assert "I coach people through the word no." in intro.get_text()
    assert intro.select_one("a")["href"] == f"{SITEURL}/about/", "its links are worked out as a page's"
    form = main.select_one(".home-signup form.cta-form")
    assert form["action"] == SIGNUP and form["method"] == "post"
    assert form.select_one('input[type="email"]')["id"] == form.select_one("label")["for"]
    order = [element for element in main.select("section.intro, .home-signup, h2.section-title, ol.post-list")]
    assert [element.name for element in order] == ["section", "div", "h2", "ol"]
    assert main.select_one("h2.section-title").get_text() == "Latest stories"
    [card] = main.select(".post-list article.post-card")
    assert card.h3.get_text() == "Story", "titles under the section's h2"
    assert "What it is about." in card.select_one(".post-summary").get_text()
    assert "min read" in card.select_one(".post-meta").get_text()
    assert card.select_one(".post-meta time")["datetime"].startswith("2026-01-15")


def test_the_introduction_page_is_no_page_of_its_own_and_not_in_the_menu(site):
    with_photo_and_signup(site)
    site.post("story")
    site.build("publish")
    assert not site.path("home").exists()
    menu = [a.get_text() for a in site.soup("index.html").select('nav[aria-label="Main"] a')]
    assert menu == ["Stories", "About", "Archive"]
    assert "/home/" not in site.text("sitemap.xml")


def test_the_sign_up_box_is_not_repeated_when_the_introduction_places_it(site):
    with_photo_and_signup(site)
    site.write("pages/home.md", "Title: Hello\n\nWelcome.\n\n[[cta:newsletter]]\n")
    site.post("story")
    site.build()
    home = site.soup("index.html")
    assert len(home.select("form.cta-form")) == 1
    assert home.select_one(".home-signup") is None


def test_home_cta_chooses_the_box_or_none(site):
    with_photo_and_signup(site)
    site.write("ctas/call.md", "Title: Talk to me\nButton: Book a call\nURL: https://cal.example/me\n\nA call.\n")
    site.post("story")
    site.build(HOME_CTA="call")
    assert site.soup("index.html").select_one(".home-signup a.cta-button")["href"] == "https://cal.example/me"
    site.build(HOME_CTA=None)
    assert site.soup("index.html").select_one(".home-signup") is None
    [line] = site.build_fails(HOME_CTA="newsleter")
    assert line.startswith("pelicanconf.py: unknown CTA 'newsleter' (CTAs: call, newsletter)"), line


def test_without_an_introduction_page_the_home_page_shows_the_name_and_description(site):
    site.post("story")
    site.build(SITE_DESCRIPTION="Stories about no.")
    intro = site.soup("index.html").select_one("section.intro")
    assert intro.h1.get_text() == "Maya Okafor"
    assert intro.p.get_text() == "Stories about no."
    assert intro.select_one("img") is None, "no photo set"


def test_a_post_with_an_image_shows_it_in_the_lists(site):
    from PIL import Image

    (site.content / "images").mkdir(exist_ok=True)
    Image.new("RGB", (400, 300), "#336699").save(site.content / "images" / "stones.png")
    site.post("pictured", Image="{static}/images/stones.png", Tags="calm")
    site.post("plain", Date="2026-01-10", Tags="calm")
    site.build()
    for listing in ("index.html", "tag/calm/index.html"):
        cards = {card.select_one("h2 a, h3 a").get_text(): card for card in site.soup(listing).select(".post-card")}
        picture = cards["Pictured"].select_one("img.post-card-picture")
        assert picture["src"] == f"{SITEURL}/images/stones.png", listing
        assert (picture["width"], picture["height"], picture["alt"]) == ("400", "300", "")
        assert cards["Plain"].select_one("img") is None


def test_later_pages_of_stories_have_no_introduction(site):
    with_photo_and_signup(site)
    for number in range(10):
        site.post(f"post-{number}", Date=f"2026-02-{number + 1:02d}")
    site.build()
    second = site.soup("page/2/index.html")
    assert second.select_one("section.intro") is None and second.select_one(".home-signup") is None
    assert second.h1.get_text() == "Stories, page 2"
    assert second.select(".post-card h2")


def test_a_post_has_a_byline_with_photo_name_date_and_reading_time(site):
    with_photo_and_signup(site)
    site.post("story", "word " * 460, Category="Interviews")
    site.build()
    byline = site.soup("2026/story/index.html").select_one("header.post-header .byline")
    assert byline.select_one("img.byline-photo")["src"] == f"{SITEURL}/images/me.png"
    assert byline.select_one(".byline-name").get_text() == "Maya Okafor"
    meta = byline.select_one(".post-meta").get_text(" ", strip=True)
    assert meta.startswith("15 January 2026") and "2 min read" in meta and "Interviews" in meta
