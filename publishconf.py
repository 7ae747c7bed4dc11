"""Settings for the production build (`invoke publish`): pelicanconf.py plus these changes."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: E402,F403

# The address readers use. Feeds, emails and canonical links are built from it.
SITEURL = "https://www.thehonestno.example"
RELATIVE_URLS = False
# The folder to upload: only this build writes it (previews go to preview/).
OUTPUT_PATH = "output"

# Drafts and posts dated in the future are not published: neither posts nor pages, nor
# their translations (an empty SAVE_AS writes nothing).
SHOW_DRAFTS = False
DRAFT_SAVE_AS = DRAFT_URL = ""
DRAFT_LANG_SAVE_AS = DRAFT_LANG_URL = ""
DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_URL = ""
DRAFT_PAGE_LANG_SAVE_AS = DRAFT_PAGE_LANG_URL = ""
DRAFT_NEWSLETTER_SAVE_AS = DRAFT_NEWSLETTER_URL = ""  # newsletter issues not sent yet
DRAFT_NEWSLETTER_LANG_SAVE_AS = DRAFT_NEWSLETTER_LANG_URL = ""

# Pelican's own feeds stay off: the site_feeds plugin writes ours.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
