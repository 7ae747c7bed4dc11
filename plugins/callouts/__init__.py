"""Callouts: key lessons, tips, warnings, "remember" boxes and pull quotes, one block type.

The syntax (syntax.py: pymdown-extensions and our checks) makes `<block type="callout"
name="TYPE" fold="">`, with an optional `<title>` first; its four forms are here:

    web    <aside class="callout callout-TYPE" role="note"><p class="callout-title">
             <span class="callout-icon" aria-hidden="true">…</span><span class="callout-label">Tip:</span>
             <strong>Title</strong></p>…body…</aside>
           folded: the title is a <summary class="callout-title"> in <details> (open for "+");
           a quote: <figure class="callout callout-quote"><blockquote>…</blockquote>
             <figcaption class="callout-title">attribution</figcaption></figure>
    feed   <div class="callout callout-TYPE"><p class="callout-title"><strong>Tip: Title</strong></p>…</div>
           (folded ones shown open); a quote: <blockquote class="callout callout-quote">…
             <p class="callout-title">— attribution</p></blockquote>
    email  <table role="presentation" class="callout callout-TYPE"><tr><td class="callout-cell">
             the feed form's title and body</td></tr></table>; a quote as in the feed
           (the looks: theme/templates/email/callouts.css, colours from CALLOUT_TYPES)
    text   a labelled box with a bar; a quote ends with its attribution

Setting: CALLOUT_TYPES (name -> label, title, icon, form, email_border, email_background),
merged over the built-in types in types.DEFAULTS.
"""

import html
import xml.etree.ElementTree as etree

from blocks.registry import BlockType, block_type

from . import syntax
from .types import DEFAULTS, resolve_types

__all__ = ["Callout", "DEFAULTS", "register"]


@block_type
class Callout(BlockType):
    name = "callout"

    def __init__(self, build):
        super().__init__(build)
        self.types = resolve_types(self.settings.get("CALLOUT_TYPES"))  # a bad setting stops the build now

    def extend(self, md):
        syntax.extend(md, self.types)

    def email_template_values(self):
        return {"callout_types": list(self.types.values())}  # theme/templates/email/callouts.css

    def parts(self, element):
        """(title element or None, the type's name, fold): the title the coach wrote, else the
        type's own default title (CALLOUT_TYPES "title"), else None."""
        title = element[0] if len(element) and element[0].tag == "title" else None
        if title is None and self.kind(element).title:
            title = etree.Element("title")
            title.text = html.escape(self.kind(element).title, quote=False)
        return title, element.get("name"), element.get("fold", "")

    def kind(self, element):
        return self.types.get(element.get("name"), self.types["note"])

    def web(self, element, out):
        title, name, fold = self.parts(element)
        kind = self.kind(element)
        css_class = f"callout callout-{name}"
        if kind.form == "quote":
            figure = out.new("figure", {"class": css_class})
            out.fill(out.new("blockquote", parent=figure), element, skip=(title,))
            if title is not None:
                out.fill(out.new("figcaption", {"class": "callout-title"}, parent=figure), title)
            return figure
        aside = out.new("aside", {"class": css_class, "role": "note"})
        holder = aside
        if fold:
            holder = out.new("details", {"open": "open"} if fold == "open" else {}, parent=aside)
            heading = out.new("summary", {"class": "callout-title"}, parent=holder)
        else:
            heading = out.new("p", {"class": "callout-title"}, parent=aside)
        if kind.icon:
            icon = out.new("span", {"class": "callout-icon", "aria-hidden": "true"}, parent=heading)
            icon.text = "".join(c if ord(c) < 128 else f"&#x{ord(c):x};" for c in kind.icon)
        label = out.new("span", {"class": "callout-label"}, kind.label + (":" if title is not None else ""), heading)
        if title is not None:
            label.tail = " "
            out.fill(out.new("strong", parent=heading), title)
        out.fill(holder, element, skip=(title,))
        return aside

    def feed(self, element, out):
        title, name, _ = self.parts(element)
        kind = self.kind(element)
        if kind.form == "quote":
            quote = out.new("blockquote", {"class": f"callout callout-{name}"})
            out.fill(quote, element, skip=(title,))
            if title is not None:
                out.fill(out.new("p", {"class": "callout-title"}, "\u2014 ", quote), title)
            return quote
        box = out.new("div", {"class": f"callout callout-{name}"})
        strong = out.new("strong", parent=out.new("p", {"class": "callout-title"}, parent=box))
        strong.text = kind.label + (": " if title is not None else "")
        if title is not None:
            out.fill(strong, title)
        return out.fill(box, element, skip=(title,))

    def email(self, element, out):
        made = self.feed(element, out)
        if made.tag == "blockquote":
            return made
        table = out.new("table", {"role": "presentation", "class": made.get("class"), "width": "100%",
                                  "cellpadding": "0", "cellspacing": "0", "border": "0"})
        cell = out.new("td", {"class": "callout-cell"}, parent=out.new("tr", parent=table))
        cell.text, cell[:] = made.text, list(made)
        return table

    def text(self, element, out):
        title, _, _ = self.parts(element)
        kind = self.kind(element)
        title_text = out.inline_children(title).strip() if title is not None else ""
        if kind.form == "quote":
            return out.boxed("", element, skip=(title,), attribution=f"\u2014 {title_text}" if title_text else "")
        return out.boxed(f"{kind.label}: {title_text}" if title_text else kind.label, element, skip=(title,))


def register():
    """Nothing to connect: the block type is registered (`@block_type`) when imported."""
