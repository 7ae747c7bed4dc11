"""Feeds: every Atom, RSS and JSON feed parses cleanly and follows RFC 4287 / RSS 2.0 / JSON Feed 1.1
and our feed rules.

The validation functions take the feed's bytes and return a list of problems (empty = valid),
so tests/test_feeds.py and `invoke check` share one definition of "a valid feed":

    feedparser_problems(data)          feedparser reads it without a bozo flag
    atom_problems(data, siteurl)       RFC 4287 structure + our channel/entry rules
    rss_problems(data, siteurl)        RSS 2.0 structure + our channel/item rules
    json_feed_problems(data, siteurl)  JSON Feed 1.1 (https://jsonfeed.org/version/1.1) + our item rules
    content_problems(html)             entry HTML is safe for feed readers
    feed_problems(data, siteurl)       whichever of the above fits the document
    stylesheet_problems(data)          a browser shows an Atom or RSS feed through CSS, not XSLT
"""

import datetime
import email.utils
import json
import re
from collections import Counter

import feedparser
from lxml import etree, html

from .report import Finding

CHECK = "feeds"
ATOM_NS = "http://www.w3.org/2005/Atom"
A = "{%s}" % ATOM_NS
CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
RFC822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"\d{4} \d{2}:\d{2}(:\d{2})? ([+-]\d{4}|GMT|UT|[A-IK-Z]|EST|EDT|CST|CDT|MST|MDT|PST|PDT)$"
)
ABSOLUTE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# Markup a feed reader must never receive (issue 5): it runs code, restyles the reader, or
# hides text (a folded <details> is shown open in feeds).
UNSAFE_ELEMENTS = ("script", "style", "form", "iframe", "object", "embed", "details", "input",
                   "button", "select", "textarea")
URL_ATTRIBUTES = ("href", "src", "poster", "action", "cite", "background")


# --- shared helpers --------------------------------------------------------------------------

def _parse(data):
    return etree.fromstring(data if isinstance(data, bytes) else data.encode("utf-8"))


def is_rfc3339(value):
    """An RFC 3339 date-time with a time zone, as Atom requires."""
    value = (value or "").strip()
    if not RFC3339.match(value):
        return False
    try:
        datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def is_rfc822(value):
    """An RFC 822 date-time (4-digit year allowed), as RSS 2.0 requires."""
    value = (value or "").strip()
    if not RFC822.match(value):
        return False
    try:
        email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return False
    return True


def _count(problems, where, parent, tag, low, high, label=None):
    """Require between `low` and `high` (None = no limit) children `tag` of `parent`."""
    found = parent.findall(tag)
    label = label or tag.split("}")[-1]
    if len(found) < low or (high is not None and len(found) > high):
        wanted = f"exactly {low}" if low == high else (
            f"at least {low}" if high is None else f"at most {high}")
        problems.append(f"{where}: <{label}> occurs {len(found)} time(s), RFC needs {wanted}")
    return found


def feedparser_problems(data):
    """feedparser reads the feed without complaint (bozo == 0)."""
    parsed = feedparser.parse(data)
    if parsed.bozo:
        return [f"feedparser: {parsed.bozo_exception}"]
    if not parsed.entries:
        return ["feedparser: the feed has no entries"]
    return []


def content_problems(markup, where="entry content"):
    """The HTML inside an entry is safe for readers: no unsafe markup, every URL absolute."""
    if not markup or not markup.strip():
        return [f"{where}: empty"]
    problems = []
    root = html.fragment_fromstring(markup, create_parent="div")
    for element in root.iter(etree.Element):
        if element.tag in UNSAFE_ELEMENTS:
            problems.append(f"{where}: contains <{element.tag}>")
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                problems.append(f"{where}: <{element.tag}> has an event handler {name}=")
            urls = []
            if name in URL_ATTRIBUTES:
                urls = [value.strip()]
            elif name == "srcset":
                urls = [p.strip().split()[0] for p in value.split(",") if p.strip()]
            for url in urls:
                if not ABSOLUTE.match(url):
                    problems.append(f"{where}: <{element.tag} {name}=\"{url}\"> is not absolute")
                elif url.lower().startswith("javascript:"):
                    problems.append(f"{where}: <{element.tag} {name}> runs javascript:")
    return problems


# --- Atom (RFC 4287) ---------------------------------------------------------------------------

def _text_construct(problems, where, element):
    kind = element.get("type", "text")
    if kind not in ("text", "html", "xhtml"):
        problems.append(f"{where}: type=\"{kind}\" is not text, html or xhtml")
    if kind == "xhtml":
        children = list(element)
        if len(children) != 1 or children[0].tag != "{http://www.w3.org/1999/xhtml}div":
            problems.append(f"{where}: xhtml content must be one xhtml <div>")


def _person(problems, where, person):
    _count(problems, where, person, A + "name", 1, 1)
    _count(problems, where, person, A + "uri", 0, 1)
    _count(problems, where, person, A + "email", 0, 1)
    for uri in person.findall(A + "uri"):
        if not ABSOLUTE.match((uri.text or "").strip()):
            problems.append(f"{where}: author <uri> {uri.text!r} is not an absolute IRI")


def _links(problems, where, parent):
    alternates = Counter()
    for link in parent.findall(A + "link"):
        href = link.get("href")
        if not href:
            problems.append(f"{where}: <link> without href")
        elif not ABSOLUTE.match(href):
            problems.append(f"{where}: <link href=\"{href}\"> is not an absolute IRI")
        if link.get("rel", "alternate") == "alternate":
            alternates[(link.get("type"), link.get("hreflang"))] += 1
    if any(n > 1 for n in alternates.values()):
        problems.append(f"{where}: more than one rel=alternate link with the same type and hreflang")
    return {link.get("rel", "alternate") for link in parent.findall(A + "link")}


def _absolute_texts(problems, where, parent, tag, what):
    """Every `tag` child of `parent` holds an absolute address (`what` it is when not)."""
    for element in parent.findall(tag):
        if not ABSOLUTE.match((element.text or "").strip()):
            problems.append(f"{where}: <{tag.split('}')[-1]}> {element.text!r} is {what}")


def _dates(problems, where, parent, tags, is_date, standard):
    """Every `tags` child of `parent` is a date as `standard` writes it."""
    for tag in tags:
        for element in parent.findall(tag):
            if not is_date(element.text):
                problems.append(f"{where}: <{tag.split('}')[-1]}> {element.text!r} is not an {standard} date")


def _common(problems, where, parent):
    """id, title, updated: exactly one each, absolute id, RFC 3339 dates, text constructs."""
    _count(problems, where, parent, A + "id", 1, 1)
    _absolute_texts(problems, where, parent, A + "id", "not an absolute IRI")
    for element in _count(problems, where, parent, A + "title", 1, 1):
        _text_construct(problems, f"{where} <title>", element)
        if not "".join(element.itertext()).strip():
            problems.append(f"{where}: empty <title>")
    _dates(problems, where, parent, (A + "updated", A + "published"), is_rfc3339, "RFC 3339")
    _count(problems, where, parent, A + "updated", 1, 1)
    _count(problems, where, parent, A + "rights", 0, 1)
    for element in parent.findall(A + "author") + parent.findall(A + "contributor"):
        _person(problems, f"{where} <author>", element)
    for category in parent.findall(A + "category"):
        if not category.get("term"):
            problems.append(f"{where}: <category> without term")


def atom_problems(data, siteurl=None):
    """RFC 4287's rules for an Atom feed, plus ours (issue 5); [] when valid."""
    problems = feedparser_problems(data)
    try:
        feed = _parse(data)
    except etree.XMLSyntaxError as error:
        return problems + [f"not well-formed XML: {error}"]
    if feed.tag != A + "feed":
        return problems + [f"root element is {feed.tag}, not Atom <feed>"]
    _atom_feed_elements(problems, feed, siteurl)
    entries = feed.findall(A + "entry")
    if not entries:
        problems.append("feed: no <entry>")
    feed_has_author = bool(feed.findall(A + "author"))
    for index, entry in enumerate(entries, 1):
        title = "".join(entry.findtext(A + "title") or "").strip()
        _atom_entry(problems, f"entry {index} ({title[:40]!r})", entry, feed_has_author)
    _atom_updated_is_newest(problems, feed, entries)
    return problems


def _atom_feed_elements(problems, feed, siteurl):
    """The feed's own elements: ours required once each, absolute images, links, a language."""
    _common(problems, "feed", feed)
    for name in ("generator", "icon", "logo", "subtitle"):
        _count(problems, "feed", feed, A + name, 1, 1)  # optional in RFC 4287, required by us
    for name in ("icon", "logo"):
        _absolute_texts(problems, "feed", feed, A + name, "not an absolute IRI")
    _atom_feed_links(problems, feed, siteurl)
    if not feed.get(XML_LANG):
        problems.append("feed: no xml:lang (the feed's language)")


def _atom_feed_links(problems, feed, siteurl):
    """The feed links to itself and to the site, both under `siteurl`."""
    rels = _links(problems, "feed", feed)
    if "self" not in rels:
        problems.append("feed: no <link rel=\"self\">")
    if "alternate" not in rels:
        problems.append("feed: no <link rel=\"alternate\"> to the site")
    if siteurl:  # the feed's own links (a WebSub hub, rel="hub", is another site's)
        for link in feed.findall(A + "link"):
            rel = link.get("rel", "alternate")
            if rel in ("self", "alternate") and not link.get("href", "").startswith(siteurl):
                problems.append(f"feed: <link rel=\"{rel}\"> {link.get('href')} is not under {siteurl}")


def _atom_entry(problems, where, entry, feed_has_author):
    """One entry: RFC 4287's elements and ours (published, summary, author, link, category,
    the full post as HTML)."""
    _common(problems, where, entry)
    for name in ("published", "summary", "content", "source"):
        _count(problems, where, entry, A + name, 0, 1)
    _count(problems, where, entry, A + "published", 1, 1)  # required by us
    _count(problems, where, entry, A + "summary", 1, 1)  # required by us
    if not feed_has_author and not entry.findall(A + "author"):
        problems.append(f"{where}: no <author> (and the feed has none)")
    rels = _links(problems, where, entry)
    contents = entry.findall(A + "content")
    if not contents and "alternate" not in rels:
        problems.append(f"{where}: neither <content> nor <link rel=\"alternate\">")
    if "alternate" not in rels:
        problems.append(f"{where}: no <link rel=\"alternate\"> to the post")
    if not entry.findall(A + "category"):
        problems.append(f"{where}: no <category>")
    for content in contents:
        _atom_content(problems, where, entry, content)
    if not contents:
        problems.append(f"{where}: no <content> (the feed must carry the full post)")


def _atom_content(problems, where, entry, content):
    """An entry's <content>: inline HTML, safe for readers (or out of line, with a summary)."""
    if content.get("src"):
        if not entry.findall(A + "summary"):
            problems.append(f"{where}: out-of-line content needs a <summary>")
        return
    kind = content.get("type", "text")
    if kind not in ("text", "html", "xhtml") and "/" not in kind:
        problems.append(f"{where}: <content type=\"{kind}\"> is not a valid type")
    if kind == "html":
        problems += content_problems(content.text, f"{where} <content>")
    else:
        problems.append(f"{where}: <content> is type {kind!r}, we publish full HTML")


def _rfc3339_time(text):
    """The moment an RFC 3339 date-time names, or None when `text` is not one."""
    text = (text or "").strip()
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")) if is_rfc3339(text) else None


def _atom_updated_is_newest(problems, feed, entries):
    """The feed's <updated> is its newest entry's."""
    stamps = [_rfc3339_time(entry.findtext(A + "updated")) for entry in entries]
    stamps = [stamp for stamp in stamps if stamp is not None]
    feed_updated = (feed.findtext(A + "updated") or "").strip()
    feed_stamp = _rfc3339_time(feed_updated)
    if stamps and feed_stamp is not None and feed_stamp != max(stamps):
        problems.append(f"feed: <updated> {feed_updated} is not the newest entry's date")


# --- RSS 2.0 ---------------------------------------------------------------------------------

CHANNEL_ONCE = ("language", "copyright", "managingEditor", "webMaster", "pubDate",
                "lastBuildDate", "generator", "docs", "cloud", "ttl", "image", "rating",
                "textInput", "skipHours", "skipDays")
ITEM_ONCE = ("title", "link", "description", "author", "comments", "enclosure", "guid",
             "pubDate", "source", CONTENT_ENCODED)


def rss_problems(data, siteurl=None):
    """RSS 2.0's rules for a feed, plus ours (issue 5); [] when valid."""
    problems = feedparser_problems(data)
    try:
        rss = _parse(data)
    except etree.XMLSyntaxError as error:
        return problems + [f"not well-formed XML: {error}"]
    if rss.tag != "rss" or rss.get("version") != "2.0":
        return problems + [f"root element is <{rss.tag} version={rss.get('version')!r}>, not RSS 2.0"]
    channels = _count(problems, "rss", rss, "channel", 1, 1)
    if not channels:
        return problems
    channel = channels[0]
    _rss_channel(problems, channel, siteurl)
    items = channel.findall("item")
    if not items:
        problems.append("channel: no <item>")
    for index, item in enumerate(items, 1):
        _rss_item(problems, f"item {index} ({(item.findtext('title') or '').strip()[:40]!r})", item)
    return problems


def _rss_channel(problems, channel, siteurl):
    """The channel's elements: RSS 2.0's and ours, its link absolute and under `siteurl`."""
    _rss_channel_elements(problems, channel)
    link = (channel.findtext("link") or "").strip()
    if link and not ABSOLUTE.match(link):
        problems.append(f"channel: <link> {link!r} is not an absolute URL")
    for image in channel.findall("image"):
        for name in ("url", "title", "link"):
            _count(problems, "channel <image>", image, name, 1, 1)
    if siteurl and link and not link.startswith(siteurl):
        problems.append(f"channel: <link> {link} is not under {siteurl}")
    _rss_self_link(problems, channel)


def _rss_channel_elements(problems, channel):
    """Title, link and description once each and not empty; the others at most once; a
    language; RFC 822 dates."""
    for name in ("title", "link", "description"):
        for element in _count(problems, "channel", channel, name, 1, 1):
            if not (element.text or "").strip():
                problems.append(f"channel: empty <{name}>")
    for name in CHANNEL_ONCE:
        _count(problems, "channel", channel, name, 0, 1)
    _count(problems, "channel", channel, "language", 1, 1)  # required by us
    _dates(problems, "channel", channel, ("pubDate", "lastBuildDate"), is_rfc822, "RFC 822")


def _rss_self_link(problems, channel):
    """Exactly one absolute <atom:link rel="self">: the feed's own address."""
    selfs = [e for e in channel.findall(A + "link") if e.get("rel") == "self"]
    if len(selfs) != 1:
        problems.append(f"channel: {len(selfs)} <atom:link rel=\"self\">, needs exactly 1")
    for element in selfs:
        if not ABSOLUTE.match(element.get("href", "")):
            problems.append(f"channel: <atom:link rel=\"self\"> href {element.get('href')!r} is not absolute")


def _rss_item(problems, where, item):
    """One item: RSS 2.0's rules and ours (every element of a post once, the full post as HTML)."""
    if not item.findall("title") and not item.findall("description"):
        problems.append(f"{where}: needs <title> or <description>")
    for name in ITEM_ONCE:
        _count(problems, where, item, name, 0, 1)
    for name in ("title", "link", "description", "guid", "pubDate", CONTENT_ENCODED):
        _count(problems, where, item, name, 1, 1)  # all required by us
    _rss_guids(problems, where, item)
    _absolute_texts(problems, where, item, "link", "not absolute")
    _dates(problems, where, item, ("pubDate",), is_rfc822, "RFC 822")
    _rss_authors_and_enclosures(problems, where, item)
    _rss_categories(problems, where, item)
    for element in item.findall(CONTENT_ENCODED):
        problems += content_problems(element.text, f"{where} <content:encoded>")


def _rss_guids(problems, where, item):
    """An item's <guid> is its http(s) permalink."""
    for guid in item.findall("guid"):
        permalink = guid.get("isPermaLink", "true")
        if permalink != "true":
            problems.append(f"{where}: <guid isPermaLink=\"{permalink}\">: ours are permalinks")
        if not re.match(r"^https?://", (guid.text or "").strip()):
            problems.append(f"{where}: permalink <guid> {guid.text!r} is not an http(s) URL")


def _rss_authors_and_enclosures(problems, where, item):
    """An <author> starts with an email address; an <enclosure> has url, length and type."""
    for element in item.findall("author"):
        if not re.match(r"^[^@\s]+@[^@\s]+", (element.text or "").strip()):
            problems.append(f"{where}: <author> must start with an email address (use dc:creator for a name)")
    for element in item.findall("enclosure"):
        for name in ("url", "length", "type"):
            if not element.get(name):
                problems.append(f"{where}: <enclosure> without {name}")


def _rss_categories(problems, where, item):
    """An item has at least one <category>, none empty."""
    for element in item.findall("category"):
        if not (element.text or "").strip():
            problems.append(f"{where}: empty <category>")
    if not item.findall("category"):
        problems.append(f"{where}: no <category>")


# --- JSON Feed 1.1 ---------------------------------------------------------------------------

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


def _json(data):
    return json.loads(data.decode("utf-8") if isinstance(data, bytes) else data)


def _absolute_url(value):
    return isinstance(value, str) and bool(re.match(r"^https?://[^/\s]+", value))


def _authors_problems(where, authors):
    """JSON Feed 1.1: `authors` is an array of objects, each with a name, url or avatar."""
    if not isinstance(authors, list) or not authors:
        return [f"{where}: `authors` must be a non-empty array"]
    problems = []
    for author in authors:
        if not isinstance(author, dict) or not any(isinstance(author.get(k), str) and author.get(k)
                                                   for k in ("name", "url", "avatar")):
            problems.append(f"{where}: an author needs a name, url or avatar")
    return problems


def _has_text(value):
    """A string with something in it besides spaces."""
    return isinstance(value, str) and bool(value.strip())


def json_feed_problems(data, siteurl=None):
    """JSON Feed 1.1's rules (its required fields and types), plus ours; [] when valid."""
    try:
        feed = _json(data)
    except (UnicodeDecodeError, ValueError) as error:
        return [f"not valid JSON: {error}"]
    if not isinstance(feed, dict):
        return ["a JSON Feed is an object"]
    problems = []
    # Required by the spec: version, title, items; each item's id, and content_html or content_text.
    if feed.get("version") != JSON_FEED_VERSION:
        problems.append(f"feed: version is {feed.get('version')!r}, not {JSON_FEED_VERSION!r}")
    if not _has_text(feed.get("title")):
        problems.append("feed: no title")
    items = feed.get("items")
    if not isinstance(items, list):
        return problems + ["feed: `items` is missing or not an array"]
    _json_feed_fields(problems, feed, siteurl)
    _json_items(problems, items)
    return problems


def _json_items(problems, items):
    """Every item is an object, follows the rules, and has an id of its own."""
    if not items:
        problems.append("feed: no items")
    ids = Counter()
    for index, item in enumerate(items, 1):
        if not isinstance(item, dict):
            problems.append(f"item {index}: not an object")
            continue
        where = f"item {index} ({str(item.get('title', ''))[:40]!r})"
        _json_item_id(problems, where, item, ids)
        _json_item(problems, where, item)
    problems += [f"feed: id {item_id!r} is used by {count} items" for item_id, count in ids.items() if count > 1]


def _json_feed_fields(problems, feed, siteurl):
    """Optional in the spec, required by us: the site's and the feed's own address (under
    `siteurl`), authors, language; icons and hubs, when there, well-formed."""
    _json_feed_addresses(problems, feed, siteurl)
    if "authors" in feed:
        problems += _authors_problems("feed", feed["authors"])
    else:
        problems.append("feed: no authors")
    if not isinstance(feed.get("language"), str) or not feed.get("language"):
        problems.append("feed: no language")
    _json_feed_icons_and_hubs(problems, feed)


def _json_feed_addresses(problems, feed, siteurl):
    """The site's and the feed's own address: absolute, under `siteurl`."""
    for key in ("home_page_url", "feed_url"):
        value = feed.get(key)
        if not _absolute_url(value):
            problems.append(f"feed: {key} {value!r} is not an absolute URL")
        elif siteurl and not value.startswith(siteurl):
            problems.append(f"feed: {key} {value} is not under {siteurl}")


def _json_feed_icons_and_hubs(problems, feed):
    """Icons, when there, are absolute URLs; each hub has a type and an absolute url."""
    for key in ("icon", "favicon"):
        if key in feed and not _absolute_url(feed[key]):
            problems.append(f"feed: {key} {feed[key]!r} is not an absolute URL")
    for hub in feed.get("hubs", []):
        if not (isinstance(hub, dict) and isinstance(hub.get("type"), str) and _absolute_url(hub.get("url"))):
            problems.append(f"feed: hub {hub!r} needs a type and an absolute url")


def _json_item_id(problems, where, item, ids):
    """An item's id is a string; `ids` counts each, to find those used twice."""
    if not isinstance(item.get("id"), str) or not item["id"]:
        problems.append(f"{where}: no id (a string)")
    ids[item.get("id")] += 1


def _json_item(problems, where, item):
    """One item: the full post as safe HTML, its address, title, dates, summary, tags, authors."""
    if not isinstance(item.get("content_html"), str) and not isinstance(item.get("content_text"), str):
        problems.append(f"{where}: neither content_html nor content_text")
    if isinstance(item.get("content_html"), str):
        problems += content_problems(item["content_html"], f"{where} content_html")
    else:
        problems.append(f"{where}: no content_html (the feed must carry the full post)")
    if not _absolute_url(item.get("url")):
        problems.append(f"{where}: url {item.get('url')!r} is not an absolute URL")
    if not _has_text(item.get("title")):
        problems.append(f"{where}: no title")
    _json_item_details(problems, where, item)


def _json_item_details(problems, where, item):
    """An item's dates (RFC 3339, published required), summary, tags and authors."""
    _json_item_dates(problems, where, item)
    if "summary" in item and not isinstance(item["summary"], str):
        problems.append(f"{where}: summary is not text")
    if "tags" in item and not (isinstance(item["tags"], list) and all(isinstance(t, str) for t in item["tags"])):
        problems.append(f"{where}: tags must be an array of strings")
    if "authors" in item:
        problems += _authors_problems(where, item["authors"])


def _json_item_dates(problems, where, item):
    """An item's dates are RFC 3339 date-times; date_published is required by us."""
    for key in ("date_published", "date_modified"):
        if key in item and not is_rfc3339(item[key]):
            problems.append(f"{where}: {key} {item[key]!r} is not an RFC 3339 date")
    if "date_published" not in item:
        problems.append(f"{where}: no date_published")


# --- the check ---------------------------------------------------------------------------------

def feed_kind(data):
    """"atom", "rss", "json" or None for the document `data`."""
    try:
        document = _json(data)
    except (UnicodeDecodeError, ValueError):
        document = None
    if isinstance(document, dict) and str(document.get("version", "")).startswith("https://jsonfeed.org/version/"):
        return "json"
    try:
        root = _parse(data)
    except etree.XMLSyntaxError:
        return None
    if root.tag == A + "feed":
        return "atom"
    if root.tag == "rss":
        return "rss"
    return None


def feed_problems(data, siteurl=None):
    """The problems of a feed of either kind; a non-feed document is a problem."""
    kind = feed_kind(data)
    if kind == "atom":
        return atom_problems(data, siteurl)
    if kind == "rss":
        return rss_problems(data, siteurl)
    if kind == "json":
        return json_feed_problems(data, siteurl)
    return ["not an Atom, RSS 2.0 or JSON feed"]


def stylesheet_problems(data):
    """A feed names a CSS stylesheet so a browser shows it as a page; not XSLT, which browsers
    are removing (Chromium shows a warning on the page), and which a JSON Feed cannot name."""
    if feed_kind(data) == "json":
        return []
    root = etree.fromstring(data)
    instructions = [
        node for node in root.itersiblings(preceding=True)
        if isinstance(node, etree._ProcessingInstruction) and node.target == "xml-stylesheet"
    ]
    if not instructions:
        return ["no <?xml-stylesheet?>: a browser shows raw XML"]
    problems = []
    for instruction in instructions:
        kind = (instruction.get("type") or "").strip().lower()
        if kind in ("text/xsl", "application/xslt+xml", "application/xml", "text/xml"):
            problems.append(f"<?xml-stylesheet type=\"{kind}\"?>: an XSLT stylesheet, which browsers are removing "
                            "(Chromium warns on the page): use a CSS stylesheet (type=\"text/css\")")
        elif kind != "text/css":
            problems.append(f"<?xml-stylesheet type=\"{kind}\"?>: not a CSS stylesheet")
    return problems


def expected_feeds(site):
    """Feed files the publish settings promise: the three site feeds and a set per category."""
    try:
        from site_feeds.settings import DEFAULTS  # noqa: PLC0415  (plugins/ is on sys.path)
    except ImportError:
        DEFAULTS = {}  # noqa: N806
    settings = dict(DEFAULTS, **{k: v for k, v in site.settings.items() if k in DEFAULTS})
    paths = [settings.get("FEED_ATOM_SAVE_AS"), settings.get("FEED_RSS_SAVE_AS"), settings.get("FEED_JSON_SAVE_AS")]
    for key in ("FEED_CATEGORY_ATOM_SAVE_AS", "FEED_CATEGORY_RSS_SAVE_AS", "FEED_CATEGORY_JSON_SAVE_AS"):
        pattern = settings.get(key)
        if pattern:
            paths += [pattern.format(slug=c["slug"]) for c in site.categories]
    return [p for p in paths if p]


def check(site):
    """Every feed in the output is valid; with site_feeds enabled, every promised feed exists."""
    findings = []
    found = {}
    for path in sorted([*site.output.rglob("*.xml"), *site.output.rglob("*.json")]):
        data = path.read_bytes()
        if feed_kind(data):
            found[path.relative_to(site.output).as_posix()] = data
    if site.feeds_enabled():
        expected = expected_feeds(site)
        for relpath in expected:
            if relpath not in found:
                findings.append(Finding(CHECK, relpath, "missing: site_feeds is enabled in publishconf but wrote no such feed"))
        kinds = Counter(feed_kind(d) for d in found.values())
        if not kinds["atom"] or not kinds["rss"] or not kinds["json"]:
            findings.append(Finding(CHECK, str(site.output.name), f"site_feeds is enabled but the site has {kinds['atom']} Atom, "
                                    f"{kinds['rss']} RSS and {kinds['json']} JSON feeds"))
    for relpath, data in found.items():
        for problem in feed_problems(data, site.siteurl) + stylesheet_problems(data):
            findings.append(Finding(CHECK, relpath, problem))
    if not found and not site.feeds_enabled():
        findings.append(Finding(CHECK, "publishconf.py", "no feeds: site_feeds is not in PLUGINS yet", level="warning"))
    return findings


__all__ = [
    "atom_problems", "content_problems", "feed_kind", "feed_problems", "feedparser_problems",
    "is_rfc3339", "is_rfc822", "json_feed_problems", "rss_problems", "stylesheet_problems", "check",
]
