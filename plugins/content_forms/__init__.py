"""The feed and email forms of an article's content: one parse per article, shared.

Web pages print `article.content` exactly as Markdown made it. Feed readers and mail
clients need another form: folded callouts shown open, forms replaced by their email
text, every URL absolute, nothing they would strip or refuse. This module parses the
article content once, lets each block's plugin rewrite its own blocks, and keeps the
results on the article (for the most recent articles only, see KEPT_FORMS):

    forms(article).feed       HTML for feed entries (absolute URLs, no details/forms/scripts)
    forms(article).email      HTML for the email body (the feed form plus email-only markup)
    forms(article).feed_tree  the feed form as the lxml wrapper element, until the email form
                              is made from it (then None): read it, never change it

Plugins take part by connecting module-level functions to the two signals below;
each receiver gets the article as sender and `root`, an lxml element wrapping the
content, and changes `root` in place:

    feed_form    runs first; its result is the feed form, and the start of the email form
    email_form   runs on the feed form's tree once the feed form is written out; only email needs it

Blocks that plugins attach to an article (the disclaimer, the end-of-post CTA) carry
their own `feed_html` / `email_html`, made absolute with `portable_fragment()`. Every
form passes the one allowlist sanitizer last (blocks.sanitize).
"""

import collections
import weakref
from functools import cached_property

import lxml.html
from blinker import signal
from build_guard.memory import content_once
from lxml import etree

from blocks.sanitize import sanitize

from .urls import absolutize

feed_form = signal("content_forms.feed_form")
email_form = signal("content_forms.email_form")

CACHE_ATTRIBUTE = "_content_forms"
# The forms of only the most recently used articles are kept: the email export uses an
# article's forms twice in a row, the feeds use those of the newest posts. Keeping them
# for every post would hold two more copies of the whole archive in memory.
KEPT_FORMS = 64
# A parsed tree is many times the size of its HTML: the email export uses it (text part,
# then email form) right after it is made, so only the newest few are kept.
KEPT_TREES = 2
_recent = collections.deque()


class Forms:
    """One article's forms. The email form is made on first use, from the feed form's own
    tree (no copy): the feeds, which need the feed form of the newest posts only, never pay
    for it, and no article holds a parsed tree longer than it is needed."""

    def __init__(self, article, feed_tree):
        self._article = weakref.ref(article)
        self._siteurl = article.settings["SITEURL"]
        self.feed = sanitize(serialize_children(feed_tree), "feed", self._siteurl)
        # What the sanitizer kept, as a tree: the text part and the email form start from it.
        self.feed_tree = parse_fragment(self.feed)  # None once the email form is made from it

    @cached_property
    def email(self):
        email_root = self.feed_tree if self.feed_tree is not None else parse_fragment(self.feed)
        self.feed_tree = None  # the email receivers change it in place
        email_form.send(self._article(), root=email_root)
        return sanitize(serialize_children(email_root), "email", self._siteurl)


def _html_parser():
    """lxml.html's parser, picking each element's Python class in C: lxml.html's own picks
    it with a Python call for every element object made (special classes only for form
    fields, which no form keeps). The elements are HtmlElement all the same."""
    parser = lxml.html.HTMLParser()
    parser.set_element_class_lookup(
        etree.ElementDefaultClassLookup(
            element=lxml.html.HtmlElement,
            comment=lxml.html.HtmlComment,
            pi=lxml.html.HtmlProcessingInstruction,
            entity=lxml.html.HtmlEntity,
        )
    )
    return parser


_PARSER = _html_parser()


def parse_fragment(html):
    """Parse an HTML fragment into a <div> wrapper element (lxml), as
    `lxml.html.fragment_fromstring(html, create_parent="div")` does, with _PARSER's classes."""
    pieces = lxml.html.fragments_fromstring(html or "", parser=_PARSER)
    root = _PARSER.makeelement("div")
    if pieces and isinstance(pieces[0], str):
        root.text = pieces.pop(0)
    root.extend(pieces)
    return root


def serialize_children(root):
    """The HTML of root's content, without the wrapper element."""
    parts = [lxml.html.escape(root.text)] if root.text else []
    parts.extend(lxml.html.tostring(child, encoding="unicode") for child in root)
    return "".join(parts)


_URLS = weakref.WeakKeyDictionary()  # article -> its absolute URL, while the article lives


def article_url(article):
    """The article's absolute URL. Pelican works `article.url` out anew on every use (tens
    of microseconds); its forms, the feeds, the email export, its reuse keys and its index
    ask for it in turn, at different times, so it is kept as long as the article is."""
    url = _URLS.get(article)
    if url is None:
        url = _URLS[article] = f"{article.settings['SITEURL'].rstrip('/')}/{article.url}"
    return url


def forms(article):
    """The feed and email forms of the article's content (kept for the last KEPT_FORMS articles)."""
    cached = getattr(article, CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    # Pelican would keep the resolved HTML of every post exported (build_guard.memory).
    root = parse_fragment(content_once(article, article.settings["SITEURL"]))
    feed_form.send(article, root=root)
    absolutize(root, article_url(article))
    result = Forms(article, root)
    setattr(article, CACHE_ATTRIBUTE, result)
    _keep(article)
    return result


def _keep(article):
    """Remember `article` as recent; forget the forms of the oldest beyond KEPT_FORMS, and
    the parsed trees of all but the KEPT_TREES most recent."""
    _recent.append(weakref.ref(article))
    if len(_recent) > KEPT_TREES:
        older = _recent[-1 - KEPT_TREES]()
        kept = older.__dict__.get(CACHE_ATTRIBUTE) if older is not None else None
        if kept is not None:
            kept.feed_tree = None  # an email form made later parses the feed form again
    while len(_recent) > KEPT_FORMS:
        oldest = _recent.popleft()()
        if oldest is not None:
            oldest.__dict__.pop(CACHE_ATTRIBUTE, None)


def has_class(element, name):
    """Whether the element's class attribute lists `name` (for receivers and renderers
    that look for a block's own markup, e.g. `callout-title`)."""
    return name in (element.get("class") or "").split()


def new_element(tag, attributes=None, text=None):
    """An lxml HTML element, for receivers that build a block's feed or email form."""
    element = _PARSER.makeelement(tag, attributes or {})
    element.text = text
    return element


def replace_element(old, new):
    """Put `new` where `old` is (keeping the text after it), or just remove `old` if None."""
    if new is None:
        old.drop_tree()
        return
    new.tail = old.tail
    old.getparent().replace(old, new)


def portable_fragment(html, base_url):
    """A standalone snippet (disclaimer, CTA) with absolute URLs and only what feeds allow
    (blocks.sanitize)."""
    root = parse_fragment(html)
    absolutize(root, base_url)
    return sanitize(serialize_children(root), "feed", base_url)


def register():
    """Nothing to connect: other plugins use this module's functions and signals."""
