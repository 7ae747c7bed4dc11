"""Entries to Atom and RSS bytes with feedgen, plus the stylesheet instruction for browsers
and the WebSub hub.

Every date comes from the posts (never the build time) and the entries are in a fixed
order, so building twice gives byte-identical feeds.
"""

import html
from dataclasses import dataclass, replace
from datetime import datetime, timezone

import pelican
from feedgen.feed import FeedGenerator
from lxml import etree

from .links import ATOM

ATOM_NS = "http://www.w3.org/2005/Atom"
# Browsers show a feed through a CSS stylesheet: XSLT is being removed from them.
STYLESHEET_TYPE = "text/css"
GENERATOR = ("Pelican with feedgen", pelican.__version__, "https://getpelican.com/")
# A feed with no posts yet still needs an `updated` date; any fixed one keeps builds stable.
EMPTY_FEED_DATE = datetime(2000, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class Channel:
    """What a feed says about itself."""

    title: str
    subtitle: str
    home_url: str  # the page the feed mirrors: the site, or a category page
    self_url: str
    media_type: str
    language: str
    author: str
    logo_url: str
    icon_url: str
    stylesheet_url: str = ""
    hub_url: str = ""  # a WebSub hub (FEED_WEBSUB_HUB)


def shown_as_html(text):
    """Plain text for an RSS element that readers show as HTML (titles, the channel's
    description, categories): escaped once more, so `<script>` in a category name or a
    title reads as those characters instead of becoming markup (RSS Best Practices)."""
    return html.escape(text, quote=False)


def rss_texts(channel, entries):
    """The channel and entries with their plain-text fields made safe for RSS readers."""
    channel = replace(channel, title=shown_as_html(channel.title), subtitle=shown_as_html(channel.subtitle),
                      author=shown_as_html(channel.author))
    entries = [
        replace(entry, title=shown_as_html(entry.title), author=shown_as_html(entry.author),
                category=shown_as_html(entry.category), tags=tuple(shown_as_html(tag) for tag in entry.tags))
        for entry in entries
    ]
    return channel, entries


def build_feed(channel, entries):
    """A feedgen FeedGenerator holding the channel and `entries` (newest first)."""
    if channel.media_type != ATOM:
        channel, entries = rss_texts(channel, entries)
    feed = FeedGenerator()
    feed.load_extension("dc", atom=False, rss=True)  # dc:creator: RSS <author> needs an email
    feed.id(channel.self_url)
    feed.title(channel.title)
    feed.subtitle(channel.subtitle)
    # feedgen makes the RSS <link> from the LAST link() call: self first, then the site.
    feed.link(href=channel.self_url, rel="self", type=channel.media_type)
    feed.link(href=channel.home_url, rel="alternate", type="text/html")
    feed.language(channel.language)
    feed.generator(*GENERATOR)
    feed.author({"name": channel.author})
    if channel.logo_url:
        feed.logo(channel.logo_url)
    if channel.icon_url:
        feed.icon(channel.icon_url)
    feed.updated(max((e.updated for e in entries), default=EMPTY_FEED_DATE))
    if entries:
        feed.pubDate(max(e.published for e in entries))
    for entry in entries:
        add_entry(feed, entry)
    return feed


def add_entry(feed, entry):
    item = feed.add_entry(order="append")
    item.id(entry.url)
    item.guid(entry.url, permalink=True)
    item.title(entry.title)
    item.link(href=entry.url, rel="alternate", type="text/html")
    item.published(entry.published)
    item.updated(entry.updated)
    if entry.author:
        item.author({"name": entry.author})
        item.dc.dc_creator(entry.author)
    terms = ([entry.category] if entry.category else []) + [t for t in entry.tags if t != entry.category]
    if terms:
        item.category([{"term": term} for term in terms])
    if entry.summary.strip():
        item.summary(entry.summary, type="html")
    item.content(entry.content, type="html")


def name_entry_links(feed):
    """feedgen 1.0.0 drops rel and type from entry links; say what the link is."""
    for link in feed.iterfind(f"{{{ATOM_NS}}}entry/{{{ATOM_NS}}}link"):
        link.set("rel", link.get("rel") or "alternate")
        link.set("type", link.get("type") or "text/html")


def add_hub(root, hub_url):
    """The WebSub hub, beside the feed's own address (WebSub 4: rel="hub" with rel="self"):
    an Atom <link>, an <atom:link> in RSS (feedgen writes only the self link there)."""
    parent = root if root.tag == f"{{{ATOM_NS}}}feed" else root.find("channel")
    own = parent.find(f"{{{ATOM_NS}}}link[@rel='self']")
    hub = etree.Element(f"{{{ATOM_NS}}}link", rel="hub", href=hub_url)
    if own is not None:
        own.addnext(hub)
        hub.tail = own.tail
    else:
        parent.insert(0, hub)


def render(channel, entries):
    """The feed's bytes in the channel's format, with the browser stylesheet instruction."""
    feed = build_feed(channel, entries)
    xml = feed.atom_str(pretty=True) if channel.media_type == ATOM else feed.rss_str(pretty=True)
    root = etree.fromstring(xml, etree.XMLParser(huge_tree=True))
    if channel.media_type == ATOM:
        name_entry_links(root)
    if channel.hub_url:
        add_hub(root, channel.hub_url)
    if channel.stylesheet_url:
        instruction = etree.ProcessingInstruction(
            "xml-stylesheet", f'type="{STYLESHEET_TYPE}" href="{channel.stylesheet_url}"'
        )
        root.addprevious(instruction)
    return etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8", pretty_print=True)
