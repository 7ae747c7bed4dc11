"""Writing that no part of the build reads stops the build, one line per file, with the fix.

Stock Pelican passes over a post saved as `.txt`, `.md.txt` (Windows Notepad) or `.MD`, or
put outside content/posts/ and content/pages/, without a word: the build succeeded and the
story was just missing. Pictures, static files, CTAs, disclaimers and junk files are fine.
"""

from pathlib import Path

import pytest

from writing_checks.errors import display_path

POST = "Title: A story\nDate: 2026-01-20\n\nSome words.\n"
CTA = "Title: Book a call\nButton: Book\nURL: https://cal.example.com/call\n\nLet us talk.\n"


def shown(site, folder=""):
    """A folder as the build names it in its messages."""
    return display_path(site.content / folder) + "/"


def fails_naming(site, relpath):
    """Build after a good build: the one line it prints, which must name `relpath`, and
    output/ exactly as it was."""
    site.post("good-story")
    site.build()
    before = site.snapshot()
    site.write(relpath, POST)
    lines = site.build_fails()
    assert len(lines) == 1, lines
    where, _, message = lines[0].partition(": ")
    assert Path(where).resolve() == (site.content / relpath).resolve(), lines[0]
    assert site.snapshot() == before
    return message


def test_txt_post_is_named_with_its_rename(site):
    message = fails_naming(site, "posts/txtpost.txt")
    assert message.startswith("this post is left out of the site")
    assert "Fix: rename it to txtpost.md," in message


def test_notepad_md_txt_post_is_named_with_its_rename(site):
    message = fails_naming(site, "posts/mdpost.md.txt")
    assert "ends in .md.txt" in message
    assert message.endswith("Fix: rename it to mdpost.md")


def test_capital_md_post_is_named_with_its_rename(site):
    message = fails_naming(site, "posts/UPPER.MD")
    assert "only in small letters" in message
    assert message.endswith("Fix: rename it to UPPER.md")


def test_wrong_extension_in_pages_says_page(site):
    message = fails_naming(site, "pages/about.Markdown")
    assert message.startswith("this page is left out of the site")
    assert message.endswith("Fix: rename it to about.markdown")


@pytest.mark.parametrize("name", ["story.docx", "story.rtf", "story.odt", "story.html", "story.rst", "story.mdx"])
def test_a_document_in_posts_is_named_with_how_to_save_it(site, name):
    message = fails_naming(site, f"posts/{name}")
    ending = name.rsplit(".", 1)[1]
    assert message.startswith(f"this post is left out of the site: the build reads text written in Markdown, "
                              f"saved with a name ending in .md, not a .{ending} document"), message
    assert "Fix: save it as plain text named story.md" in message


def test_a_post_saved_without_an_ending_is_named_with_its_rename(site):
    message = fails_naming(site, "posts/story")
    assert message.startswith("this post is left out of the site: its name has no ending"), message
    assert "Fix: rename it to story.md" in message


def test_documents_and_files_without_an_ending_that_are_not_writing_build(site):
    site.write("extra/CNAME", "www.example.org\n")
    site.write("worksheets/cv-template.docx", "not a story")
    site.write("posts/LICENSE", "All rights reserved.\n")
    site.write("ctas/README", "Calls-to-action live here.\n")
    (site.content / "posts" / "Icon\r").write_bytes(b"")  # macOS's folder icon file
    (site.content / "posts" / "photo").write_bytes(b"\x89PNG\r\n\x1a\n")
    (site.content / "posts" / "~$ry-in-review.docx").write_bytes(b"\x00Word's lock file")
    site.post("story")
    site.build()


def test_rename_onto_an_existing_post_says_keep_one(site):
    site.write("posts/story.md", POST)
    message = fails_naming(site, "posts/story.md.txt")
    assert f"Fix: {display_path(site.content / 'posts' / 'story.md')} exists already: keep" in message
    assert "Fix: rename" not in message


@pytest.mark.parametrize("relpath", ["in-root.md", "post/in-post.md", "Posts/capital-folder.md"])
def test_markdown_outside_posts_and_pages_is_named_with_where_to_move_it(site, relpath):
    message = fails_naming(site, relpath)
    assert f"Fix: move it into {shown(site, 'posts')} (a story) or {shown(site, 'pages')} (a page), " in message
    assert " rename " not in message


def test_text_outside_posts_and_pages_is_moved_and_renamed(site):
    message = fails_naming(site, "drafts/idea.txt")
    assert f"(a page) and rename it to idea.md, or move it out of {shown(site)} if" in message


def test_cta_with_a_wrong_extension_is_named(site):
    message = fails_naming(site, "ctas/webinar.md.txt")
    assert message.startswith("this call-to-action is never read")
    assert message.endswith("Fix: rename it to webinar.md")


def test_disclaimer_in_a_subfolder_is_named(site):
    message = fails_naming(site, "disclaimers/old/legal.md")
    assert message.startswith("this disclaimer is never read")
    assert message.endswith(f"Fix: move it into {shown(site, 'disclaimers')}")


def test_a_cta_folder_of_its_own_setting_is_honoured(site):
    site.settings.update(CTA_PATH="buttons", CTA_DEFAULT="newsletter")
    site.write("buttons/newsletter.md", CTA)
    message = fails_naming(site, "ctas/newsletter.md")  # no longer the CTA folder
    assert message.startswith("this file is left out of the site")


def test_every_stray_file_gets_its_own_line(site):
    site.post("good-story")
    for relpath in ("posts/a.txt", "posts/b.MD", "notes.md"):
        site.write(relpath, POST)
    lines = site.build_fails()
    assert [Path(line.partition(": ")[0]).name for line in lines] == ["notes.md", "a.txt", "b.MD"]
    assert all(". Fix: " in line and "\n" not in line for line in lines)


def test_pictures_static_text_ctas_and_disclaimers_build(site):
    site.write("images/steps.png", "not really a png")
    site.write("images/credits.txt", "Photos by a friend.\n")  # a .md there stops the build (test_build_safety)
    site.write("extra/LICENSE.txt", "CC BY 4.0\n")
    site.write("ctas/newsletter.md", CTA)
    site.write("disclaimers/default.md", "Not advice.\n")
    site.post("story")
    site.build()
    assert site.text("extra/LICENSE.txt") == "CC BY 4.0\n"


def test_a_markdown_post_builds(site):
    site.write("posts/long-form.markdown", "Title: Long form\nDate: 2026-02-01\n\nSome words.\n")
    site.build()
    assert site.path("2026/long-form/index.html").is_file()


def test_a_text_file_linked_with_static_builds(site):
    site.post("story", body="Get [the checklist]({static}/downloads/checklist.txt).")
    site.write("downloads/checklist.txt", "1. Breathe.\n")
    site.build()
    assert site.text("downloads/checklist.txt") == "1. Breathe.\n"


def test_a_skipped_post_builds(site):
    site.post("story")
    site.post("not-yet", status="skip")
    site.build()
    assert not site.path("2026/not-yet/index.html").exists()


@pytest.mark.parametrize(
    "relpath",
    [".DS_Store", "posts/Thumbs.db", "posts/desktop.ini", "posts/.story.md.swp", "posts/story.md~",
     "posts/story.md.bak", "posts/#story.md#", ".obsidian/notes.md", "posts/.hidden.txt"],
)
def test_junk_and_hidden_files_build(site, relpath):
    site.post("story")
    site.write(relpath, "junk\n")
    site.build()


def test_files_pelican_is_told_to_ignore_build(site):
    site.settings["IGNORE_FILES"] = ["**/.*", "notes"]
    site.post("story")
    site.write("notes/idea.md", POST)
    site.build()
