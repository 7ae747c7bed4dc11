"""The one allowlist every HTML made from the coach's writing passes last: the web text, feed
entries, email bodies (what follows is ours: Pelican's links worked out, templates, css-inline).

The coach's text is never trusted as HTML: Markdown can still make markup from it (an
attribute list `{: onerror=...}`, a link to `javascript:...`, a picture from `data:...`),
and text is pasted from anywhere. So each target's HTML goes through nh3 (the Ammonia
sanitizer) with only the tags and attributes our blocks make for that target, and URLs
limited to what a reader can safely follow:

- links (`href`, a form's `action`, a quote's `cite`): https, http, mailto, tel, or an
  address on this site (relative, `/...`, `#...`, Pelican's `{filename}...` before it is
  worked out);
- pictures (`src`): in feeds and emails https, or this site's own (relative or SITEURL...),
  never data:, javascript: or http: from elsewhere; on the web page http: is kept for the
  link check (writing_checks.links), which stops a build showing one.

A link's `rel` keeps only `noopener`, `noreferrer` and `nofollow` (an embed's card tells the
provider nothing of the page it was followed from).

Everything else (scripts, event handlers, styles, iframes, forms outside the web page) is
removed; the text inside a removed element stays, except for scripts and styles.

On the web page, characters beyond Latin-1 (a callout's icon, curly quotes) are written as
character references: Pelican keeps every page's HTML for the whole build, twice (as read,
and with its links worked out), and one such character makes Python keep the whole string
at two bytes a character.
"""

import functools
from urllib.parse import urlsplit

import nh3

TARGETS = ("web", "feed", "email")

# What Markdown, its extensions (tables, footnotes, code highlighting, definition lists,
# abbreviations) and our blocks make, in every target.
TEXT_TAGS = {
    "a", "abbr", "article", "aside", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details",
    "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong",
    "section", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "var",
}
TAGS = {
    "web": TEXT_TAGS | {"form", "label", "input", "button"},  # the sign-up form of a CTA
    "feed": TEXT_TAGS,
    "email": TEXT_TAGS,
}
COMMON_ATTRIBUTES = {"class", "id", "title", "lang", "dir", "role", "hidden"}
TAG_ATTRIBUTES = {
    "a": {"href", "rel"},
    "img": {"src", "alt", "width", "height"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "details": {"open"},
    "td": {"colspan", "rowspan", "style", "align", "valign", "width", "bgcolor"},
    "th": {"colspan", "rowspan", "style", "align", "valign", "width", "bgcolor", "scope"},
    "table": {"width", "cellpadding", "cellspacing", "border", "align", "bgcolor"},
    "form": {"action", "method"},
    "label": {"for"},
    "input": {"type", "name", "autocomplete", "required", "placeholder", "value"},
    "button": {"type"},
}
# `style` only on table cells, for their alignment (Markdown tables): an email's looks are
# put on its elements after this, from theme/templates/email/*.css (css-inline).
STYLE_PROPERTIES = {"text-align"}
LINK_SCHEMES = {"http", "https", "mailto", "tel"}
URL_ATTRIBUTES = {"href", "src", "action", "cite"}
# A link's `rel` may only keep the provider from learning where the reader came from (an
# embed's card, plugins/embeds); nothing else a pasted `rel` might say is kept.
LINK_REL = {"noopener", "noreferrer", "nofollow"}
# Kept on the web page only so that the link check (writing_checks.links) can name them: a
# file on the coach's computer (file:, C:\\...) is never published, it stops the build.
LOCAL_SCHEMES = {"file", *"abcdefghijklmnopqrstuvwxyz"}


def _attributes(target):
    attributes = {tag: set(names) for tag, names in TAG_ATTRIBUTES.items()}
    attributes["*"] = set(COMMON_ATTRIBUTES)
    return attributes


def safe_url(tag, name, value, siteurl, web=False):
    """`value` when it is a URL a reader may follow from `tag`'s `name`, else None. On the
    web page (`web`) the coach's mistakes that run no script are kept for the checks to name."""
    url = value.strip()
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    if not scheme:  # relative to this site, or Pelican's {filename}/{static} before resolution
        return value
    if scheme in LOCAL_SCHEMES:
        return value if web else None
    if tag == "img" and name == "src" and not web:
        on_site = bool(siteurl) and (url == siteurl or url.startswith(siteurl + "/"))
        return value if scheme == "https" or on_site else None
    return value if scheme in LINK_SCHEMES else None


@functools.lru_cache(maxsize=8)
def cleaner(target, siteurl="", base_url=None):
    """The nh3 Cleaner for one target and site (made once a process: its rules are fixed);
    with `base_url`, relative addresses are made absolute against it (a one-off cleaner)."""
    if target not in TARGETS:
        raise ValueError(f"unknown target {target!r}")
    siteurl = siteurl.rstrip("/")
    web = target == "web"

    def attribute_filter(tag, name, value):
        if name in URL_ATTRIBUTES:
            return safe_url(tag, name, value, siteurl, web)
        if name == "rel":
            kept = [word for word in value.lower().split() if word in LINK_REL]
            return " ".join(dict.fromkeys(kept)) or None
        return value

    return nh3.Cleaner(
        tags=TAGS[target],
        clean_content_tags={"script", "style"},
        attributes=_attributes(target),
        generic_attribute_prefixes={"aria-", "data-"},
        attribute_filter=attribute_filter,
        url_schemes=LINK_SCHEMES | (LOCAL_SCHEMES if web else set()),
        filter_style_properties=STYLE_PROPERTIES,
        link_rel=None,
        strip_comments=True,
        url_relative=("rewrite_with_base", base_url) if base_url else None,
    )


def sanitize(html, target, siteurl="", base_url=None):
    """`html` (a fragment) with only what `target` allows; "" for None or "". With
    `base_url`, its relative addresses are made absolute (a feed's summary)."""
    if not html:
        return ""
    make = cleaner.__wrapped__ if base_url else cleaner  # one cleaner per address: not kept
    clean = make(target, siteurl, base_url).clean(str(html))
    if target != "web" or clean.isascii():
        return clean
    return clean.encode("latin-1", "xmlcharrefreplace").decode("latin-1")
