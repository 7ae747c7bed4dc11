"""The end-of-post CTA: chosen per post, rendered once per CTA per build."""

from dataclasses import dataclass, replace

from blocks.sanitize import sanitize
from build_guard import block_links
from build_guard.contents import every_article
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
    text        plain text: a sentence, then the URL on its own line ("" when the `Email:`
                text has links: the text part is then made from feed_html)
    email_text  the `Email:` text as HTML (in feed_html and email_html), links worked out
    path        its file: its `{static}` and `{filename}` links are worked out from there
    A sign-up CTA without `Email:` text has "" for feed_html, email_html and text.
    """

    name: str
    html: str
    feed_html: str
    email_html: str
    text: str
    path: str = ""
    email_text: str = ""

    def with_links(self, settings):
        """This CTA made from its HTML and `Email:` text with their links worked out
        (build_guard.block_links; the catalog works out the `Email:` text's)."""
        catalog = catalog_from(settings)
        made = _forms(block_links.resolve(self.html, self.path, settings), catalog.ctas[self.name], catalog)
        return self if all(getattr(self, name) == value for name, value in made.items()) else replace(self, **made)


@dataclass(frozen=True)
class InlineCta:
    """A CTA a post places with [[cta:NAME]], as far as its file adds to the post's feed and
    email forms (the pitch is in the post's own HTML): `email_text` is its `Email:` text as
    HTML, links worked out once every file is read ("" without one)."""

    name: str
    email_text: str
    path: str

    def with_links(self, settings):
        catalog = catalog_from(settings)
        html = catalog.email_text_html(catalog.ctas[self.name])
        return self if html == self.email_text else replace(self, email_text=html)


def render_end_cta(cta, catalog):
    """All forms of `cta` as a standalone block, through the same Markdown path as `[[cta]]`."""
    html = sanitize(catalog.markdown(without_ctas=False).convert(f"\n[[cta:{cta.name}]]\n"), "web",
                    catalog.settings["SITEURL"])
    made = _forms(html, cta, catalog)
    return EndCta(cta.name, text=plain_text(cta, catalog) if made["feed_html"] else "", path=cta.path, **made)


def _forms(html, cta, catalog):
    """The forms of an end CTA made from its web HTML (and its `Email:` text, from the catalog)."""
    feed_html, email_html = end_forms(html, cta, catalog)
    return {"html": html, "feed_html": feed_html, "email_html": email_html, "email_text": catalog.email_text_html(cta)}


def plain_text(cta, catalog):
    """A sentence, then the URL; "" when the `Email:` text has links of its own, which a
    sentence would drop: the email's text part then renders the feed form instead (links
    numbered, as in the post)."""
    if cta.email:
        root = parse_fragment(catalog.email_text_html(cta))
        if root.xpath(".//a[@href]"):
            return ""
        sentence = root.text_content().strip()
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
    line = metadata_line(article.source_path, "cta")
    catalog.get(wanted, path=article.source_path, line=line, written_as="CTA: {}")
    return wanted


def attach_end_ctas(generator):
    """`article_generator_finalized`: set `article.end_cta` (an EndCta or None) and
    `article.inline_ctas` (an InlineCta for each CTA placed with [[cta:NAME]]) on every post."""
    catalog = catalog_from(generator.settings)
    if catalog is None:
        return
    used, ends = set(), {}
    for article in every_article(generator):
        name = chosen_name(article, catalog)
        inline = article.metadata.get(INLINE_META_KEY) or ()
        article.inline_ctas = tuple(
            catalog.once(("inline", each), lambda each=each: InlineCta(each, "", catalog.ctas[each].path))
            for each in dict.fromkeys(inline)
        )
        used.update(inline)
        if name is None or name in inline:
            article.end_cta = None
        else:
            article.end_cta = ends[name] = catalog.once(
                ("end", name), lambda: render_end_cta(catalog.ctas[name], catalog)
            )
            used.add(name)
    # The files the {static} links of the CTAs in use name are published, as a post's are.
    for name in sorted(used):
        cta = catalog.ctas[name]
        for part in (ends[name].html if name in ends else "", catalog.email_text_html(cta)):
            block_links.note_static_links(part, cta.path, generator.settings, generator.context)
