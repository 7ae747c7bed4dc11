"""Newsletter issues (content/newsletters/NAME.md): a digest of several posts sent as one email,
with a web copy and an archive; email-only posts and posts without an email."""

import email
import json
from email import policy

import feedparser
import pytest

from conftest import ROOT, SITEURL
from test_email import inbox  # noqa: F401 (a fixture)


def posts(site):
    site.write("disclaimers/default.md", "Names are changed.\n")
    site.post("first", "The first story, in full.", date="2026-01-05", summary="The first one.")
    site.post("second", "The second story, in full.", date="2026-01-12", summary="The second one.")
    site.post("third", "The third story, in full.", date="2026-01-20", summary="The third one.")
    return site


def issue(site, name, date, *lines, body="A few words from me."):
    header = "".join(f"{line}\n" for line in (f"Title: {name.capitalize()} letter", f"Date: {date}",
                                              f"Slug: {name}", *lines))
    return site.write(f"newsletters/{name}.md", f"{header}\n{body}\n")


def index(site):
    return {entry["slug"]: entry for entry in json.loads(site.text("email/index.json"))["emails"]}


def cards(site, slug):
    return [card.select_one("h2 a").get_text() for card in site.soup(f"newsletter/{slug}/index.html").select(".post-card")]


def test_an_issue_shows_the_new_posts_since_the_last_one_as_cards(site):
    posts(site)
    site.page("subscribe", Template="subscribe")
    issue(site, "january", "2026-01-15")
    issue(site, "february", "2026-02-01")
    site.build("publish")
    assert cards(site, "january") == ["Second", "First"]  # newest first, up to the issue's date
    assert cards(site, "february") == ["Third"]  # only what came after January's
    page = site.soup("newsletter/january/index.html")
    card = page.select(".post-card")[0]
    assert card.select_one("a")["href"] == f"{SITEURL}/2026/second/"
    assert card.select_one(".post-card-summary").get_text() == "The second one."
    assert page.select_one(".post-body > p").get_text() == "A few words from me."
    assert page.select(".post-body > *")[-1]["class"] == ["disclaimer"], "the disclaimer comes last"
    archive = site.soup("newsletter/index.html")
    assert [a.get_text() for a in archive.select(".archive a")] == ["February letter", "January letter"]
    assert site.soup("subscribe/index.html").select_one(f'a[href="{SITEURL}/newsletter/"]')


def test_an_issue_is_exported_as_an_email_like_a_post(site):
    posts(site)
    issue(site, "january", "2026-01-15", "Subject: Two stories for January", "Preheader: A rejection and a follow-up.",
          body="Hello.\n\n!!! tip\n    Read them in order.")
    site.build("publish")
    entry = index(site)["january"]
    assert entry["kind"] == "newsletter" and entry["subject"] == "Two stories for January"
    assert entry["html"] == "email/newsletters/january/email.html"
    assert all(e["kind"] == "post" for slug, e in index(site).items() if slug != "january")
    html = site.soup("email/newsletters/january/email.html")
    assert [a.get_text() for a in html.select("table.post-card h2 a")] == ["Second", "First"]
    assert [a["href"] for a in html.select("table.post-card a.cta-button-link")] == [
        f"{SITEURL}/2026/second/", f"{SITEURL}/2026/first/"]
    assert html.select_one("table.callout-tip") and html.select_one("table.disclaimer")
    assert "A rejection and a follow-up." in html.select_one(".preheader").get_text()
    assert html.select_one(".topbar a")["href"] == f"{SITEURL}/newsletter/january/", "view in browser"
    text = site.text("email/newsletters/january/email.txt")
    assert text.index("Second") < text.index("First") < text.index("Names are changed.")
    assert f"Read the story: {SITEURL}/2026/second/" in text
    message = email.message_from_bytes(site.path("email/newsletters/january/message.eml").read_bytes(),
                                       policy=policy.default)
    assert message["Subject"] == "Two stories for January"


def test_posts_named_in_order_and_in_full(site):
    posts(site)
    issue(site, "best", "2026-01-25", "Posts: first, third", "Posts-Full: yes")
    site.build("publish")
    page = site.soup("newsletter/best/index.html")
    assert [h.get_text() for h in page.select(".post-full h2")] == ["First", "Third"]
    assert "The first story, in full." in page.select(".post-full")[0].get_text()
    assert len(page.select(".disclaimer")) == 1, "the issue's own disclaimer, not each story's"
    assert "The third story, in full." in site.text("email/newsletters/best/email.txt")


def test_a_draft_issue_is_previewed_not_published(site):
    posts(site)
    issue(site, "january", "2026-01-15", "Status: draft")
    site.build("publish")
    assert not site.path("newsletter/january").exists() and "january" not in index(site)
    site.build()
    assert site.path("drafts/newsletter/january/index.html").is_file()
    assert index(site)["january"]["draft"] is True


def test_a_draft_issue_may_show_a_draft_post_beside_it_in_the_preview(site):
    """Drafting an issue around a story not yet published stopped every build, publish too."""
    posts(site)
    site.post("unfinished", "Coming soon.", date="2026-01-14", status="draft", summary="Soon.")
    issue(site, "january", "2026-01-15", "Status: draft", "Posts: unfinished, first")
    site.build("publish")
    assert not site.path("newsletter/january").exists() and "unfinished" not in site.text("sitemap.xml")
    site.build()
    page = site.soup("drafts/newsletter/january/index.html")
    href = page.select_one(".post-card h2 a")["href"]
    assert href.endswith("/unfinished/") and site.path(href.split("://")[-1].split("/", 1)[1] + "index.html").is_file()
    assert index(site)["january"]["draft"] is True


@pytest.mark.parametrize("line, words", [
    ("Posts: first, nosuch", ["no published post has the slug 'nosuch'", "write the slug"]),
    ("Posts: later", ["the post 'later' is dated 2026-03-01, after this issue"]),
    ("Posts: unfinished", ["the post 'unfinished' is a draft or dated in the future", "publish"]),
])
def test_a_post_an_issue_cannot_show_stops_the_build_at_its_posts_line(site, line, words):
    posts(site)
    site.post("later", date="2026-03-01")
    site.post("unfinished", date="2026-01-02", status="draft")
    site.build("publish")
    before = site.snapshot()
    path = issue(site, "january", "2026-01-15", line)
    lines = site.build_fails("publish")
    assert len(lines) == 1 and lines[0].startswith(f"{path}:4: "), lines
    assert all(word in lines[0] for word in words), lines
    assert site.snapshot() == before


def test_new_with_no_new_posts_and_two_issues_with_one_slug_stop_the_build(site):
    posts(site)
    issue(site, "january", "2026-01-25")
    late = issue(site, "again", "2026-01-26")
    [line] = site.build_fails("publish")
    assert line.startswith(f"{late}:") and "'Posts: new' finds no published post dated after the previous issue" in line
    late.unlink()
    twin = site.write("newsletters/twin.md", "Title: Twin\nDate: 2026-01-26\nSlug: january\nPosts: third\n\nWords.\n")
    [line] = site.build_fails("publish")
    assert "this newsletter would be written to newsletter/january/index.html, like" in line
    assert "twin.md" in line and "january.md" in line
    twin.unlink()


def test_an_email_only_post_gets_its_email_and_a_page_in_no_list(site):
    posts(site)
    site.post("for-subscribers", "Only for the list.", date="2026-01-21", Email_only="yes")
    site.build("publish")
    assert index(site)["for-subscribers"]["kind"] == "post"
    page = site.soup("2026/for-subscribers/index.html")
    assert page.select_one('meta[name="robots"]')["content"] == "noindex"
    assert "For subscribers" not in site.text("index.html")
    assert "for-subscribers" not in site.text("sitemap.xml")
    assert "for-subscribers" not in site.text("archives/index.html")
    titles = [e.title for e in feedparser.parse(str(site.path("feeds/atom.xml"))).entries]
    assert "For subscribers" not in titles


def test_a_post_with_email_no_gets_no_email(site):
    posts(site)
    site.post("web-only", "Just for the site.", date="2026-01-22", Email="no")
    site.build("publish")
    assert "web-only" not in index(site) and not site.path("email/web-only").exists()
    site.post("web-only", "Just for the site.", date="2026-01-22", Email="maybe")
    [line] = site.build_fails("publish")
    assert "web-only.md:4: 'Email: maybe' is neither yes nor no" in line


def test_a_yes_or_no_written_otherwise_stops_the_build_at_its_line(site):
    """'Email-Only: yse' published the post for everyone; 'Posts-Full: ys' sent cards."""
    posts(site)
    site.build("publish")
    before = site.snapshot()
    path = site.post("for-subscribers", "Only for the list.", date="2026-01-21", Email_only="yse")
    assert site.build_fails("publish") == [
        f"{path}:4: 'Email-Only: yse' is neither yes nor no. Fix: write 'Email-Only: yes' or 'Email-Only: no'"]
    path.unlink()
    path = issue(site, "january", "2026-01-25", "Posts: first", "Posts-Full: ys")
    assert site.build_fails("publish") == [
        f"{path}:5: 'Posts-Full: ys' is neither yes nor no. Fix: write 'Posts-Full: yes' or 'Posts-Full: no'"]
    assert site.snapshot() == before
    issue(site, "january", "2026-01-25", "Posts: first", "Posts-Full: No")
    site.build("publish")
    assert cards(site, "january") == ["First"]


def test_invoke_new_newsletter_lists_the_posts_new_would_include(tmp_path):
    import shutil
    import subprocess
    import sys

    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".venv", ".git", "output", "preview", "cache",
                                                                 "node_modules", "check-screenshots"))
    done = subprocess.run([sys.executable, "-m", "invoke", "new", "--newsletter", "December letter"],
                          cwd=project, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    path = project / "content" / "newsletters" / "december-letter.md"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("Title: December letter\nDate: ") and "Posts: new\n" in text and "Status: draft\n" in text
    for sample in (project / "content" / "posts").glob("*.md"):
        title = next(line[7:] for line in sample.read_text(encoding="utf-8").splitlines() if line.startswith("Title: "))
        if "Status: draft" not in sample.read_text(encoding="utf-8"):
            assert title in text, title
    assert "<!--" in text and "-->" in text


def test_send_test_sends_an_issue_by_its_slug(site, inbox):
    from test_email import PUBLISHED_SITEURL, send_test

    posts(site)
    issue(site, "january", "2026-01-15")
    site.build("publish", SITEURL=PUBLISHED_SITEURL)
    done = send_test(site, inbox, slug="january", to="me@example.org")
    assert done.returncode == 0, done.stderr
    message = email.message_from_bytes(inbox.envelopes[0].content, policy=policy.default)
    assert message["Subject"] == "January letter" and message["To"] == "me@example.org"


def test_a_hidden_issue_stops_the_build_at_its_status_line(site):
    posts(site)
    path = issue(site, "january", "2026-01-15", "Status: hidden")
    [line] = site.build_fails("publish")
    assert line.startswith(f"{path}:4: ") and "cannot be hidden" in line and "Status: draft" in line, line


def test_a_draft_issue_is_not_the_previous_issue_of_the_next_one(site):
    posts(site)
    issue(site, "january", "2026-01-15")
    issue(site, "unsent", "2026-01-16", "Posts: first", "Status: draft")
    site.post("fourth", "The fourth story.", date="2026-01-25")
    issue(site, "february", "2026-02-01")
    site.build("publish")
    assert cards(site, "february") == ["Fourth", "Third"], "new since January's, the last one sent"


def test_invoke_email_slug_may_name_an_issue(site):
    posts(site)
    issue(site, "january", "2026-01-15")
    site.build("publish", EMAIL_SLUGS=["january"], EMAIL_EXPORT_RECENT=0)
    assert site.path("email/newsletters/january/message.eml").is_file()
    draft = issue(site, "february", "2026-01-16", "Status: draft", "Posts: first")
    [line] = site.build_fails("publish", EMAIL_SLUGS=["february"])
    assert line.startswith(f"{draft}:4: the newsletter issue with the slug 'february' is a draft"), line


def test_a_full_post_links_to_other_posts_and_pictures_by_their_published_address(site):
    posts(site)
    from PIL import Image

    (site.content / "images").mkdir(exist_ok=True)
    Image.new("RGB", (40, 30), "white").save(site.content / "images" / "desk.png")
    site.post("linked", "See [the first]({filename}first.md) and ![A desk]({static}../images/desk.png).",
              date="2026-01-21")
    issue(site, "full", "2026-01-25", "Posts: linked", "Posts-Full: yes")
    site.build("publish")
    body = site.soup("newsletter/full/index.html").select_one(".post-full")
    assert body.select_one("p a")["href"] == f"{SITEURL}/2026/first/"
    assert body.select_one("img")["src"] == f"{SITEURL}/images/desk.png"
    mail = site.soup("email/newsletters/full/email.html")
    assert mail.select_one(f'a[href="{SITEURL}/2026/first/"]') and mail.select_one(f'img[src="{SITEURL}/images/desk.png"]')
    assert f"[1] {SITEURL}/2026/first/" in site.text("email/newsletters/full/email.txt")


def test_a_picture_whose_name_has_a_space_gets_a_working_address_in_a_full_post_and_the_emails(site):
    """A worked-out address holds %20, not a space: an address with a space is cut there by
    mail clients (and a text part's reader) and is no valid address in HTML."""
    posts(site)
    from PIL import Image

    Image.new("RGB", (40, 30), "white").save(site.content / "images" / "my desk.png")
    site.post("desk", "![A desk](<{static}/images/my desk.png>) and [the full picture](<{static}/images/my desk.png>).",
              date="2026-01-21")
    issue(site, "full", "2026-01-25", "Posts: desk", "Posts-Full: yes")
    site.build("publish")
    address = f"{SITEURL}/images/my%20desk.png"
    issue_page = site.soup("newsletter/full/index.html").select_one(".post-full")
    for html in (issue_page, site.soup("email/newsletters/full/email.html"), site.soup("email/desk/email.html")):
        assert html.find("img", alt="A desk")["src"] == address
        assert html.find("a", string="the full picture")["href"] == address
    entry = next(e for e in feedparser.parse(site.text("feeds/atom.xml")).entries if e.link.endswith("/desk/"))
    assert f'src="{address}"' in entry.content[0].value and f'href="{address}"' in entry.content[0].value
    for text in (site.text("email/newsletters/full/email.txt"), site.text("email/desk/email.txt")):
        assert "the full picture [1]" in text and f"[1] {address}\n" in text


def test_an_issue_builds_in_the_preview_with_its_cards_and_email(site):
    posts(site)
    issue(site, "january", "2026-01-15")
    issue(site, "february", "2026-02-15", "Posts: first", "Status: draft")
    preview = "http://127.0.0.1:8000"
    site.build(SITEURL=preview)  # the cards' addresses are the preview's, made by the build, not written
    assert site.soup("newsletter/january/index.html").select_one(".post-card a")["href"] == f"{preview}/2026/second/"
    assert site.soup("drafts/newsletter/february/index.html").select_one(".post-card a")["href"] == \
        f"{preview}/2026/first/"
    assert site.path("email/newsletters/february/email.html").is_file()
    site.post("slip", "See [my notes](http://127.0.0.1:8000/2026/first/).", date="2026-01-10")
    [line] = site.build_fails(SITEURL=preview)
    assert "slip.md" in line and "an address on your own computer" in line, "the coach's own links are still checked"


def test_two_issues_on_one_date_and_time_stop_the_build_at_the_later_ones_date(site):
    posts(site)
    issue(site, "december", "2026-01-25")
    later = issue(site, "january", "2026-01-25")
    [line] = site.build_fails("publish")
    assert line.startswith(f"{later}:2: ") and "same date and time as " in line and "december.md" in line
    assert "'Date: 2026-01-25 17:00'" in line
    issue(site, "january", "2026-01-25 17:00", "Posts: third")
    site.build("publish")


def test_an_issue_still_opening_with_the_words_invoke_new_wrote_is_not_sent(site):
    from writing_checks.new_post import OPENING_PLACEHOLDER

    posts(site)
    path = issue(site, "january", "2026-01-15", body=f"{OPENING_PLACEHOLDER}\n\nMore words.")
    [line] = site.build_fails("publish")
    assert line.startswith(f"{path}:5: ") and "the issue still opens with the line invoke new wrote" in line
    issue(site, "january", "2026-01-15", "Status: draft", body=OPENING_PLACEHOLDER)
    site.build("publish")  # a draft may keep it
    site.post("how-i-write", f'invoke new starts an issue with "{OPENING_PLACEHOLDER}"', date="2026-01-16")
    site.build("publish")  # a post may quote it


def test_an_issue_started_the_day_the_last_one_was_sent_shows_only_later_posts(tmp_path):
    import datetime

    from newsletters.new_issue import new_issue_text

    content = tmp_path / "content"
    (content / "posts").mkdir(parents=True)
    (content / "newsletters").mkdir()
    (content / "posts" / "old.md").write_text("Title: Old story\nDate: 2026-12-01\n\nWords.\n", encoding="utf-8")
    (content / "newsletters" / "sent.md").write_text("Title: Sent\nDate: 2026-12-02 09:00\n\nHi.\n", encoding="utf-8")
    text = new_issue_text("Next", datetime.datetime(2026, 12, 2, 15, 30), "next", content, content / "newsletters")
    assert "Date: 2026-12-02 15:30\n" in text and "Old story" not in text and "(none yet" in text
    (content / "posts" / "new.md").write_text("Title: New story\nDate: 2026-12-02 11:00\n\nWords.\n", encoding="utf-8")
    text = new_issue_text("Next", datetime.datetime(2026, 12, 2, 15, 30), "next", content, content / "newsletters")
    assert "New story (2026-12-02)" in text and "Old story" not in text
    (content / "newsletters" / "draft.md").write_text("Title: Draft\nDate: 2026-12-02 12:00\nStatus: draft\n\nHi.\n",
                                                      encoding="utf-8")
    text = new_issue_text("Next", datetime.datetime(2026, 12, 2, 15, 30), "next", content, content / "newsletters")
    assert "New story (2026-12-02)" in text  # a draft issue is not sent: 'Posts: new' counts from 'Sent'


def test_a_post_renamed_after_its_issue_was_sent_stops_the_build_with_the_redirect_to_add(site):
    """The issue's email already went out with links to the old address: the fix keeps them working."""
    posts(site)
    path = issue(site, "january", "2026-01-25", "Posts: first, second")
    site.build("publish")
    before = site.snapshot()
    renamed = site.post("second", "The second story, in full.", date="2026-01-12", Slug="the-second-story")
    assert site.build_fails("publish") == [
        f"{path}:4: no published post has the slug 'second' (closest: 'the-second-story'). Fix: write the slug "
        "from the post's web address (2026/<slug>/), such as 'the-second-story'; if you renamed the post, also add "
        f"'Redirect-From: /2026/second/' to {renamed}, so the links in the issue already sent still work"
    ]
    assert site.snapshot() == before
    site.post("second", "The second story, in full.", date="2026-01-12", Slug="the-second-story",
              Redirect_From="/2026/second/")
    assert site.build_fails("publish") == [
        f"{path}:4: the post 'second' has the slug 'the-second-story' now ({renamed} redirects from its old "
        "address). Fix: write 'the-second-story' in this Posts: line"
    ]
    issue(site, "january", "2026-01-25", "Posts: first, the-second-story")
    site.build("publish")
    assert cards(site, "january") == ["First", "Second"]


@pytest.mark.parametrize("written, words", [
    ("secnd", "no published post has the slug 'secnd' (closest: 'second'). Fix: write the slug from the "
              "post's web address (2026/<slug>/), such as 'second'"),
    ("second.md", "the post is written 'second.md' in Posts:, with '.md': posts are named by their slug alone. "
                  "Fix: write 'second'"),
    ("scond.md", "no published post has the slug 'scond.md' ('scond' without '.md') (closest: 'second'). Fix: "
                 "write the slug from the post's web address (2026/<slug>/), such as 'second', without '.md'"),
    ("nothing-like-it", "no published post has the slug 'nothing-like-it' (the newest: 'third', 'second', "
                        "'first')"),
])
def test_a_slug_no_post_has_is_answered_with_the_closest_slugs(site, written, words):
    posts(site)
    path = issue(site, "january", "2026-01-25", f"Posts: first, {written}", "Status: draft")
    [line] = site.build_fails()
    assert line.startswith(f"{path}:4: {words}"), line
    assert "Redirect-From" not in line, "an issue not sent yet has no links to keep"
