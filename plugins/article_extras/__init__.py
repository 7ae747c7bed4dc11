"""Article extras for the theme: reading time, a plain-text summary, whether a post is only
waiting for its date, the previous and next story, two stories to read next (related.py),
and the picture an `Image:` line names (pictures.py).

The word count and the plain summary come from the post's parsed tree (the reader's
blocks.state.Parsed); the templates only print values.
"""

import datetime
import math

from pelican import signals

from build.settings import defaults, setting
from writing_checks.contents import CONTENT_LISTS, every_article
from writing_checks.errors import AuthorError, report
from writing_checks.metadata import allow_metadata, declared_status

from .pictures import post_picture
from .related import add_related

allow_metadata(__name__, "image")  # the post's picture: in lists of posts and on its social card

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


def add_pictures_and_related(generators):
    """`all_generators_finalized`: the pictures are known (static content) and every post has
    its place in its series: each post's and page's `Image:` picture (a missing or damaged
    one stops the build, each at its line), and each post's stories to read next."""
    context, settings = generators[0].context, generators[0].settings
    errors = []
    for generator in generators:
        for name in CONTENT_LISTS:
            for content in getattr(generator, name, None) or ():
                try:
                    content.picture = post_picture(content, context, settings)
                except AuthorError as error:  # one line each, then stop
                    errors.append(report(error))
        if hasattr(generator, "drafts"):  # the article generator
            add_related(every_article(generator), generator.articles)
    if errors:
        raise errors[0]


def register():
    signals.article_generator_finalized.connect(add_extras)
    signals.page_generator_finalized.connect(add_page_extras)
    signals.all_generators_finalized.connect(add_pictures_and_related)
