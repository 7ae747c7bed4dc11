"""Site search: a Pagefind index of the published posts and pages, and the /search/ page.

Pagefind (PyPI `pagefind[bin]`, its program inside the wheel) reads the finished site and
writes pagefind/ beside it: the index, cut in small files a browser fetches as a reader
types, and the search interface. It runs when Pelican has written the site, into the new
site's folder before it replaces the old one (build.runner), so the search of a site always
matches its pages; a failure stops the build with one line.

What is indexed: only the main text of published posts and pages, which article.html and
page.html mark with `data-pagefind-body` (Pagefind then leaves out every page without it:
drafts in previews, hidden posts and pages, the home page, lists, the search page, emails),
without the calls-to-action and disclaimers every post repeats (SEARCH_EXCLUDE_SELECTORS).
The search page (theme/templates/search.html, in DIRECT_TEMPLATES) runs Pagefind's interface
from this site (no request elsewhere); without JavaScript it says where to find the stories.
"""

import logging
import os
import shutil
import subprocess
from urllib.parse import urlparse

from pelican import signals

from blocks import state_of
from build.output_folder import link_or_copy
from build.settings import defaults, setting
from writing_checks.errors import AuthorError

logger = logging.getLogger(__name__)

DEFAULTS = defaults({
    # Make the search index (and so a working /search/ page). tests/conftest.py turns it off
    # for the tests that do not search, to keep them fast.
    "SEARCH_INDEX": True,
    # Parts of the indexed pages that are not the post's own words: what every post repeats,
    # and the line of date, reading time and category under the title.
    "SEARCH_EXCLUDE_SELECTORS": [".cta", ".disclaimer", ".post-meta"],
    # The longest a run of Pagefind may take, in seconds.
    "SEARCH_TIMEOUT": 600,
    # Keep the index of the site this build replaces, if it has one, instead of making it
    # again: invoke serve's rebuilds (Pagefind was a third of each, 2.6 of 6.9 s at 1,000
    # posts), whose preview then searches the posts as they were when it started.
    "SEARCH_INDEX_REUSE": False,
})
BUNDLE = "pagefind"  # the folder of the index and interface, in the site
FIX = ("reinstall the site's tools (.venv/bin/pip install -r requirements.txt), or set SEARCH_INDEX = False "
       "in pelicanconf.py to build without search")


def note_published(generators):
    """`all_generators_finalized`: whether this build publishes a post or page to index (on
    the build's state): Pagefind stops on a site with nothing to index, and would index every
    page of a site where no page is marked."""
    state_of(generators[0].settings).publishes_content = (any(
        getattr(content, "status", "") == "published" and getattr(content, "save_as", "")
        for generator in generators for name in ("articles", "pages") for content in getattr(generator, name, [])
    ))


def expose_base_url(pelican):
    """`initialized`: where the site lives on its host ("/", or "/blog/" for a site at
    https://example.org/blog), for the search page to make the results' addresses."""
    path = urlparse(pelican.settings.get("SITEURL") or "").path.strip("/")
    pelican.settings["SEARCH_BASE_URL"] = f"/{path}/" if path else "/"


def pagefind_program():
    from pagefind_bin import get_executable

    return str(get_executable())


def build_index(pelican):
    """`finalized`: run Pagefind over the new site, in its (staging) folder."""
    settings = pelican.settings
    if not setting(settings, "SEARCH_INDEX") or not getattr(state_of(settings), "publishes_content", False):
        return
    site = settings["OUTPUT_PATH"]
    if setting(settings, "SEARCH_INDEX_REUSE") and kept_index(settings.get("FINAL_OUTPUT_PATH"), site):
        return
    try:
        command = [pagefind_program(), "--site", site, "--output-subdir", BUNDLE, "--silent"]
    except (ImportError, FileNotFoundError) as error:
        raise AuthorError(f"the search index cannot be made: Pagefind is not installed ({error})", FIX,
                          path="requirements.txt") from None
    excluded = setting(settings, "SEARCH_EXCLUDE_SELECTORS")
    if excluded:
        command += ["--exclude-selectors", ", ".join(excluded)]
    parent = os.getpid()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=setting(settings, "SEARCH_TIMEOUT"),
                              preexec_fn=lambda: _die_with(parent))
    except subprocess.TimeoutExpired:
        raise AuthorError(f"the search index was not made within {setting(settings, 'SEARCH_TIMEOUT')} seconds",
                          "build again; if it happens again, set SEARCH_TIMEOUT higher in pelicanconf.py",
                          path="pelicanconf.py") from None
    except OSError as error:
        raise AuthorError(f"the search index cannot be made: Pagefind did not start ({error.strerror or error})",
                          FIX, path="requirements.txt") from None
    if done.returncode != 0:
        said = " ".join((done.stderr or done.stdout or "").split()) or f"exit status {done.returncode}"
        raise AuthorError(f"the search index could not be made (Pagefind: {said[:300]})", FIX,
                          path="requirements.txt")


def kept_index(replaced, site):
    """Whether the index of the site being replaced (`replaced`) is now in `site` (Pagefind
    writes each of its files anew, never into one: they are hard-linked)."""
    old = os.path.join(replaced or "", BUNDLE)
    if not replaced or not os.path.isfile(os.path.join(old, "pagefind.js")):
        return False
    shutil.copytree(old, os.path.join(site, BUNDLE), copy_function=link_or_copy)
    return True


def _die_with(parent):
    """In Pagefind's process: end with the build (a killed build leaves nothing running)."""
    from build.parallel import die_with_parent

    die_with_parent(parent)


def register():
    signals.initialized.connect(expose_base_url)
    signals.all_generators_finalized.connect(note_published)
    signals.finalized.connect(build_index)
