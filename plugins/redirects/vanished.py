"""`invoke publish`: no address of the published site stops answering unnoticed.

Readers keep addresses: in bookmarks, in links from other sites, and in every email already
sent. When a post's `Slug:` changes, or a post or page is deleted, its old address would
silently answer "not found". So the runner, once the new site is complete in its staging
folder and before it replaces output/ (the site published last), calls `check_addresses`:
every page of the old site must still be in the new one, be sent on by a `Redirect-From:`
line (redirects/pages.py writes those pages), or be listed in content/removed.txt (one
address a line, `#` for a note), which says it was removed on purpose: it then answers with
the 404 page. Each address that would vanish is one line, with the fix.

Pages that come and go by themselves are not compared: category, tag and author pages and
the pages after the first of any list (settings' *_SAVE_AS and PAGINATION_PATTERNS), the
emails (email/), drafts and the theme's files. Only builds with CHECK_VANISHED_ADDRESSES
(publishconf.py) compare: the preview's drafts come and go as the coach writes.
"""

import os
import re
from urllib.parse import quote

from bs4 import BeautifulSoup

from blocks import state_of
from blocks.state import STATE_KEY
from build.settings import defaults, setting
from writing_checks.errors import AuthorError, display_path, read_text_file, report
from writing_checks.links import written

from .addresses import AddressProblem, old_address, site_folder
from .pages import every_content

DEFAULTS = defaults({
    # Whether the build compares the new site with the one it replaces (output/): on in
    # publishconf.py only.
    "CHECK_VANISHED_ADDRESSES": False,
})
REMOVED_FILE = "removed.txt"  # in content/: the addresses removed on purpose
# Folders of the site whose pages come and go: the newest posts' emails, drafts (previews).
SKIPPED_FOLDERS = ("email", "drafts")
LISTINGS = ("CATEGORY_SAVE_AS", "TAG_SAVE_AS", "AUTHOR_SAVE_AS", "YEAR_ARCHIVE_SAVE_AS",
            "MONTH_ARCHIVE_SAVE_AS", "DAY_ARCHIVE_SAVE_AS")
PLACEHOLDER = re.compile(r"\{[^}]*\}")

def note_pages(generators):
    """`all_generators_finalized`: the title and date of every page the build writes, to name
    the post that now lives elsewhere when its old address vanishes; and whether a post or
    page failed to read (its own line says why: its address is not "vanished" as well)."""
    state = state_of(generators[0].settings)
    state.read_failed = any(content is None for content in generators[0].context.get("generated_content", {}).values())
    state.written_pages = [  # (title, date, source path, save_as)
        (content.title, _date(content), content.source_path, content.save_as)
        for content in every_content(generators) if content.save_as]


def _date(content):
    date = getattr(content, "date", None)
    return date.isoformat() if hasattr(date, "isoformat") else None


def check_addresses(settings, staging):
    """Called by the runner with the new site in `staging`, before it replaces the old one
    (settings["FINAL_OUTPUT_PATH"]): each old page that vanished stops the build."""
    previous = settings.get("FINAL_OUTPUT_PATH")
    if not setting(settings, "CHECK_VANISHED_ADDRESSES") or not previous or not os.path.isdir(previous):
        return
    if getattr(settings.get(STATE_KEY), "read_failed", False):
        return  # the build stops at the file that failed: one mistake, one line
    removed = removed_files(settings)
    listings = {}
    errors = [vanished(previous, file, settings)
              for file in sorted(compared_pages(previous, settings))
              if file not in removed and not written(staging, quote("/" + file), listings)]
    if errors:
        for error in errors:
            report(error)  # one line each; the runner drops the raised one's repeat
        raise errors[0]


def compared_pages(site, settings):
    """The pages of the site in folder `site` (paths relative to it) whose addresses must
    last: every .html file but those that come and go (see the module's docstring)."""
    skipped = {*SKIPPED_FOLDERS, settings.get("THEME_STATIC_DIR", "theme")}
    patterns = listing_patterns(settings)
    for folder, folders, files in os.walk(site):
        relative = os.path.relpath(folder, site).replace(os.sep, "/")
        relative = "" if relative == "." else relative + "/"
        folders[:] = [name for name in folders if not name.startswith(".")
                      and not (relative == "" and name in skipped)]
        for name in files:
            if name.lower().endswith((".html", ".htm")) and not patterns.fullmatch(relative + name):
                yield relative + name


def listing_patterns(settings):
    """One pattern for the paths of the listing pages, which come and go with the posts."""
    alternatives = [r"(?:.+/)?page/\d+/index\.html"]  # a default for lists after their first page
    for name in LISTINGS:
        save_as = str(settings.get(name) or "")
        if save_as:
            alternatives.append("[^/]+".join(re.escape(part) for part in PLACEHOLDER.split(save_as)))
    for _minimum, _url, save_as in settings.get("PAGINATION_PATTERNS") or ():
        if "{number}" in save_as:
            pattern = re.escape(save_as.lstrip("/")).replace(re.escape("{base_name}/"), "(?:.+/)?")
            alternatives.append(pattern.replace(re.escape("{base_name}"), ".*")
                                .replace(re.escape("{number}"), r"\d+"))
    return re.compile("|".join(f"(?:{pattern})" for pattern in alternatives))


def removed_files(settings):
    """The files of the addresses content/removed.txt lists; a line that is not an
    address stops the build at that line."""
    path = os.path.join(settings["PATH"], REMOVED_FILE)
    if not os.path.isfile(path):
        return set()
    folder = site_folder(settings.get("SITEURL"))
    files = set()
    for number, line in enumerate(read_text_file(path).split("\n"), start=1):
        address = line.split("#", 1)[0].strip()
        if not address:
            continue
        try:
            files.add(old_address(address, folder).file)
        except AddressProblem as problem:
            raise AuthorError(problem.problem, problem.fix + ", one address a line ('#' starts a note)",
                              path=path, line=number) from None
    return files


def vanished(site, file, settings):
    """The line for the old page `file` of `site` that the new site does not answer."""
    folder = site_folder(settings.get("SITEURL"))
    shown = folder + "/" + (file[: -len("index.html")] if file == "index.html" or file.endswith("/index.html")
                            else file)
    title, date, sent_on = old_page(os.path.join(site, *file.split("/")))
    sources = moved_to(site, title, date, settings)
    removed = display_path(os.path.join(settings["PATH"], REMOVED_FILE))
    was = (f"the old address {shown}, which sent readers on to '{title}'," if sent_on
           else f"the published address {shown} of '{title}'" if title else f"the published page at {shown}")
    problem = f"{was} is not in the new site, so links to it (in emails already sent too) would break"
    if len(sources) == 1:
        return AuthorError(
            problem,
            f"add the line 'Redirect-From: {shown}' to this file (it sends readers from there to "
            f"here); or, if that address should go, add {shown} on a line of {removed}",
            path=sources[0])
    return AuthorError(
        problem,
        f"add the line 'Redirect-From: {shown}' to the post or page that now has its content; or, "
        f"if you removed it on purpose, add {shown} on a line of {removed} (readers then get the "
        "404 page)",
        path=os.path.join(site, *file.split("/")))


def moved_to(site, title, date, settings):
    """The source files of the pages of this build that are likely the old page moved: the
    same title, else the same date at an address the old site did not have."""
    pages = getattr(settings.get(STATE_KEY), "written_pages", ())
    same_title = [source for shown, _, source, _ in pages if title and shown == title]
    if same_title:
        return same_title
    return [source for _, when, source, save_as in pages if date and when == date
            and not os.path.lexists(os.path.join(site, *save_as.split("/")))]


def old_page(path):
    """(the title of the old page's post, its date, whether it was a redirect page): its
    first heading and published time, or for a redirect page the words of its link."""
    try:
        with open(path, "rb") as handle:
            soup = BeautifulSoup(handle.read(), "lxml")
    except OSError:
        return "", None, False
    refresh = soup.find("meta", attrs={"http-equiv": lambda value: str(value).lower() == "refresh"})
    heading = soup.find("a", href=True) if refresh is not None else soup.find("h1")
    published = soup.find("meta", attrs={"property": "article:published_time"})
    return ((" ".join(heading.get_text().split()) if heading else ""),
            published.get("content") if published is not None else None, refresh is not None)
