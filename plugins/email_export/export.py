"""Writes email/<slug>/{email.html,email.txt,message.eml}, email/index.json and the
preview page email/index.html for every published post: started once the content is
read, shared with a second process where there is a spare core, finished once the
articles are written."""

import os
from dataclasses import dataclass

import content_forms
from build_guard import parallel
from build_guard.content_cache import file_stamp
from build_guard.errors import AuthorError, display_path
from build_guard.metadata import declared_status, metadata_line
from pelican.generators import ArticlesGenerator

from . import mailready, message, plaintext, render, settings
from .reuse import EmailReuse


def render_text(article, config, environment, content=None):
    """The plain-text part: the feed form of the content, then CTA, disclaimer, links, footer."""
    content = content or text_content(article)
    return environment.get_template("email.txt").render(
        title_block=plaintext.underlined(article.title, "="),
        greeting=plaintext.clean(config.greeting_text()).strip() if config.greeting else "",
        body=content.body,
        end_cta=content.end_cta,
        disclaimer=content.disclaimer,
        references=content.references,
        reason=config.reason,
        postal_address=config.postal_address,
        web_url=render.web_url(article),
        unsubscribe_url=config.unsubscribe_url,
    )


@dataclass(frozen=True)
class TextContent:
    """The text part's blocks that are the same for every audience (export and .eml)."""

    body: str
    end_cta: str
    disclaimer: str
    references: str


def text_content(article):
    renderer = plaintext.TextRenderer()
    forms = content_forms.forms(article)
    tree = forms.feed_tree if forms.feed_tree is not None else content_forms.parse_fragment(forms.feed)
    body = renderer.render(tree)
    end_cta = _block_text(article, "end_cta", renderer)
    disclaimer = _block_text(article, "disclaimer", renderer)
    return TextContent(body, end_cta, disclaimer, plaintext.references_block(renderer.references))


def _block_text(article, name, renderer):
    """A block's own `.text` when its plugin made one, else its HTML rendered as text."""
    block = getattr(article, name, None)
    if block is None:
        return ""
    text = getattr(block, "text", None)
    if text:
        return plaintext.wrap_paragraphs(str(text))
    html = getattr(block, "feed_html", None) or getattr(block, "email_html", None)
    return renderer.render_html(html) if html else ""


def email_folder(article):
    """Where a post's three files go, relative to the output folder."""
    return f"email/{article.slug}"


def check_one_post_per_folder(articles):
    """Pelican lets two posts of different years share a slug (their pages are
    <year>/<slug>/), but their emails would share email/<slug>/, and `invoke email --slug`
    could not tell them apart: the build stops, naming both."""
    seen = {}
    for article in articles:
        other = seen.setdefault(email_folder(article), article)
        if other is not article:
            raise AuthorError(
                f"this post has the slug {article.slug!r}, like {display_path(other.source_path)}: "
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


def selected(generator, config, drafts):
    """The articles to export: the published ones and the drafts the build previews
    (`drafts`, previewed_drafts), or those EMAIL_SLUGS names (published only). A slug of a
    hidden post or a draft is named as such: neither gets an email to send."""
    articles = generator.articles
    if config.slugs is None:
        return list(articles) + drafts
    by_slug = {article.slug: article for article in articles}
    missing = [slug for slug in config.slugs if slug not in by_slug]
    if missing:
        slug = missing[0]
        known = ", ".join(sorted(by_slug)) or "none"
        unpublished = _unpublished(generator, slug)
        if unpublished is not None:
            raise unpublished_error(unpublished, slug, known)
        raise AuthorError(
            f"no published post has the slug {slug!r} (published slugs: {known})",
            "use the slug from the post's web address, e.g. 2026/<slug>/",
            path=generator.settings["PATH"],
        )
    return [by_slug[slug] for slug in config.slugs]


def _when(date):
    """The date, with its time when it has one (a post due later today)."""
    return f"{date:%Y-%m-%d %H:%M}" if (date.hour, date.minute) != (0, 0) else f"{date:%Y-%m-%d}"


def _unpublished(generator, slug):
    """The hidden post or draft with this slug (not a translation), or None."""
    for name in ("hidden_articles", "drafts"):
        for article in getattr(generator, name, ()):
            if article.slug == slug:
                return article
    return None


def unpublished_error(article, slug, known):
    """Why `invoke email --slug` gets nothing for a hidden post or a draft, at the line that says so."""
    path = article.source_path
    status_line = metadata_line(path, "status")
    others = f"or export a published post ({known})"
    declared = declared_status(article)
    if article.status == "hidden" or declared == "hidden":
        return AuthorError(
            f"the post with the slug {slug!r} is hidden ('Status: hidden'), and hidden posts get no email",
            "to send it as a newsletter, remove the 'Status: hidden' line (it then also appears in lists "
            f"and feeds) and export it again; {others}",
            path=path, line=status_line,
        )
    if declared == "draft":
        return AuthorError(
            f"the post with the slug {slug!r} is a draft ('Status: draft'), and drafts get no email",
            f"remove the 'Status: draft' line when it is ready, then export it again; {others}",
            path=path, line=status_line,
        )
    return AuthorError(
        f"the post with the slug {slug!r} is dated {_when(article.date)}, in the future, so it is not "
        "published yet and gets no email",
        f"export it once that time has come, or change its Date: line; {others}",
        path=path, line=metadata_line(path, "date"),
    )


class EmailExport:
    """One build's export of the published posts (and, in the preview, of the drafts).

    Made once the content is read (`all_generators_finalized`, so a bad EMAIL_SLUGS
    stops the build before anything is written). `start()`, when writing begins, lets a
    second process export posts (build_guard.parallel) while this one writes the web
    pages, where the machine has a spare core; `finish()`, after the last page, exports
    what is left and writes the index and the preview page.
    """

    def __init__(self, generator):
        self.settings = generator.settings
        self.config = settings.load(generator.settings)
        self.environment = render.template_environment(generator.settings)
        self.output = generator.settings["OUTPUT_PATH"]
        drafts = previewed_drafts(generator)
        check_one_post_per_folder(generator.articles + drafts)
        self.articles = selected(generator, self.config, drafts)
        self.exported = set(self.articles)  # not its translations, written with the same slug
        self.reuse = EmailReuse(generator.settings, self.config)
        self.shared = None

    def start(self):
        # When most posts' emails are carried over from the last build, nothing is worth a
        # process (and the keys worked out here are not the worker's).
        if not self.reuse.likely and parallel.worth_sharing(self.settings, len(self.articles)):
            self.shared = parallel.SharedWork(self.articles, self.export)

    def export(self, article):
        """Write one post's three files (or carry them over, reuse.py); return the size of
        its email HTML in bytes and its stamps: the image files it was made with, its files."""
        url = render.web_url(article)
        folder = email_folder(article)
        carried = self.reuse.carried_over(article, url, folder, self.output)
        if carried is not None:
            size, stamps = carried
            render.check_size(article, size, self.config)
            return size, stamps
        html, text, eml = self.render(article, url)
        size = render.check_size(article, len(html), self.config)
        images = mailready.images_read(article)  # stamped before they were read
        files = {
            "email.html": _write(self.output, f"{folder}/email.html", html),
            "email.txt": _write(self.output, f"{folder}/email.txt", text),
            "message.eml": _write(self.output, f"{folder}/message.eml", eml),
        }
        return size, {"images": images, "files": files}  # its index entry is made with the index

    def render(self, article, url):
        """The post's email HTML, text part and .eml, as bytes."""
        config, environment = self.config, self.environment
        as_is = config.for_sending_as_is()
        audiences = [config] if as_is is config else [config, as_is]
        content = text_content(article)  # first: it reads the feed tree the email form consumes
        rendered = render.render_html_for(article, audiences, environment)
        html, eml_html = rendered[0], rendered[-1]
        text = render_text(article, config, environment, content)
        eml_text = text if as_is is config else render_text(article, as_is, environment, content)
        eml = _message(article, url, config, eml_text, eml_html)
        return html.encode("utf-8"), text.encode("utf-8"), message.eml_bytes(eml)

    def finish(self):
        if self.shared is not None:
            results = self.shared.results()
        else:
            results = [self.export(article) for article in self.articles]
        sizes = []
        for article, (size, stamps) in zip(self.articles, results):
            self.reuse.record(article, stamps)
            sizes.append(size)
        self.reuse.save(self.output, self.articles, render.web_url)
        config = self.config
        entries = IndexEntries(self.articles, sizes)
        # Both files list every post: streamed, never held whole (peak memory).
        os.makedirs(os.path.join(self.output, "email"), exist_ok=True)
        with open(os.path.join(self.output, "email", "index.json"), "w", encoding="utf-8") as handle:
            message.write_index_json(handle, entries, config.esp)
        self.environment.get_template("index.html").stream(
            entries=entries, esp=config.esp, sitename=config.sitename, siteurl=config.siteurl,
            preview=config.preview,
        ).dump(os.path.join(self.output, "email", "index.html"), encoding="utf-8")


class IndexEntries:
    """The exported posts' lines of index.json (and the preview page), newest first, each
    made as it is written: at 5,000 posts the whole list is megabytes held for nothing."""

    def __init__(self, articles, sizes):
        self._rows = sorted(
            zip(articles, sizes), key=lambda row: (row[0].date.isoformat(), row[0].slug), reverse=True
        )

    def __len__(self):
        return len(self._rows)

    def __iter__(self):
        for article, size in self._rows:
            yield message.index_entry(
                slug=article.slug, title=article.title, subject=render.subject(article),
                preheader=render.preheader(article), date=article.date, url=render.web_url(article),
                folder=email_folder(article), size=size, draft=article.status == "draft",
            )


_current = None  # this build's EmailExport (a process runs one build at a time)


def prepare_emails(generators):
    """`all_generators_finalized`: every post is read and its links resolved."""
    global _current
    _current = None
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            _current = EmailExport(generator)


def start_emails(pelican):
    """`get_writer`, sent once every summary's links are resolved, before the first page
    is written: start sharing the export. Returns no writer (Pelican's own is used)."""
    if _current is not None and _current.settings is pelican.settings:
        _current.start()


def remember_reuse_key(generator, content):
    """`article_generator_write_article`, just before a post's page is written."""
    export = _current
    if export is not None and export.reuse.enabled and content in export.exported:
        export.reuse.remember_key(content, render.web_url(content))


def write_emails(pelican):
    """`finalized`: the web pages are written; finish the export."""
    global _current
    export, _current = _current, None
    if export is not None and export.settings is pelican.settings:
        export.finish()


def _message(article, url, config, text, html):
    """The .eml: sent as it is, so its parts are those rendered with the generic values
    (working links instead of a service's merge tags: EmailConfig.for_sending_as_is)."""
    return message.build_message(
        subject=render.subject(article),
        sender=config.sender,
        date=article.date,
        url=url,
        domain=config.domain,
        text=text,
        html=html,
        list_unsubscribe=config.list_unsubscribe,
        archive=config.siteurl + "/" if config.siteurl.startswith(("https://", "http://")) else None,
    )


def _write(output, relpath, data):
    """A new file ("x": never into an existing one, which may be a hard link into the last
    good output, reuse.py); returns its stamp."""
    path = os.path.join(output, relpath)
    try:
        handle = open(path, "xb")
    except FileNotFoundError:  # a post's first file: its folder is made once, not per file
        os.makedirs(os.path.dirname(path), exist_ok=True)
        handle = open(path, "xb")
    with handle:
        handle.write(data)
    return file_stamp(path)
