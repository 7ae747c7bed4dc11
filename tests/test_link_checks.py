"""Relative links (`images/chart.jpg`, `my-story.md`, `www.calendly.com/maya`, ...) stop the
build: a post's page lives at /<year>/<slug>/, so they would point inside its own folder on
the web page, in feeds and in emails. One line names the file and line the coach wrote the
link in, with a fix that fits what the link looks like."""

import pytest

RELATIVE = "is not a complete address, so it is broken on the web page, in feeds and in emails"

KINDS = {
    "picture": ("![A chart](images/coffee-chat.jpg)", "images/coffee-chat.jpg",
                "put the file in content/images/ (if it is not there yet) and write '{static}/images/coffee-chat.jpg'"),
    "picture one folder up": ("![A chart 3](../images/coffee-chat.jpg)", "../images/coffee-chat.jpg",
                              "write '{static}/images/coffee-chat.jpg'"),
    "pdf": ("Get [my guide](guide.pdf).", "guide.pdf", "write '{static}/images/guide.pdf'"),
    "post file": ("Read [my other story](the-rejection-that-taught-me-to-listen.md) too.",
                  "the-rejection-that-taught-me-to-listen.md",
                  "link the post with its file name, as '[text]({filename}the-rejection-that-taught-me-to-listen.md)'"),
    "post file with an anchor": ("See [the call](part-two.markdown#the-call).", "part-two.markdown#the-call",
                                 "'[text]({filename}part-two.markdown#the-call)'"),
    "page of this site without its first /": ("Read [about me](about/).", "about/", "write the address from "
                                              "the site's root: '/about/'"),
    "page one folder up": ("Read [about me](../about/).", "../about/", "'/about/'"),
    "dot folder": ("Read [the policy](.well-known/security/).", ".well-known/security/", "'/.well-known/security/'"),
    "post file on the computer": ("See [it](file:///C:/Users/Maya/x.md).", "file:///C:/Users/Maya/x.md",
                                  "move the post into content/posts/ and link it with its file name, as "
                                  "'[text]({filename}/posts/x.md)'"),
    "www address": ("Book at [my calendar](www.calendly.com/maya).", "www.calendly.com/maya",
                    "write the full address, 'https://www.calendly.com/maya'"),
    "domain": ("Book at [my calendar](calendly.com/maya).", "calendly.com/maya",
               "write the full address, 'https://calendly.com/maya'"),
    "email address": ("Or [mail me](maya@example.com).", "maya@example.com", "write 'mailto:maya@example.com'"),
    "windows path": (r"![x](C:\Users\maya\Pictures\coffee.jpg)", r"C:\Users\maya\Pictures\coffee.jpg",
                     "copy the file from your computer into content/images/ and write '{static}/images/coffee.jpg'"),
    "file address": ("![x](file:///Users/maya/Pictures/coffee.jpg)", "file:///Users/maya/Pictures/coffee.jpg",
                     "copy the file from your computer into content/images/ and write '{static}/images/coffee.jpg'"),
    "anything else": ("See [about me](about.html).", "about.html",
                      "write an address starting with / (a page of this site, e.g. /about/) or https:// "
                      "(another site), or link a post with its file name"),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_relative_link_stops_the_build_with_a_fix_for_its_kind(site, kind):
    body, link, fix = KINDS[kind]
    site.post("story", f"First line.\n\n{body}")
    [line] = site.build_fails()
    assert f"posts/story.md:7: the link '{link}' {RELATIVE}. Fix: " in line
    assert fix in line


def test_every_broken_link_of_a_build_is_named_at_once_and_the_output_kept(site):
    site.post("good")
    site.build()
    before = site.snapshot()
    site.post("story", """\
        Coffee chats work.

        ![A chart](images/coffee-chat.jpg)
        Read [my other story](the-rejection-that-taught-me-to-listen.md) too.
        Book at [my calendar](www.calendly.com/maya) or [mail me](maya@example.com).
        """, Date="2026-01-20")
    lines = site.build_fails()
    assert [line.split("posts/story.md:", 1)[1].split(":", 1)[0] + " " + line.split("the link ", 1)[1].split(" ", 1)[0]
            for line in lines] == ["7 'images/coffee-chat.jpg'", "8 'the-rejection-that-taught-me-to-listen.md'",
                                   "9 'www.calendly.com/maya'", "9 'maya@example.com'"], lines
    assert lines[0].endswith(f"posts/story.md:7: the link 'images/coffee-chat.jpg' {RELATIVE}. Fix: put the file in "
                             "content/images/ (if it is not there yet) and write '{static}/images/coffee-chat.jpg'")
    assert site.snapshot() == before


def test_a_relative_link_in_a_summary_names_the_summary_line(site):
    site.post("story", "A story.", Summary="Book at [my calendar](www.calendly.com/maya).")
    [line] = site.build_fails()
    assert f"posts/story.md:4: the link 'www.calendly.com/maya' {RELATIVE}" in line


def test_a_relative_link_in_a_page_or_a_draft_stops_the_build(site):
    site.page("about", "Book at [my calendar](www.calendly.com/maya).")
    [line] = site.build_fails()
    assert f"pages/about.md:3: the link 'www.calendly.com/maya' {RELATIVE}" in line
    site.page("about")
    site.post("wip", "Not ready.\n\n![A chart](chart.png)", Status="draft")
    [line] = site.build_fails("publish")  # a draft is not published, but it will be
    assert f"posts/wip.md:8: the link 'chart.png' {RELATIVE}" in line


CALL = """\
Title: Talk it through
Button: Book a call
URL: https://cal.example.com/maya

![Maya at her desk](images/maya.jpg)
"""


def test_a_relative_link_in_an_end_cta_names_the_cta_file_and_line(site):
    site.write("ctas/call.md", CALL)
    site.post("story", "A story.", CTA="call")
    [line] = site.build_fails(CTA_DEFAULT=None)
    assert "ctas/call.md:5: the link 'images/maya.jpg' (on the page of " in line
    assert f"posts/story.md) {RELATIVE}. Fix: put the file in content/images/" in line


def test_a_relative_link_in_a_cta_placed_inline_names_the_cta_file_and_line(site):
    site.write("ctas/call.md", CALL)
    site.post("story", "Before.\n\n[[cta:call]]\n\nAfter.", CTA="none")
    [line] = site.build_fails(CTA_DEFAULT=None)
    assert "ctas/call.md:5: the link 'images/maya.jpg' (on the page of " in line


def test_a_relative_link_in_a_ctas_email_text_names_its_line(site):
    site.write("ctas/call.md", CALL.replace("\n\n![Maya at her desk](images/maya.jpg)\n",
                                            "\nEmail: Or [mail me](maya@example.com).\n\nA call.\n"))
    site.post("story", "A story.", CTA="call")
    [line] = site.build_fails(CTA_DEFAULT=None)
    assert "ctas/call.md:4: the link 'maya@example.com' is not a complete address" in line
    assert "Fix: write 'mailto:maya@example.com'" in line


def test_a_relative_link_in_a_disclaimer_names_the_disclaimer(site):
    site.write("disclaimers/default.md", "Names are changed.\n\nSee [my policy](privacy.md).\n")
    site.post("story")
    [line] = site.build_fails()
    assert "disclaimers/default.md:3: the link 'privacy.md' (on the page of " in line
    assert "'[text]({filename}privacy.md)'" in line


def test_links_shown_in_code_are_text_not_links(site):
    """The error names the link after the code: the ones shown in code were not taken for links."""
    site.post("story", """\
        To link a post, write:

        ```
        Read [my other story](other-story.md), see ![a chart](images/chart.png).
        ```

        Or inline: `[x](y.md)` and `<img src="z.png">`.

        Now [a real one](www.calendly.com/maya).
        """)
    [line] = site.build_fails()
    assert f"posts/story.md:13: the link 'www.calendly.com/maya' {RELATIVE}" in line


def test_complete_addresses_anchors_and_queries_are_not_relative(site):
    """Every link before the last one is fine: the error names the last."""
    (site.content / "images" / "chart.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    site.post("good")
    site.post("story", """\
        [a](#top) [b](?q=no) [c](/) [d](/2026/good/) [e](https://x.example/a.md) [f](http://x.example)
        [g](mailto:maya@example.com) [h](tel:+441234567) <maya@example.com> <https://x.example/b>
        [i](//cdn.example/c.png) [j]({filename}good.md) ![k]({static}/images/chart.png) [l](/Users/x.md)
        ![m](data:image/png;base64,iVBORw0KGgo=) ![The old src='before' chart]({static}/images/chart.png)
        [n](https://x.example "see href='x' here")

        Last [one](good.md).
        """, Date="2026-01-20")
    [line] = site.build_fails()
    assert f"posts/story.md:11: the link 'good.md' {RELATIVE}" in line


def test_links_in_html_comments_are_not_relative_links(site):
    site.post("story", "<!-- old: <a href=\"old.md\">x</a> -->\n\nNew [one](new.md).")
    [line] = site.build_fails()
    assert f"posts/story.md:7: the link 'new.md' {RELATIVE}" in line


def test_a_social_link_without_https_stops_the_build(site):
    site.post("story")
    site.settings["SOCIAL"] = [("LinkedIn", "https://www.linkedin.com/in/maya"), ("Website", "www.maya.example")]
    [line] = site.build_fails()
    assert line.startswith("pelicanconf.py")
    assert "the SOCIAL link 'Website' goes to 'www.maya.example', which is not a complete address" in line
    assert "Fix: write the full address, 'https://www.maya.example'" in line


def test_a_social_link_is_named_at_its_line_in_pelicanconf(site, tmp_path, monkeypatch):
    """The build runs in the project's folder, where pelicanconf.py is."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pelicanconf.py").write_text(
        'SOCIAL = [\n    ("LinkedIn", "https://www.linkedin.com/in/maya"),\n    ("Website", "www.maya.example"),\n]\n')
    site.post("story")
    site.settings["SOCIAL"] = [("LinkedIn", "https://www.linkedin.com/in/maya"), ("Website", "www.maya.example")]
    [line] = site.build_fails()
    assert line.startswith("pelicanconf.py:3: the SOCIAL link 'Website'")


@pytest.mark.parametrize("link, expected", [
    ("{category}Salary & Money", "the link '{category}Salary & Money' cannot be made into an address: the "
     "category's name has '&' in it. Fix: link the category's page by its address, '/category/salary-money/'"),
    ("{tag}#OpenToWork", "the link '{tag}#OpenToWork' cannot be made into an address: the tag's name has '#' "
     "in it. Fix: link the tag's page by its address, '/tag/opentowork/'"),
    ("{category}Intervews", "the link '{category}Intervews' goes to no category: no post has the category "
     "'Intervews' (categories: Interviews, Salary & Money). Fix: write the category as a post's 'Category:'"),
])
def test_a_category_or_tag_link_pelican_cannot_make_stops_the_build(site, link, expected):
    """Pelican makes an address of any name, there or not, and cuts a name at & or #."""
    site.post("one", "Words.", Category="Salary & Money", Tags="OpenToWork")
    site.post("two", f"First line.\n\nSee [it]({link}).", Category="Interviews")
    [line] = site.build_fails()
    assert f"posts/two.md:8: {expected}" in line, line


def test_category_and_tag_links_with_spaces_and_accents_build(site):
    site.post("one", "Words.", Category="Career Changes", Tags="négociation, Ça ira")
    site.post("two", "First.\n\n[a]({category}Career Changes) [b]({tag}négociation) [c]({tag}Ça ira)",
              Category="Interviews")
    site.build()
    hrefs = [a["href"] for a in site.soup("2026/two/index.html").select(".post-body a")]
    assert all(site.path(href.split("coach.example/", 1)[1] + "index.html").is_file() for href in hrefs), hrefs


def test_a_social_entry_that_is_not_a_pair_stops_the_build(site):
    site.post("story")
    [line] = site.build_fails(SOCIAL=[("Instagram" "https://www.instagram.com/maya")])
    assert line.startswith("pelicanconf.py: the SOCIAL entry 'Instagramhttps://www.instagram.com/maya' is not a "
                           "(label, address) pair. Fix: write it as"), line


# --- a post with a mistake, and the posts that link to it --------------------------------


@pytest.mark.parametrize("broken, line, problem", [
    ("Title: A\nDate: 2026-13-45\n\nText.\n", 2, "'2026-13-45' is not a valid date"),
    ("Title: A\nDate: 2026-01-02\nTitle: B\n\nText.\n", 3, "the post has two Title: lines (lines 1 and 3)"),
    ("Title: A\nDate: 2026-01-02\n\n![]({static}/images/x.png)\n", 4, "the picture '{static}/images/x.png' has no description"),
])
def test_a_post_with_a_mistake_is_the_only_one_named_not_the_posts_linking_to_it(site, broken, line, problem):
    """Pelican records a post that failed to read as None: it exists, its own line says what is wrong."""
    site.post("a", Date="2026-01-02")
    site.post("b", "See [a]({filename}a.md), also at [its address](/2026/a/).", Date="2026-01-20")
    site.build(mode="publish")
    before = site.snapshot()
    site.write("posts/a.md", broken)
    for mode in ("dev", "publish"):
        [only] = site.build_fails(mode=mode)
        assert f"posts/a.md:{line}: {problem}" in only
        assert site.snapshot() == before


# --- links copied from the preview -------------------------------------------------------

LOCAL = "is an address on your own computer (the preview), so it is broken on the web page, in feeds and in emails"
FROM_THE_ROOT = "write the address from the site's root, '{}', without the computer's address"
COMPUTER_FILE = ("copy the file from your computer into content/images/ and write '{static}/images/me.png' "
                 "(readers cannot open a file on your computer)")
PREVIEW_LINKS = {
    # where: (file written, its text, file named:line, link, fix)
    "post, to a post": ("posts/story.md", "Title: Story\nDate: 2026-01-20\n\nFirst.\n\nSee [it](http://127.0.0.1:8000/2026/other/#end).\n",
                        "posts/story.md:6", "http://127.0.0.1:8000/2026/other/#end",
                        "link the page with its file name, '{filename}/posts/other.md#end' (it follows the page when "
                        "its address changes), or write the address from the site's root, '/2026/other/#end'"),
    "post, to a picture": ("posts/story.md", "Title: Story\nDate: 2026-01-20\n\n![Me](http://localhost:8000/images/me.png)\n",
                           "posts/story.md:4", "http://localhost:8000/images/me.png", "write '{static}/images/me.png'"),
    "post, to no page": ("posts/story.md", "Title: Story\nDate: 2026-01-20\n\n<http://localhost:8001/gone/>\n",
                         "posts/story.md:4", "http://localhost:8001/gone/", FROM_THE_ROOT.format("/gone/")),
    "summary": ("posts/story.md", "Title: Story\nDate: 2026-01-20\nSummary: As [before](http://127.0.0.1:8000/about/).\n\nText.\n",
                "posts/story.md:3", "http://127.0.0.1:8000/about/",
                "link the page with its file name, '{filename}/pages/about.md' (it follows the page when its "
                "address changes), or write the address from the site's root, '/about/'"),
    "page": ("pages/contact.md", "Title: Contact\n\n[Book](http://localhost:8000/book/?day=mon)\n",
             "pages/contact.md:3", "http://localhost:8000/book/?day=mon", FROM_THE_ROOT.format("/book/?day=mon")),
    "call-to-action": ("ctas/newsletter.md", "Title: Join\nButton: Join\nURL: http://127.0.0.1:8000/subscribe/\n\nJoin.\n",
                       "ctas/newsletter.md:3", "http://127.0.0.1:8000/subscribe/", FROM_THE_ROOT.format("/subscribe/")),
    "disclaimer": ("disclaimers/default.md", "Not advice. [Why](http://localhost:8000/why/)\n",
                   "disclaimers/default.md:1", "http://localhost:8000/why/", FROM_THE_ROOT.format("/why/")),
    "file address in a summary": ("posts/story.md", "Title: Story\nDate: 2026-01-20\nSummary: ![Me](file:///C:/Users/maya/me.png)\n\nText.\n",
                                  "posts/story.md:3", "file:///C:/Users/maya/me.png", COMPUTER_FILE),
    "file address in a disclaimer": ("disclaimers/default.md", "![Me](file:///home/maya/me.png)\n",
                                     "disclaimers/default.md:1", "file:///home/maya/me.png", COMPUTER_FILE),
}


@pytest.mark.parametrize("where", sorted(PREVIEW_LINKS))
def test_a_link_copied_from_the_preview_stops_the_build_with_the_address_to_write(site, where):
    """It went out in the page, the feed and the email, where it opens nothing (or the reader's own computer)."""
    relpath, text, named, link, fix = PREVIEW_LINKS[where]
    site.write("ctas/newsletter.md", "Title: Join\nButton: Join\nURL: https://join.example/\n\nJoin.\n")
    site.post("other", Date="2026-01-02")
    site.page("about")
    from PIL import Image
    Image.new("RGB", (40, 40)).save(site.content / "images" / "me.png")
    site.build()
    before = site.snapshot()
    site.write(relpath, text)
    if relpath != "posts/story.md":
        site.post("story")
    on_page = "" if named.startswith(("posts/", "pages/")) else f" (on the page of {site.content / 'posts' / 'story.md'})"
    problem = LOCAL if not link.startswith("file:") else RELATIVE
    for mode in ("dev", "publish"):
        assert site.build_fails(mode) == [f"{site.content / named}: the link '{link}'{on_page} {problem}. Fix: {fix}"]
        assert site.snapshot() == before


def test_links_the_preview_build_makes_itself_are_not_the_coach_s(site):
    """In the preview, SITEURL is http://127.0.0.1:8000: the {filename} links of a CTA or a disclaimer
    are worked out to that address, and addresses shown in code are text."""
    site.page("about")
    site.post("other", Date="2026-01-02")
    site.write("ctas/newsletter.md", "Title: Join\nButton: Join\nURL: https://join.example/\nEmail: See [it]({filename}/posts/other.md).\n\n"
                                     "[About]({filename}/pages/about.md)\n")
    site.write("disclaimers/default.md", "Not advice. [About]({filename}/pages/about.md)\n")
    site.post("story", "See [other]({filename}other.md); the preview is at `http://127.0.0.1:8000/`.\n\n[[cta:newsletter]]")
    site.build(SITEURL="http://127.0.0.1:8000")
    assert "http://127.0.0.1:8000/" in site.soup("2026/story/index.html").select_one(".post-body code").get_text()


def test_a_picture_over_plain_http_stops_the_build_with_the_https_address(site):
    site.post("story", "First line.\n\n![A chart](http://charts.example/q3.png)")
    [line] = site.build_fails()
    assert "content/posts/story.md:7: the link 'http://charts.example/q3.png' is a picture loaded over http://" in line
    assert "write 'https://charts.example/q3.png'" in line and "{static}/images/q3.png" in line


@pytest.mark.parametrize("body, expected", [
    ("See [my story]({filename}my-frist-story.md).",
     "the link '{filename}my-frist-story.md' points to 'posts/my-frist-story.md', which does not exist (did you "
     "mean 'my-first-story.md'?). Fix: write '{filename}/posts/my-first-story.md'"),
    ("![A chart]({static}/images/chart-2025.png)",
     "the picture '{static}/images/chart-2025.png' is not in content/images/ (did you mean 'chart-2026.png' or "
     "'chart-2024.png'?). Fix: write '{static}/images/chart-2026.png'"),
    ("![A chart]({static}/images/Chart-2026.png)",
     "the picture '{static}/images/Chart-2026.png' is not in content/images/ (did you mean 'chart-2026.png'?)"),
    ("![Me]({static}/images/portrait.jpg)",
     "the picture '{static}/images/portrait.jpg' is not in content/images/. Fix: save the picture as "
     "content/images/portrait.jpg, or correct the name"),
])
def test_a_link_to_a_file_not_there_names_the_nearest_files(site, body, expected):
    from PIL import Image

    site.post("my-first-story")
    for name in ("chart-2026.png", "chart-2024.png", "team.png"):
        Image.new("RGB", (8, 8)).save(site.content / "images" / name)
    path = site.post("new", f"First line.\n\n{body}")
    [line] = site.build_fails()
    assert line == f"{path}:7: {expected}" or line.startswith(f"{path}:7: {expected}. Fix:"), line
