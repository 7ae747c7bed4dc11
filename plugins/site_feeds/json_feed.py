"""Entries to a JSON Feed 1.1 document (https://jsonfeed.org/version/1.1) with the json module.

feedgen writes no JSON Feed; the items carry what the Atom entries carry (the full feed
form of each post, its summary, dates, author and categories), in the same order, so a
reader gets the same stories whichever feed it follows. Keys are written in a fixed order
and nothing depends on the build time, so building twice gives identical bytes.
"""

import json

VERSION = "https://jsonfeed.org/version/1.1"


def _date(moment):
    return moment.isoformat()


def item(entry):
    """One entry as a JSON Feed item."""
    data = {
        "id": entry.url,
        "url": entry.url,
        "title": entry.title,
        "content_html": entry.content,
    }
    if entry.summary_text:
        data["summary"] = entry.summary_text
    data["date_published"] = _date(entry.published)
    data["date_modified"] = _date(entry.updated)
    if entry.author:
        data["authors"] = [{"name": entry.author}]
    tags = ([entry.category] if entry.category else []) + [t for t in entry.tags if t != entry.category]
    if tags:
        data["tags"] = tags
    return data


def render_json(channel, entries):
    """The feed's bytes: the channel (writer.Channel) and its entries, newest first."""
    feed = {
        "version": VERSION,
        "title": channel.title,
        "home_page_url": channel.home_url,
        "feed_url": channel.self_url,
        "description": channel.subtitle,
        "language": channel.language,
        "authors": [{"name": channel.author}],
    }
    if channel.icon_url:
        feed["icon"] = channel.icon_url
    if channel.hub_url:
        feed["hubs"] = [{"type": "WebSub", "url": channel.hub_url}]
    feed["items"] = [item(entry) for entry in entries]
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
