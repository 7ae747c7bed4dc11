"""Article extras for the theme: reading time, a plain-text summary, whether a post is only
waiting for its date, and the previous and next story.

The word count and the plain summary come from the post's parsed tree (the reader's
blocks.state.Parsed); the templates only print values.
"""

import datetime
import math

from pelican import signals

from build.settings import defaults, setting
from writing_checks.contents import every_article
from writing_checks.metadata import declared_status

DEFAULTS = defaults({
    # How fast a reader reads, for the "N min read" of each post.
    "READING_WORDS_PER_MINUTE": 230,
})


def facts(content):
    """(plain summary, word count) the reader worked out for a post or page."""
    parsed = content.metadata.get("parsed")
    return (parsed.plain_summary, parsed.words) if parsed is not None else ("", 0)


def add_extras(generator):
    """`article_generator_finalized`: reading time, plain summary, neighbours in date order."""
    pace = setting(generator.settings, "READING_WORDS_PER_MINUTE")
    for article in every_article(generator):  # hidden posts and translations too
        article.plain_summary, count = facts(article)
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
    for page in generator.pages + generator.hidden_pages + generator.draft_pages:
        page.plain_summary, _ = facts(page)


def register():
    signals.article_generator_finalized.connect(add_extras)
    signals.page_generator_finalized.connect(add_page_extras)
