"""Sign-up calls-to-action: content/ctas/NAME.md files, placed inline and at the end of posts.

- `[[cta:NAME]]` (or `[[cta]]` for CTA_DEFAULT) alone in a paragraph places a CTA
  (extension.py, a Python-Markdown block processor); anywhere else in the text, outside
  code, it stops the build instead of being published as text.
- Every post ends with the CTA its `CTA:` metadata names, else CTA_DEFAULT; `CTA: none`
  turns it off; a CTA the post already shows inline is not repeated
  (`article.end_cta`, see end.EndCta).
- Feeds and email get forms without `<form>` (forms.py, receivers of content_forms).
Settings and defaults: config.DEFAULTS.
"""

from pelican import signals

import content_forms

from .catalog import load_catalog
from .config import DEFAULTS
from .end import attach_end_ctas
from .extension import CtaExtension
from .forms import cta_email_form, cta_feed_form

__all__ = ["DEFAULTS", "register"]


def install(pelican):
    """`initialized`: read and check the CTA files, and add `[[cta]]` to Markdown."""
    catalog = load_catalog(pelican.settings)
    extensions = pelican.settings["MARKDOWN"].setdefault("extensions", [])
    extensions[:] = [e for e in extensions if not isinstance(e, CtaExtension)]
    extensions.append(CtaExtension(catalog))


def register():
    signals.initialized.connect(install)
    signals.article_generator_finalized.connect(attach_end_ctas)
    content_forms.feed_form.connect(cta_feed_form)
    content_forms.email_form.connect(cta_email_form)
