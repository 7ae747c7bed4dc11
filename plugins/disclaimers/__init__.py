"""Disclaimer footers: Markdown files in content/disclaimers/, one attached to each post.

`default.md` (DISCLAIMER_DEFAULT) goes under every post unless the post says
`Disclaimer: NAME` or `Disclaimer: none`; pages get one only when they ask for it.
Each disclaimer is rendered once per build and attached as `article.disclaimer`
(see `catalog.Disclaimer`) for the web page, the feed entry and the email.
"""

from pelican import signals

from .attach import attach_to_articles, attach_to_pages
from .config import DEFAULTS

__all__ = ["DEFAULTS", "register"]


def register():
    signals.article_generator_finalized.connect(attach_to_articles)
    signals.page_generator_finalized.connect(attach_to_pages)
