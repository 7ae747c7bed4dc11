"""Email export: the newest published posts as HTML emails, a plain-text part, a .eml and
an index, for pasting into a newsletter service or sending as it is.

    email/<slug>/email.html    table layout, styles inlined (css-inline), 600 px wide
    email/<slug>/email.txt     the plain-text part
    email/<slug>/message.eml   multipart/alternative, ready to send
    email/index.json           every exported email: slug, title, subject, dates, paths
    email/index.html           previews, for `invoke serve` at /email/

Which posts: the EMAIL_EXPORT_RECENT newest (10), those EMAIL_SLUGS names (`invoke email
--slug`), or all (`invoke email --all`); in the preview, the drafts too. The body is the
post's email form (blocks.forms), its looks theme/templates/email/*.css (css-inline).
Settings: EMAIL_* (settings.DEFAULTS) plus NEWSLETTER_FROM and NEWSLETTER_ADDRESS.
"""

import datetime

from pelican import signals
from pelican.generators import ArticlesGenerator

from blocks import state_of
from blocks.state import published
from writing_checks.metadata import allow_metadata, said_yes

from . import elements  # noqa: F401 (the email's element hooks)
from .export import EmailExport
from .settings import DEFAULTS, load

allow_metadata(__name__, "preheader", "email-subject", "email", "email-only", kinds=("post",))


def start(pelican):
    """`initialized`: an unknown EMAIL_ESP or a bad sender stops the build at once; the trees
    of the posts that may get an email are kept while the posts are read."""
    config = load(pelican.settings)
    now = datetime.datetime.now(datetime.timezone.utc)
    retention = state_of(pelican.settings).retention
    retention.want("emails", config.recent, lambda metadata: "newest" if published(metadata, now) else None)
    retention.want("email-only posts", None, lambda metadata: "email-only" if metadata.get("email-only") else None)
    if config.slugs:
        slugs = set(config.slugs)
        retention.want("emails asked for", None, lambda metadata: "asked" if metadata.get("slug") in slugs else None)
    if pelican.settings.get("DRAFT_SAVE_AS"):  # the preview shows the drafts' emails
        retention.want("draft emails", None, lambda metadata: "draft" if not published(metadata, now) else None)


def email_only(generator, metadata):
    """`article_generator_context`: a post with `Email-Only: yes` is published as a hidden post
    (its page for "view in browser", in no list, feed or sitemap, marked noindex): it gets
    its email all the same."""
    if said_yes(metadata.get("email-only")) and metadata.get("status") != "draft":
        metadata["status"] = "hidden"


def prepare(generators):
    """`all_generators_finalized`: every post is read; choose the posts to export."""
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            state_of(generator.settings).email_export = EmailExport(generator)


def finish(pelican):
    """`finalized`: the web pages are written; write the emails."""
    export = getattr(state_of(pelican.settings), "email_export", None)
    if export is not None:
        export.finish()


def register():
    signals.initialized.connect(start)
    signals.article_generator_context.connect(email_only)
    signals.all_generators_finalized.connect(prepare)
    signals.finalized.connect(finish)


__all__ = ["DEFAULTS", "register"]
