"""Article extras for the theme: reading time, and the previous and next story.

Computed once per article after Pelican has read and ordered them, so templates
only print values.
"""

import math

import lxml.html
from pelican import signals

DEFAULTS = {"READING_WORDS_PER_MINUTE": 230}


def word_count(html):
    if not html or not html.strip():
        return 0
    return len(lxml.html.fragment_fromstring(html, create_parent="div").text_content().split())


def add_extras(generator):
    """`article_generator_finalized`: reading time and neighbours in date order."""
    pace = generator.settings.get("READING_WORDS_PER_MINUTE", DEFAULTS["READING_WORDS_PER_MINUTE"])
    for article in generator.articles + generator.drafts:
        article.reading_time = max(1, math.ceil(word_count(article._content) / pace))
    newest_first = sorted(generator.articles, key=lambda a: a.date, reverse=True)
    for index, article in enumerate(newest_first):
        article.newer_article = newest_first[index - 1] if index > 0 else None
        article.older_article = newest_first[index + 1] if index + 1 < len(newest_first) else None


def register():
    signals.article_generator_finalized.connect(add_extras)
