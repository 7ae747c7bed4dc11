"""Sign-up calls-to-action: content/ctas/NAME.md, placed inline and at the end of posts.

`[[cta:NAME]]` (or `[[cta]]` for CTA_DEFAULT) alone in a paragraph places a CTA (markers.py);
every post ends with the CTA its `CTA:` line names, else CTA_DEFAULT (`CTA: none` for none),
unless it already shows that one. Both are `<block type="cta" name="NAME">`; the CTA's own
file (catalog.py) gives its title, button, address and text. Its four forms:

    web    <aside class="cta cta-NAME" aria-labelledby="ID-title" data-cta="NAME">
             <p class="cta-title" id="ID-title">Title</p><div class="cta-body">text</div>
             <p class="cta-action"><a class="cta-button" href="URL">Button</a></p>   (a link)
             <form class="cta-form" action="NEWSLETTER_SIGNUP_ACTION" method="post">  (Kind: signup)
               <label for="ID-email">…</label><div class="cta-fields"><input type="email" …>
               <button type="submit" class="cta-button">Button</button></div>
               <input type="hidden" name="tag" value="TAG"></form></aside>
           (ID: cta-NAME- and a short hash of the page's file: unique on a page, stable; the
           email field and the topic's hidden fields are named as EMAIL_ESP's service reads
           them: email_export.topics. The topic: the CTA's `Topic:`, and on a category's
           pages, which show the default CTA's form (category_signup.py), the category's)
    feed   <div class="cta cta-NAME"> the `Email:` text (else the title and the text), then
             <p class="cta-link"><a href="URL">Button</a></p>; a sign-up CTA links to the
             Subscribe page (CTA_SUBSCRIBE_URL) and, without `Email:` text, is left out
    email  the feed form in a panel (table.cta) with a button made of a table cell
    text   the feed form as text (its link numbered with the post's)
"""

import hashlib
import xml.etree.ElementTree as etree

from pelican import signals

from blocks.render import render, serialize
from blocks.registry import BlockType, block_type, is_block, new_block
from build.settings import defaults
from writing_checks.errors import AuthorError

from . import category_signup, markers
from .catalog import OFF, load_catalog

DEFAULTS = defaults({
    # Folder under PATH (content/) holding NAME.md call-to-action files.
    "CTA_PATH": "ctas",
    # The CTA that `[[cta]]` places and that ends every post without `CTA:` metadata.
    # None: no default. If its file is missing while content/ctas/ holds other CTAs,
    # the build stops (a typo); with no CTA files at all there is simply no default.
    "CTA_DEFAULT": None,
    # Visible label of the email field in sign-up forms.
    "CTA_EMAIL_LABEL": "Your email address",
    # Where feeds and emails send readers for a sign-up CTA (a form cannot work there):
    # the site's Subscribe page, from the site's root. A sign-up CTA's own `URL:` wins.
    "CTA_SUBSCRIBE_URL": "subscribe/",
})


@block_type
class Cta(BlockType):
    name = "cta"
    metadata = ("cta",)
    folders = {"CTA_PATH": "call-to-action"}
    attach_order = 20  # after the disclaimer, as the last thing a post shows

    def __init__(self, build):
        super().__init__(build)
        self.catalog = None

    def load(self):
        self.catalog = load_catalog(self.settings)

    def extend(self, md):
        markers.extend(md, self)

    def attach(self, document, root):
        """The end-of-post CTA, unless the post says `CTA: none` or shows that CTA already."""
        if document.kind != "post" or self.catalog is None:
            return
        wanted = document.value("cta")
        if wanted is None:
            name = self.catalog.default
        elif wanted.lower() == OFF:
            name = None
        else:
            try:
                name = self.catalog.get(wanted, written_as="CTA: {}").name
            except AuthorError as error:
                error.key = "cta"  # the reader names the post's CTA: line
                raise
        placed = {block.get("name") for block in root.iter("block") if is_block(block, "cta")}
        if name is not None and name not in placed:
            new_block(root, "cta", name=name, placement="end")

    def texts_off_the_page(self):
        for cta in self.catalog.ctas.values() if self.catalog else ():
            if cta.email is not None:
                yield cta.path, serialize(render(self.build, cta.email, "web"))

    def cta(self, element):
        return self.catalog.ctas[element.get("name")]

    # --- the four forms ---------------------------------------------------------------------

    def web(self, element, out):
        cta = self.cta(element)
        path = getattr(out.document, "path", None) or getattr(out.document, "source_path", "")
        ident = f"cta-{cta.name}-{hashlib.sha1(str(path).encode()).hexdigest()[:6]}"
        aside = out.new("aside", {"class": f"cta cta-{cta.name}", "aria-labelledby": f"{ident}-title",
                                  "data-cta": cta.name})
        out.new("p", {"class": "cta-title", "id": f"{ident}-title"}, cta.title, aside)
        if len(cta.pitch) or (cta.pitch.text or "").strip():
            out.fill(out.new("div", {"class": "cta-body"}, parent=aside), cta.pitch)
        if cta.kind == "signup":
            topics = self.catalog.topics
            form = out.new("form", {"class": "cta-form", "action": self.catalog.signup_action,
                                    "method": "post"}, parent=aside)
            out.new("label", {"for": f"{ident}-email"}, self.setting("CTA_EMAIL_LABEL"), form)
            fields = out.new("div", {"class": "cta-fields"}, parent=form)
            out.new("input", {"type": "email", "name": topics.email_field, "id": f"{ident}-email",
                              "autocomplete": "email", "required": "required"}, parent=fields)
            out.new("button", {"type": "submit", "class": "cta-button"}, cta.button, fields)
            for name, value in topics.form_fields([cta.topic, element.get("topic")]):
                out.new("input", {"type": "hidden", "name": name, "value": value}, parent=form)
        else:
            action = out.new("p", {"class": "cta-action"}, parent=aside)
            out.new("a", {"class": "cta-button", "href": cta.url}, cta.button, action)
        return aside

    def feed(self, element, out):
        cta = self.cta(element)
        if cta.email is None and cta.kind == "signup":
            return None
        block = out.new("div", {"class": f"cta cta-{cta.name}"})
        if cta.email is not None:
            out.fill(block, cta.email)
        else:
            out.new("strong", text=cta.title, parent=out.new("p", parent=block))
            out.fill(block, cta.pitch)
        link = out.new("p", {"class": "cta-link"}, parent=block)
        out.new("a", {"href": out.url(self.catalog.link_target(cta))}, cta.button, link)
        return block

    def email(self, element, out):
        feed = self.feed(element, out)
        if feed is None:
            return None
        *text, link = list(feed)
        panel = out.new("table", {"role": "presentation", "class": feed.get("class"), "width": "100%",
                                  "cellpadding": "0", "cellspacing": "0", "border": "0"})
        cell = out.new("td", {"class": "cta-panel"}, parent=out.new("tr", parent=panel))
        cell.text, cell[:] = feed.text, text
        button = out.new("table", {"role": "presentation", "class": "cta-button", "cellpadding": "0",
                                   "cellspacing": "0", "border": "0"}, parent=cell)
        button_cell = out.new("td", {"class": "cta-button-cell", "align": "center"},
                              parent=out.new("tr", parent=button))
        anchor = link[0]
        anchor.set("class", "cta-button-link")
        button_cell.append(anchor)
        return panel

    def text(self, element, out):
        feed = self.feed(element, out.feed_out)
        return out.block_text(_as_container(feed)) if feed is not None else ""

    def source_of(self, element):
        return self.cta(element).path


def _as_container(element):
    """`element` as a tree whose content it is (for the text renderer)."""
    container = etree.Element(None)
    container.append(element)
    return container


def register():
    """The block type is registered (`@block_type`) when imported; the category pages' sign-up
    box and the check of NEWSLETTER_TOPICS's categories run once every post is read."""
    signals.all_generators_finalized.connect(category_signup.prepare)


__all__ = ["Cta", "DEFAULTS", "register"]
