"""Settings for the development build (`invoke build`, `invoke serve`).

The first block is what a coach changes; the rest wires the theme and plugins.
`publishconf.py` starts from this file and changes only what production needs.
"""

import sys
from pathlib import Path

# Plugins import each other's shared helpers by name (e.g. `content_forms`).
_PLUGINS_DIR = str(Path(__file__).resolve().parent / "plugins")
if _PLUGINS_DIR not in sys.path:
    sys.path.insert(0, _PLUGINS_DIR)

# --- Who you are and what the site is called ------------------------------------
AUTHOR = "Maya Okafor"
SITENAME = "The Honest No"
SITESUBTITLE = "Career stories about rejection, courage and what comes next"
SITE_DESCRIPTION = (
    "A career coach writes about interviews that went wrong, the word no, "
    "and the clarity that follows."
)
DEFAULT_LANG = "en"
TIMEZONE = "Europe/London"

# Where the site lives. Development builds are previewed on this machine;
# publishconf.py sets the real address.
SITEURL = "http://127.0.0.1:8000"
RELATIVE_URLS = False

# Links in the footer: (label, URL). Leave the list empty for none.
SOCIAL = [
    ("LinkedIn", "https://www.linkedin.com/in/example-coach"),
    ("Mastodon", "https://mastodon.social/@example-coach"),
]

# --- Branding -----------------------------------------------------------------------
# Pictures are paths under content/ (put them in content/images/).
# Your photo: on the home page, beside your introduction, and next to your name on each post.
AUTHOR_PHOTO = "images/maya.jpg"
# A logo before the site's name in the header (a small PNG or SVG), or None for the name alone.
SITE_LOGO = None
# The icon in the browser's tab (a square PNG or SVG, 180 px or more), or None for the theme's.
FAVICON = None
# The colours of the picture shown when a post is shared (its social card), as "#rrggbb".
SOCIAL_CARD_COLORS = {
    "background": "#fbfaf7", "text": "#1f2328", "muted": "#4f5661", "accent": "#8a3b12", "rule": "#d9d4c8",
}
# The sentence after the copyright line at the foot of every page ("" for none). The years
# come from your first and latest published posts.
FOOTER_LINE = "Written by a person, for people deciding what comes next."
# The home page: the title and text of this page introduce you (it gets no page of its own),
# then the sign-up box of HOME_CTA ("default": the CTA_DEFAULT below; None for none), then
# your latest stories.
HOME_PAGE = "pages/home.md"
HOME_CTA = "default"

# --- Newsletter -------------------------------------------------------------------
NEWSLETTER_SIGNUP_ACTION = "https://buttondown.com/api/emails/embed-subscribe/example-coach"
# The call-to-action that ends every post and that [[cta]] places (content/ctas/NAME.md).
CTA_DEFAULT = "newsletter"
NEWSLETTER_FROM = "Maya Okafor <maya@example.com>"
NEWSLETTER_ADDRESS = "The Honest No, 12 Example Street, London N1 0XX, United Kingdom"
EMAIL_ESP = "buttondown"  # buttondown, kit, mailchimp or generic
SMTP_HOST = "127.0.0.1"
SMTP_PORT = 587
SMTP_USER = ""  # the password is read from the SMTP_PASSWORD environment variable

# --- Uploading to your own web host (invoke upload; docs/going-live.md) ---------------------
# output/ is copied with rsync over SSH to UPLOAD_USER@UPLOAD_HOST:UPLOAD_PATH, logging in with
# your SSH key (no password is ever asked for or stored). Not needed for GitHub Pages or Netlify.
UPLOAD_HOST = ""  # your host's SSH server, such as "ssh.example.com"
UPLOAD_USER = ""  # your login there
UPLOAD_PATH = ""  # the folder it serves the site from, such as "public_html": holding only the site

# --- Content layout -------------------------------------------------------------------
PATH = "content"
# Previews (drafts shown, links to this computer) go to preview/; publishconf.py writes
# output/, so output/ always holds a site that can be uploaded.
OUTPUT_PATH = "preview"
CACHE_PATH = "cache"
ARTICLE_PATHS = ["posts"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images", "extra"]
# Read by plugins, never published as posts or pages.
ARTICLE_EXCLUDES = ["ctas", "disclaimers", "pages"]
# Posts and pages are Markdown only: Pelican would also read .html and .rst files, which
# the coach's tools never make (writing_checks.stray_files names such a file and the fix).
READERS = {"html": None, "htm": None, "rst": None}
# A post without a Category: line goes in this one (Pelican would name it after its
# folder: "posts", or "2026" for content/posts/2026/).
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = "Career stories"
PAGE_EXCLUDES = ["ctas", "disclaimers", "posts"]
EXTRA_PATH_METADATA = {
    "extra/favicon.ico": {"path": "favicon.ico"},
}

ARTICLE_URL = "{date:%Y}/{slug}/"
ARTICLE_SAVE_AS = "{date:%Y}/{slug}/index.html"
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
DRAFT_PAGE_URL = "drafts/pages/{slug}/"
DRAFT_PAGE_SAVE_AS = "drafts/pages/{slug}/index.html"
# A translation (the same Slug: with another Lang:) lives under its original's address,
# and each links the other (theme/templates/includes/translations.html).
ARTICLE_LANG_URL = "{date:%Y}/{slug}/{lang}/"
ARTICLE_LANG_SAVE_AS = "{date:%Y}/{slug}/{lang}/index.html"
DRAFT_LANG_URL = "drafts/{slug}/{lang}/"
DRAFT_LANG_SAVE_AS = "drafts/{slug}/{lang}/index.html"
PAGE_LANG_URL = "{slug}/{lang}/"
PAGE_LANG_SAVE_AS = "{slug}/{lang}/index.html"
DRAFT_PAGE_LANG_URL = "drafts/pages/{slug}/{lang}/"
DRAFT_PAGE_LANG_SAVE_AS = "drafts/pages/{slug}/{lang}/index.html"
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = "category/{slug}/index.html"
CATEGORIES_URL = "categories/"
CATEGORIES_SAVE_AS = "categories/index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = "tag/{slug}/index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "categories", "tags", "archives", "sitemap", "robots", "search"]
# The search page (plugins/site_search: a Pagefind index of the published posts and pages).
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"
SITEMAP_SAVE_AS = "sitemap.xml"
ROBOTS_SAVE_AS = "robots.txt"
DEFAULT_PAGINATION = 8
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
SUMMARY_MAX_LENGTH = 40
DEFAULT_DATE_FORMAT = "%-d %B %Y"

# Posts dated in the future are drafts until their date (Pelican files them as drafts);
# development builds show every draft, marked "Draft"; publishconf.py writes none.
WITH_FUTURE_DATES = False
SHOW_DRAFTS = True

# --- Theme and Markdown -------------------------------------------------------------------
THEME = "theme"
JINJA_ENVIRONMENT = {
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "extensions": [],
}
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.meta": {},
        "markdown.extensions.extra": {},
        # Fenced code anywhere (in callouts and list items too), highlighted by Pygments.
        "pymdownx.superfences": {},
        "pymdownx.highlight": {"css_class": "highlight", "guess_lang": False},
        "markdown.extensions.toc": {},
        # A numbered list the coach starts at 3 (steps continued after a paragraph) starts at 3.
        "markdown.extensions.sane_lists": {},
        # Curly quotes and apostrophes, en and em dashes (-- and ---) and ellipses (...),
        # never inside code; titles get the same (plugins/typography).
        "markdown.extensions.smarty": {},
    },
    "output_format": "html5",
}
TYPOGRIFY = False

# --- Plugins ----------------------------------------------------------------------
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["build", "writing_checks", "blocks", "article_extras", "email_export", "disclaimers", "signup_cta",
           "callouts", "embeds", "site_feeds", "newsletters", "social_cards", "site_search", "typography",
           "series", "branding", "redirects"]

# Pelican's own feeds are replaced by the site_feeds plugin.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
FEED_ATOM = None
FEED_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None

# --- Feeds (site_feeds plugin) ------------------------------------------------------
# All posts: feeds/atom.xml and feeds/rss.xml; one pair per category under feeds/category/.
# Other settings and their defaults: plugins/site_feeds/settings.py.
# FEED_MAX_ITEMS is also Pelican's name (its default is 100), so it is set here.
FEED_MAX_ITEMS = 20
