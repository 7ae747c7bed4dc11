"""Which of Pelican's content lists a plugin walks, named once.

Pelican's article generator keeps a post in one of six lists (published, hidden,
draft, each with its translations): a plugin that decorates posts (disclaimer, end CTA,
reading time) must walk all six, or a `Status: hidden` post or a translation is written
without them.
"""

# Every list of contents the article and page generators keep, each named once.
CONTENT_LISTS = (
    "articles", "drafts", "hidden_articles", "translations", "drafts_translations",
    "hidden_translations", "pages", "hidden_pages", "draft_pages", "draft_translations",
    "newsletters", "draft_newsletters",  # a plugin's generator of other content (newsletters)
)
# The article generator's lists: every post the build writes a page for (drafts only in
# the preview, which writes them).
ARTICLE_LISTS = ("articles", "translations", "hidden_articles", "hidden_translations", "drafts", "drafts_translations")


def every_article(generator):
    """Every post the article generator read, in its lists' order: published, then
    hidden, then drafts (each with its translations)."""
    return [article for name in ARTICLE_LISTS for article in getattr(generator, name, ())]
