"""Attach `disclaimer` to every post and page, once the generators have read them."""

from build_guard import block_links
from build_guard.contents import every_article
from build_guard.errors import AuthorError, display_path
from build_guard.metadata import intended_name, metadata_line

from .catalog import OFF, load_catalog

CONTEXT_KEY = "disclaimer_catalog"


def catalog_for(generator):
    """One catalog per build, shared by the article and page generators (same context)."""
    catalog = generator.context.get(CONTEXT_KEY)
    if catalog is None:
        catalog = load_catalog(generator.settings)
        generator.context[CONTEXT_KEY] = catalog
    return catalog


def note_static_links(generator, disclaimers):
    """The files the {static} links of the disclaimers in use name are published, as a
    post's are (called before Pelican reads the static files)."""
    settings, context = generator.settings, generator.context
    for disclaimer in {id(d): d for d in disclaimers if d is not None}.values():
        block_links.note_static_links(disclaimer.html, disclaimer.path, settings, context)


def chosen_disclaimer(content, catalog, default):
    """The disclaimer the post or page asks for with `Disclaimer:`, else `default`."""
    wanted = content.metadata.get("disclaimer")
    if wanted is None:
        return default
    try:
        return catalog.lookup(str(wanted))
    except KeyError:
        pass
    written = str(wanted).strip()
    where = {"path": content.source_path, "line": metadata_line(content.source_path, "disclaimer")}
    meant, extras = intended_name(written)
    if extras and (meant in catalog.by_name or meant.lower() == OFF):
        raise AuthorError(
            f"the disclaimer is written {written!r}, with {extras}: a disclaimer is named without them",
            f"write 'Disclaimer: {meant}'",
            **where,
        )
    without = f" (without {extras})" if extras else ""
    raise AuthorError(
        f"unknown disclaimer {written!r} (disclaimers: {catalog.names()})",
        f"write 'Disclaimer: NAME' with one of those names{without}, 'Disclaimer: none' for no "
        f"disclaimer, or create {display_path(catalog.folder)}/{meant or written}.md",
        **where,
    )


def attach_to_articles(generator):
    """`article_generator_finalized`: posts get the default unless they say otherwise
    (hidden posts and translations too: every post's page carries its disclaimer)."""
    catalog = catalog_for(generator)
    used = []
    for article in every_article(generator):
        article.disclaimer = chosen_disclaimer(article, catalog, catalog.default)
        used.append(article.disclaimer)
    note_static_links(generator, used)


def attach_to_pages(generator):
    """`page_generator_finalized`: pages get a disclaimer only when they name one."""
    catalog = catalog_for(generator)
    used = []
    for page in (
        generator.pages + generator.translations + generator.hidden_pages
        + generator.hidden_translations + generator.draft_pages + generator.draft_translations
    ):
        page.disclaimer = chosen_disclaimer(page, catalog, None)
        used.append(page.disclaimer)
    note_static_links(generator, used)
