"""One post as a feed entry: what it says, when, by whom, and its full feed-form content."""

from dataclasses import dataclass
from datetime import datetime, timezone

import content_forms

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


def feed_posts(articles, now=None):
    """The posts feeds may show, newest first: published, not dated in the future.

    Pelican's publish settings already turn future posts into drafts; development
    builds publish them on the preview site, but feeds never carry them.
    """
    now = now or datetime.now(timezone.utc)
    posts = [a for a in articles if a.status == "published" and a.date <= now]
    return sorted(posts, key=lambda a: (a.date, a.url), reverse=True)


def entry_content(article):
    """The post's feed form, then its disclaimer and end-of-post CTA (as on the web page)."""
    parts = [content_forms.forms(article).feed]
    for block in ("disclaimer", "end_cta"):
        html = getattr(getattr(article, block, None), "feed_html", None)
        if html:
            parts.append(html)
    return "\n".join(parts)


def summary_form(article, url):
    """The summary as feeds need it: Pelican cuts it from the web HTML when the post has
    no Summary line, so its blocks (a folded callout, a CTA) get their feed form too."""
    root = content_forms.parse_fragment(article.summary or "")
    content_forms.feed_form.send(article, root=root)
    return content_forms.portable_fragment(content_forms.serialize_children(root), url)


def entry_for(article):
    """The Entry for one article; AuthorError if any of its text cannot be XML."""
    url = content_forms.article_url(article)
    # The raw texts first: lxml's HTML parser would quietly turn NUL into U+FFFD.
    # (The text before the summary: without a Summary line, Pelican cuts it from the text.)
    check_xml_text(article, "post's text", article._content)
    check_xml_text(article, "title", article.title)
    check_xml_text(article, "summary", article.summary)
    summary = summary_form(article, url)
    author = str(getattr(article, "author", "") or article.settings.get("AUTHOR") or "")
    category = str(getattr(article, "category", "") or "")
    tags = tuple(str(tag) for tag in getattr(article, "tags", None) or ())
    for field, text in (("summary", summary), ("author", author), ("category", category), ("tags", " ".join(tags))):
        check_xml_text(article, field, text)
    content = check_xml_text(article, "post's text", entry_content(article))
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
