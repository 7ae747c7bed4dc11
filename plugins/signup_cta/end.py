"""The end-of-post CTA: chosen per post, rendered once per CTA per build."""

from dataclasses import dataclass, replace

from build_guard import block_links
from build_guard.metadata import metadata_line
from content_forms import parse_fragment

from .extension import INLINE_META_KEY, catalog_from
from .forms import end_forms

OFF = "none"


@dataclass(frozen=True)
class EndCta:
    """One CTA in every form the outputs need.

    html        web markup (<aside class="cta cta-NAME">, a link or a sign-up form)
    feed_html   <div class="cta cta-NAME"> with the text and a plain link, absolute URLs
    email_html  <table role="presentation" class="cta cta-NAME"> with a bulletproof button
    text        plain text: a sentence, then the URL on its own line
    path        its file: its `{static}` and `{filename}` links are worked out from there
    A sign-up CTA without `Email:` text has "" for feed_html, email_html and text.
    """

    name: str
    html: str
    feed_html: str
    email_html: str
    text: str
    path: str = ""

    def with_links(self, settings):
        """This CTA made from its HTML and `Email:` text with their links worked out
        (build_guard.block_links; the catalog works out the `Email:` text's)."""
        catalog = catalog_from(settings)
        html = block_links.resolve(self.html, self.path, settings)
        feed_html, email_html = end_forms(html, catalog.ctas[self.name], catalog)
        if (html, feed_html, email_html) == (self.html, self.feed_html, self.email_html):
            return self
        return replace(self, html=html, feed_html=feed_html, email_html=email_html)


def render_end_cta(cta, catalog):
    """All forms of `cta` as a standalone block, through the same Markdown path as `[[cta]]`."""
    html = catalog.markdown(without_ctas=False).convert(f"\n[[cta:{cta.name}]]\n")
    feed_html, email_html = end_forms(html, cta, catalog)
    text = plain_text(cta, catalog) if feed_html else ""
    return EndCta(cta.name, html, feed_html, email_html, text, cta.path)


def plain_text(cta, catalog):
    if cta.email:
        sentence = parse_fragment(catalog.email_text_html(cta)).text_content().strip()
    else:
        sentence = cta.title
    return f"{' '.join(sentence.split())}\n{catalog.link_target(cta)}"


def chosen_name(article, catalog):
    """The CTA the post asks for with `CTA:`, else the default; None for `CTA: none`."""
    wanted = article.metadata.get("cta")
    if wanted is None:
        return catalog.default
    wanted = str(wanted).strip()
    if wanted.lower() == OFF:
        return None
    catalog.get(wanted, path=article.source_path, line=metadata_line(article.source_path, "cta"))
    return wanted


def attach_end_ctas(generator):
    """`article_generator_finalized`: set `article.end_cta` (an EndCta or None) on every post."""
    catalog = catalog_from(generator.settings)
    if catalog is None:
        return
    for article in (
        generator.articles + generator.translations + generator.drafts + generator.drafts_translations
    ):
        name = chosen_name(article, catalog)
        inline = article.metadata.get(INLINE_META_KEY) or ()
        if name is None or name in inline:
            article.end_cta = None
        else:
            article.end_cta = catalog.once(("end", name), lambda: render_end_cta(catalog.ctas[name], catalog))
    # The files their {static} links name are published, as a post's are: the end CTAs'
    # and every `Email:` text's (feeds and emails show it for inline CTAs too).
    blocks = [(catalog.email_text_html(cta), cta.path) for cta in catalog.ctas.values() if cta.email]
    blocks += [(end.html, end.path) for end in catalog.rendered_ends()]
    for html, path in blocks:
        block_links.note_static_links(html, path, generator.settings, generator.context)
