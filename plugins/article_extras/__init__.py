"""Article extras for the theme and the email: reading time, a plain-text summary, and
the previous and next story.

Computed once per article (one parse of its content) after Pelican has read and
ordered them, so templates only print values.
"""

import datetime
import math

import lxml.html
from build_guard.contents import every_article
from build_guard.metadata import declared_status
from pelican import signals

DEFAULTS = {"READING_WORDS_PER_MINUTE": 230}

# Blocks that are not the story's own prose: they never start a summary.
NOT_PROSE = "callout", "cta", "disclaimer"


def _fragment(html):
    return lxml.html.fragment_fromstring(html or "", create_parent="div")


def _is_prose(element):
    classes = (element.get("class") or "").split()
    return isinstance(element.tag, str) and not any(name in classes for name in NOT_PROSE)


def plain_summary(content, words):
    """(summary text, word count): the `Summary:` as text, else the first `words` words of
    the story's own paragraphs (callouts and calls-to-action left out); no markup."""
    root = _fragment(content._content)
    count = len(root.text_content().split())
    given = content.metadata.get("summary")
    if given:
        return " ".join(_fragment(given).text_content().split()), count
    prose = []
    for element in root:
        if _is_prose(element) and element.tag in ("p", "ul", "ol", "blockquote"):
            prose.extend(element.text_content().split())
            if len(prose) > words:
                return " ".join(prose[:words]) + "…", count
    return " ".join(prose), count


def add_extras(generator):
    """`article_generator_finalized`: reading time, plain summary, neighbours in date order."""
    pace = generator.settings.get("READING_WORDS_PER_MINUTE", DEFAULTS["READING_WORDS_PER_MINUTE"])
    words = generator.settings.get("SUMMARY_MAX_LENGTH") or 50
    for article in every_article(generator):  # hidden posts and translations too
        article.plain_summary, count = plain_summary(article, words)
        article.reading_time = max(1, math.ceil(count / pace))
        article.scheduled = is_scheduled(article)
    newest_first = sorted(generator.articles, key=lambda a: a.date, reverse=True)
    for index, article in enumerate(newest_first):
        article.newer_article = newest_first[index - 1] if index > 0 else None
        article.older_article = newest_first[index + 1] if index + 1 < len(newest_first) else None


def is_scheduled(article):
    """Whether the post is a draft only because its date is still to come (Pelican files
    those as drafts): the next `invoke publish` on or after that date publishes it."""
    if article.status != "draft" or declared_status(article) == "draft":
        return False
    return article.date > datetime.datetime.now(article.date.tzinfo)


def add_page_extras(generator):
    """`page_generator_finalized`: pages get the plain summary too (for their description)."""
    words = generator.settings.get("SUMMARY_MAX_LENGTH") or 50
    for page in generator.pages + generator.hidden_pages + generator.draft_pages:
        page.plain_summary, _ = plain_summary(page, words)


def register():
    signals.article_generator_finalized.connect(add_extras)
    signals.page_generator_finalized.connect(add_page_extras)
