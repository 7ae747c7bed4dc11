"""Writes email/<slug>/{email.html,email.txt,message.eml}, email/index.json and the preview
page email/index.html once the web pages are written.

Which posts: the EMAIL_EXPORT_RECENT newest published posts (10; None: all), those
EMAIL_SLUGS names (`invoke email --slug`), and, in the preview, the drafts it shows.
"""

import os

from blocks import state_of
from blocks.forms import post_url, text_of
from writing_checks.errors import AuthorError, display_path
from writing_checks.metadata import declared_status, metadata_line, yes_or_no

from . import message, render, settings
from .render import subject
from .topics import topics_of


def render_text(article, config, environment, body=None):
    """The plain-text part: the post as text (its blocks included), its links, the footer."""
    text, references = body or text_of(article)
    return environment.get_template("email.txt").render(
        title_block=render.underlined(article.title, "="),
        greeting=render.clean(config.greeting_text()).strip() if config.greeting else "",
        body=text,
        references=references.block(),
        reason=config.reason,
        postal_address=config.postal_address,
        web_url=post_url(article),
        what=render.what_it_is(article),
        unsubscribe_url=config.unsubscribe_url,
    )


def email_folder(article):
    """Where a post's (or an issue's) three files go, relative to the output folder."""
    return f"email/{getattr(article, 'email_subfolder', '')}{article.slug}"


def check_one_post_per_folder(articles):
    """Pelican lets two posts of different years share a slug (their pages are
    <year>/<slug>/), but their emails would share email/<slug>/, and `invoke email --slug`
    could not tell them apart: the build stops, naming both."""
    seen = {}
    for article in articles:
        other = seen.setdefault(email_folder(article), article)
        if other is not article:
            raise AuthorError(
                f"this post has the slug '{article.slug}', like {display_path(other.source_path)}: "
                "their emails would overwrite each other in email/" + article.slug,
                "give one of the two posts a slug of its own, with a line such as "
                f"'Slug: {article.slug}-{article.date:%Y}' at its top",
                path=article.source_path,
                line=metadata_line(article.source_path, "slug"),
            )


def previewed_drafts(generator):
    """The drafts this build writes pages for (the preview of `invoke build` and `invoke
    serve`; `invoke publish` writes none): their emails are previewed with them, so the coach
    sees a newsletter, and its size, before the post is published. Not a draft with the slug
    of a published post (a new version in the works): the published one keeps email/<slug>/."""
    published = {email_folder(article) for article in generator.articles}
    return [
        draft for draft in generator.drafts
        if draft.save_as and email_folder(draft) not in published
        and "date" in draft.metadata  # an undated idea would be dated 9999
        and declared_status(draft) != "hidden"  # never emailed
    ]


def wants_email(article):
    """A post gets an email unless it says `Email: no`; a hidden one only with `Email-Only: yes`."""
    email_only = yes_or_no(article, "email-only", False)  # read for every post: a typo must stop the build
    if yes_or_no(article, "email", True) is False:
        return False
    return article.status != "hidden" or email_only


def selected(generator, config, drafts):
    """The posts to export, newest first: the newest published ones, those EMAIL_SLUGS names,
    and the previewed drafts. A slug of a hidden post or a draft is named as such: neither
    gets an email to send."""
    candidates = generator.articles + [post for post in generator.hidden_articles if wants_email(post)]
    articles = sorted((a for a in candidates if wants_email(a)), key=lambda a: (a.date, a.slug), reverse=True)
    chosen = articles if config.recent is None else articles[: max(0, int(config.recent))]
    by_slug = {article.slug: article for article in articles}
    issues = {issue.slug for issue in getattr(state_of(generator.settings), "newsletters", ())}
    for slug in config.slugs or ():
        if slug in issues:
            continue  # a newsletter issue: every one is exported
        if slug not in by_slug:
            raise missing_slug(generator, slug, ", ".join(sorted(by_slug)) or "none")
        if by_slug[slug] not in chosen:
            chosen.append(by_slug[slug])
    return chosen + drafts


def missing_slug(generator, slug, known):
    for name in ("hidden_articles", "drafts"):
        for article in getattr(generator, name, ()):
            if article.slug == slug:
                return unpublished_error(article, slug, known)
    for issue in getattr(state_of(generator.settings), "unsent_newsletters", ()):
        if issue.slug == slug:
            return unpublished_error(issue, slug, known, noun="newsletter issue")
    return AuthorError(
        f"no published post has the slug '{slug}' (published slugs: {known})",
        "use the slug from the post's web address, e.g. 2026/<slug>/",
        path=generator.settings["PATH"],
    )


def _when(date):
    """The date, with its time when it has one (a post due later today)."""
    return f"{date:%Y-%m-%d %H:%M}" if (date.hour, date.minute) != (0, 0) else f"{date:%Y-%m-%d}"


def unpublished_error(article, slug, known, noun="post"):
    """Why `invoke email --slug` gets nothing for a hidden post or a draft, at the line that says so."""
    path = article.source_path
    status_line = metadata_line(path, "status")
    others = f"or export a published post ({known})"
    declared = declared_status(article)
    if article.status == "hidden" or declared == "hidden":
        return AuthorError(
            f"the post with the slug '{slug}' is hidden ('Status: hidden'), and hidden posts get no email",
            "to send it as a newsletter, remove the 'Status: hidden' line (it then also appears in lists "
            f"and feeds) and export it again; {others}",
            path=path, line=status_line,
        )
    if declared == "draft":
        return AuthorError(
            f"the {noun} with the slug '{slug}' is a draft ('Status: draft'), and drafts get no email",
            f"remove the 'Status: draft' line when it is ready, then export it again; {others}",
            path=path, line=status_line,
        )
    return AuthorError(
        f"the {noun} with the slug '{slug}' is dated {_when(article.date)}, in the future, so it is not "
        "published yet and gets no email",
        f"export it once that time has come, or change its Date: line; {others}",
        path=path, line=metadata_line(path, "date"),
    )


class EmailExport:
    """One build's export, made once the content is read (`all_generators_finalized`: a bad
    EMAIL_SLUGS stops the build before anything is written), written at `finalized`."""

    def __init__(self, generator):
        self.settings = generator.settings
        self.config = settings.load(generator.settings)
        self.environment = render.template_environment(generator.settings)
        self.output = generator.settings["OUTPUT_PATH"]
        drafts = [draft for draft in previewed_drafts(generator) if wants_email(draft)]
        check_one_post_per_folder(generator.articles + drafts)
        self.articles = selected(generator, self.config, drafts) + list(getattr(state_of(self.settings), "newsletters", ()))

    def export(self, article):
        """Write one post's three files; return the size of its email HTML in bytes."""
        html, text, eml = self.render(article)
        size = render.check_size(article, len(html), self.config)
        folder = os.path.join(self.output, email_folder(article))
        os.makedirs(folder, exist_ok=True)
        for name, data in (("email.html", html), ("email.txt", text), ("message.eml", eml)):
            with open(os.path.join(folder, name), "wb") as handle:
                handle.write(data)
        return size

    def render(self, article):
        """The post's email HTML, text part and .eml, as bytes."""
        config, environment = self.config, self.environment
        as_is = config.for_sending_as_is()
        audiences = [config] if as_is is config else [config, as_is]
        body = text_of(article)
        rendered = render.render_html_for(article, audiences, environment)
        html, eml_html = rendered[0], rendered[-1]
        text = render_text(article, config, environment, body)
        eml_text = text if as_is is config else render_text(article, as_is, environment, body)
        eml = _message(article, post_url(article), config, eml_text, eml_html)
        return html.encode("utf-8"), text.encode("utf-8"), message.eml_bytes(eml)

    def finish(self):
        entries = [self.entry(article, self.export(article)) for article in self.articles]
        entries.sort(key=lambda entry: (entry["date"], entry["slug"]), reverse=True)
        os.makedirs(os.path.join(self.output, "email"), exist_ok=True)
        with open(os.path.join(self.output, "email", "index.json"), "w", encoding="utf-8") as handle:
            message.write_index_json(handle, entries, self.config.esp)
        config = self.config
        self.environment.get_template("index.html").stream(
            entries=entries, esp=config.esp, sitename=config.sitename, siteurl=config.siteurl,
            preview=config.preview,
        ).dump(os.path.join(self.output, "email", "index.html"), encoding="utf-8")

    def entry(self, article, size):
        entry = message.index_entry(
            slug=article.slug, title=article.title, subject=subject(article),
            preheader=render.preheader(article), date=article.date, url=post_url(article),
            folder=email_folder(article), size=size, draft=article.status == "draft",
            topics=topics_of(article, self.settings),
        )
        return {"kind": getattr(article, "email_kind", "post"), **entry}


def _message(article, url, config, text, html):
    """The .eml: sent as it is, so its parts are those rendered with the generic values
    (working links instead of a service's merge tags: EmailConfig.for_sending_as_is)."""
    return message.build_message(
        subject=subject(article),
        sender=config.sender,
        date=article.date,
        url=url,
        domain=config.domain,
        text=text,
        html=html,
        list_unsubscribe=config.list_unsubscribe,
        archive=config.siteurl + "/" if config.siteurl.startswith(("https://", "http://")) else None,
        reply_to=config.reply_to,
        list_id=config.list_id,
    )
