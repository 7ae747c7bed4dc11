"""Email export: every published post as an HTML email, a plain-text part, a .eml and
an index, for pasting into a newsletter service or sending as it is.

    email/<slug>/email.html    table layout, styles inlined (css-inline), 600 px wide
    email/<slug>/email.txt     the plain-text part
    email/<slug>/message.eml   multipart/alternative, ready to send
    email/index.json           every exported post: slug, title, subject, dates, paths
    email/index.html           previews, for `invoke serve` at /email/

Settings: EMAIL_* (defaults in settings.DEFAULTS) plus NEWSLETTER_FROM and
NEWSLETTER_ADDRESS. The body is `content_forms.forms(article).email`; this plugin's
own `email_form` receiver (mailready.py) sizes images and drops what mail clients refuse.
"""

from pelican import signals

import content_forms

from .export import prepare_emails, remember_reuse_key, start_emails, write_emails
from .mailready import prepare_for_mail
from .reuse import note_inputs
from .settings import DEFAULTS, load


def check_settings(pelican):
    """`initialized`: an unknown EMAIL_ESP or a bad sender stops the build at once; the
    inputs every email shares are fingerprinted now, before any is read (reuse.py)."""
    note_inputs(pelican.settings, load(pelican.settings))


def register():
    signals.initialized.connect(check_settings)
    content_forms.email_form.connect(prepare_for_mail)
    signals.all_generators_finalized.connect(prepare_emails)
    signals.get_writer.connect(start_emails)
    signals.article_generator_write_article.connect(remember_reuse_key)
    signals.finalized.connect(write_emails)


__all__ = ["DEFAULTS", "register"]
