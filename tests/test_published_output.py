"""What `invoke publish` writes to upload: no file names a folder of the coach's computer
(build bookkeeping with absolute paths once did), and robots.txt keeps search engines out
of the drafts and of the emails (their previews and files under /email/)."""

from urllib.robotparser import RobotFileParser

from conftest import ROOT

PUBLISHED_SITEURL = "https://www.thehonestno.example"  # publishconf.py's, as sample_site is built


def test_no_published_file_names_a_folder_of_this_computer(sample_site):
    folders = {str(ROOT), str(ROOT / "content"), str(sample_site.root), str(sample_site.root.resolve())}
    files = [path for path in sample_site.output.rglob("*") if path.is_file()]
    assert any(path.name == "message.eml" for path in files) and any(path.suffix == ".png" for path in files)
    leaks = [
        (path.relative_to(sample_site.output).as_posix(), folder)
        for path in files
        for folder in folders
        if folder.encode() in path.read_bytes()
    ]
    assert leaks == []


def test_robots_txt_keeps_search_engines_out_of_drafts_and_emails(sample_site):
    robots = RobotFileParser()
    robots.parse(sample_site.text("robots.txt").splitlines())
    for path in ("/email/", "/email/index.json", "/email/the-follow-up-email-nobody-sends/email.html",
                 "/drafts/salary-conversations/"):
        assert not robots.can_fetch("*", PUBLISHED_SITEURL + path), path
    for path in ("/", "/2026/the-follow-up-email-nobody-sends/", "/category/interviews/", "/feeds/atom.xml"):
        assert robots.can_fetch("*", PUBLISHED_SITEURL + path), path
    assert robots.site_maps() == [f"{PUBLISHED_SITEURL}/sitemap.xml"]
