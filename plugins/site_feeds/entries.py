"""One post as a feed entry: what it says, when, by whom, and its full feed-form content."""

from dataclasses import dataclass
from datetime import datetime, timezone

import lxml.html
from blocks.forms import feed_html, post_url
from blocks.sanitize import sanitize
from pelican.utils import truncate_html_words

from .xml_text import check_xml_text


@dataclass(frozen=True)
class Entry:
    url: str
    title: str
    published: datetime
    updated: datetime
    author: str
    category: str
    tags: tuple
    summary: str
    content: str

    @property
    def summary_text(self):
        """The summary as plain text (JSON Feed's `summary` is text, not HTML)."""
        if not self.summary.strip():
            return ""
        return " ".join(lxml.html.fragment_fromstring(self.summary, create_parent="div").text_content().split())


def feed_posts(articles, now=None):
    """The posts feeds may show, newest first: published, not dated in the future.

    Pelican's publish settings already turn future posts into drafts; development
    builds publish them on the preview site, but feeds never carry them.
    """
    now = now or datetime.now(timezone.utc)
    posts = [a for a in articles if a.status == "published" and a.date <= now]
    return sorted(posts, key=lambda a: (a.date, a.url), reverse=True)


def summary_form(article, content):
    """The summary as feeds carry it: the `Summary:` line as Pelican made it (links worked out),
    absolute and with only what feeds allow; without one, the start of the entry's `content`
    (the feed form), cut as Pelican cuts a page's summary."""
    if article.metadata.get("summary") is not None:
        return sanitize(article.summary or "", "feed", article.settings["SITEURL"], post_url(article))
    return truncate_html_words(content, article.settings.get("SUMMARY_MAX_LENGTH") or 50)


def entry_for(article):
    """The Entry for one article; AuthorError if any of its text cannot be XML."""
    url = post_url(article)
    # The raw texts first: lxml's HTML parser would quietly turn NUL into U+FFFD.
    # (The text before the summary: without a Summary line, Pelican cuts it from the text.)
    check_xml_text(article, "post's text", article._content)
    check_xml_text(article, "title", article.title)
    check_xml_text(article, "summary", article.summary)
    content = check_xml_text(article, "post's text", feed_html(article))
    summary = summary_form(article, content)
    author = str(getattr(article, "author", "") or article.settings.get("AUTHOR") or "")
    category = str(getattr(article, "category", "") or "")
    tags = tuple(str(tag) for tag in getattr(article, "tags", None) or ())
    for field, text in (("summary", summary), ("author", author), ("category", category), ("tags", " ".join(tags))):
        check_xml_text(article, field, text)
    published = article.date
    modified = getattr(article, "modified", None)
    updated = max(published, modified) if modified else published
    return Entry(
        url=url,
        title=article.title,
        published=published,
        updated=updated,
        author=author,
        category=category,
        tags=tags,
        summary=summary,
        content=content,
    )
