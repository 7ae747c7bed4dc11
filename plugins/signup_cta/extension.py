"""The `[[cta:NAME]]` / `[[cta]]` paragraph as a Python-Markdown block, built as ElementTree nodes.

A marker anywhere else in the text (inside a sentence), or one written with other brackets
(`[cta]`, `{{cta:NAME}}`), stops the build, except in code (StrayMarkerTreeprocessor).

Web markup of one CTA (the feed and email forms are derived from it in forms.py):

    <aside class="cta cta-NAME" aria-labelledby="ID-title" data-cta="NAME">
      <p class="cta-title" id="ID-title">Title</p>
      <div class="cta-body">the pitch, as Markdown made it</div>
      <p class="cta-action"><a class="cta-button" href="URL">Button</a></p>     (a link CTA)
      <form class="cta-form" action="NEWSLETTER_SIGNUP_ACTION" method="post">  (Kind: signup)
        <label for="ID-email">…</label>
        <div class="cta-fields"><input type="email" name="email" id="ID-email" …>
          <button type="submit" class="cta-button">Button</button></div>
      </form>
    </aside>

ID is `cta-NAME-` plus a short hash of the document, so ids stay unique on pages
that show several documents (the index) and stable from one build to the next.
"""

import hashlib
import re
import xml.etree.ElementTree as etree

from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from build_guard.errors import AuthorError, line_of, read_text_file

MARKER_LINE = re.compile(r"^[ ]{0,3}\[\[\s*cta\b", re.IGNORECASE | re.MULTILINE)
MARKER = re.compile(r"^\[\[\s*cta\s*(?P<colon>:\s*(?P<name>[^\]\s]*)\s*)?\]\]$", re.IGNORECASE)
# Where the names of the CTAs placed in a document are left for Pelican's metadata,
# so the end-of-post CTA can skip one the post already shows.
INLINE_META_KEY = "cta_inline"
PRIORITY = 25  # after code blocks, headers and lists; before quotes and paragraphs
# `[[cta` anywhere in a text, for markers the block processor did not take (inside a sentence).
MARKER_IN_TEXT = re.compile(r"\[\[\s*cta\b", re.IGNORECASE)
# A marker written with other brackets, or one bracket: `[cta]`, `{{cta:newsletter}}`, `{cta]]`
# (Markdown would publish it as text); see `near_markers`. A Markdown link `[cta](...)` has
# become an <a> by then; an escaped `\[[cta]]` is the escape's placeholder (ending in \x03)
# then `[cta]]`, and shows as written.
NEAR_MARKER = re.compile(r"[\[{]{1,2}[ \t]*cta[ \t]*(?::[ \t]*[^\]}\s]*[ \t]*)?[\]}]{1,2}", re.IGNORECASE)
NEAR_MARKER_START = re.compile(r"[\[{][ \t]*cta", re.IGNORECASE)  # quick to look for in a whole post


def near_markers(text):
    """Yield each marker written with other brackets in `text` (not `[[cta...]]`)."""
    for found in NEAR_MARKER_START.finditer(text):
        start = found.start()
        if start and text[start - 1] in "[{":
            start -= 1
        if start and text[start - 1] in "[{\x03":
            continue
        match = NEAR_MARKER.match(text, start)
        if match and not MARKER.match(match.group(0)):
            yield match.group(0)


# Code shows a marker as the text it is (inline `code`, indented and fenced blocks).
CODE_TAGS = frozenset({"code", "pre", "kbd", "samp"})
# After the inline patterns (20), so inline code is a <code> element, and before the
# backslash escapes are put back (0): `\[[cta]]` stays text, as Markdown's escapes promise.
STRAY_PRIORITY = 15


def build_web_block(parent, cta, catalog, key, parse_pitch):
    """Append the web markup of `cta` to `parent`; `parse_pitch(element, text)` fills the body."""
    ident = f"cta-{cta.name}-{key}"
    aside = etree.SubElement(
        parent,
        "aside",
        {"class": f"cta cta-{cta.name}", "aria-labelledby": f"{ident}-title", "data-cta": cta.name},
    )
    title = etree.SubElement(aside, "p", {"class": "cta-title", "id": f"{ident}-title"})
    title.text = AtomicString(cta.title)
    if cta.pitch:
        parse_pitch(etree.SubElement(aside, "div", {"class": "cta-body"}), cta.pitch)
    if cta.kind == "signup":
        form = etree.SubElement(
            aside, "form", {"class": "cta-form", "action": catalog.signup_action, "method": "post"}
        )
        label = etree.SubElement(form, "label", {"for": f"{ident}-email"})
        label.text = AtomicString(catalog.email_label)
        fields = etree.SubElement(form, "div", {"class": "cta-fields"})
        etree.SubElement(
            fields,
            "input",
            {"type": "email", "name": "email", "id": f"{ident}-email",
             "autocomplete": "email", "required": "required"},
        )
        button = etree.SubElement(fields, "button", {"type": "submit", "class": "cta-button"})
    else:
        action = etree.SubElement(aside, "p", {"class": "cta-action"})
        button = etree.SubElement(action, "a", {"class": "cta-button", "href": cta.url})
    button.text = AtomicString(cta.button)
    return aside


class CtaBlockProcessor(BlockProcessor):
    """A paragraph that is exactly `[[cta:NAME]]` or `[[cta]]` becomes that CTA."""

    def __init__(self, parser, catalog):
        super().__init__(parser)
        self.catalog = catalog

    def test(self, parent, block):
        return bool(MARKER_LINE.search(block))

    def run(self, parent, blocks):
        block = blocks.pop(0)
        marker_line = MARKER_LINE.search(block)
        needle = block[marker_line.start() :].split("\n", 1)[0].strip()
        match = MARKER.match(block.strip())
        if not match:
            raise self.malformed(needle, block)
        cta = self.chosen(match, needle)
        root = getattr(self.parser, "root", parent)
        if any(element.get("data-cta") == cta.name for element in root.iter("aside")):
            raise AuthorError(
                f"the CTA {cta.name!r} is placed twice in this post",
                "keep one [[cta...]] line for it; a reader sees each CTA once",
                needle=needle,
            )
        build_web_block(parent, cta, self.catalog, self.document_key(), self.parser.parseChunk)
        self.record(root)

    def malformed(self, needle, block):
        return malformed_marker(needle)

    def chosen(self, match, needle):
        """The CTA the marker names, or the default for a bare `[[cta]]`."""
        catalog = self.catalog
        if match.group("colon") is None:
            if catalog.default:
                return catalog.ctas[catalog.default]
            why = (
                f"its file ctas/{catalog.missing_default}.md (CTA_DEFAULT) does not exist"
                if catalog.missing_default
                else "CTA_DEFAULT is not set"
            )
            raise AuthorError(
                f"[[cta]] places the default CTA, but {why} (CTAs: {catalog.names()})",
                "name one, as in [[cta:NAME]], or set CTA_DEFAULT in pelicanconf.py",
                needle=needle,
            )
        if not match.group("name"):
            raise AuthorError(
                "[[cta:]] names no CTA",
                f"write [[cta:NAME]] with one of: {catalog.names()}; or [[cta]] for the default",
                needle=needle,
            )
        return catalog.get(match.group("name"), needle=needle, written_as="[[cta:{}]]")

    def document_key(self):
        text = "\n".join(getattr(self.parser.md, "lines", None) or [])
        return hashlib.sha1(text.encode("utf-8")).hexdigest()[:6]

    def record(self, root):
        """Leave the names of the CTAs placed so far in the document's metadata."""
        meta = getattr(self.parser.md, "Meta", None)
        if isinstance(meta, dict):
            names = tuple(e.get("data-cta") for e in root.iter("aside") if e.get("data-cta"))
            meta[INLINE_META_KEY] = [names]


def malformed_marker(needle):
    """The AuthorError for a marker that is not a paragraph of its own (or not closed)."""
    if "]]" not in needle:
        return AuthorError(
            f"the CTA marker {needle!r} is not closed",
            "end it with ']]', for example [[cta:newsletter]] (or [[cta]] for the default CTA)",
            needle=needle,
        )
    return AuthorError(
        f"{needle!r} must be a paragraph of its own, written [[cta:NAME]] or [[cta]]",
        "put it on its own line with a blank line before and after, and nothing else on the line",
        needle=needle,
    )


def nested_marker(path, line):
    """The AuthorError for a marker in a CTA's own text: a CTA cannot place another."""
    return AuthorError(
        "a CTA's text cannot contain another [[cta]]",
        "remove the [[cta...]] from the CTA file",
        path=path,
        line=line,
    )


class StrayMarkerTreeprocessor(Treeprocessor):
    """A `[[cta...]]` still in the text once the blocks are parsed (inside a sentence, a
    heading, a table cell) stops the build, as one on a line of a paragraph does: it would
    be published as text, on the page, in feeds and in emails. In code it is text, as written.

    One in the text of a placed CTA (its `data-cta` block) names the CTA's file: a CTA cannot
    place another, so the fix there is to remove it (the catalog refuses one on a line of its own).
    """

    def __init__(self, md, catalog):
        super().__init__(md)
        self.catalog = catalog

    near_possible = True  # whether the source may hold a marker with other brackets

    def run(self, root):
        lines = getattr(self.md, "lines", None)  # the source, code blocks already set aside
        if lines is not None:
            text = "\n".join(lines)
            self.near_possible = next(near_markers(text), None) is not None
            if "[[" not in text and not self.near_possible:
                return  # nearly every post: no walk over its tree
        self.check(root, None)

    def check(self, element, cta_name):
        if element.tag in CODE_TAGS:
            return
        cta_name = element.get("data-cta") or cta_name
        self.look(element.text, cta_name)
        for child in element:
            self.check(child, cta_name)
            self.look(child.tail, cta_name)

    def look(self, text, cta_name):
        found = MARKER_IN_TEXT.search(text) if text else None
        if found is None:
            near = next(near_markers(text), None) if text and self.near_possible else None
            if near is not None:
                self.near_miss(near, cta_name)
            return
        rest = text[found.start() :].split("\n", 1)[0]
        end = rest.find("]]")
        needle = (rest[: end + 2] if end >= 0 else rest).strip()
        cta = self.catalog.ctas.get(cta_name) if cta_name else None
        if cta is None:
            raise malformed_marker(needle)
        raise nested_marker(cta.path, line_of(read_text_file(cta.path), needle))


    def near_miss(self, needle, cta_name):
        cta = self.catalog.ctas.get(cta_name) if cta_name else None
        if cta is not None:
            raise nested_marker(cta.path, line_of(read_text_file(cta.path), needle))
        raise misbracketed_marker(needle)


def misbracketed_marker(needle):
    """The AuthorError for `[cta]`, `{{cta:NAME}}`...: a marker with other brackets."""
    name = re.sub(r"^[\[{\s]*cta\s*:?\s*|[\]}\s]*$", "", needle, flags=re.IGNORECASE)
    marker = f"[[cta:{name}]]" if name else "[[cta]]"
    return AuthorError(
        f"{needle!r} is not a CTA marker, so it would be published as text",
        f"write {marker} (two square brackets on each side) on a line of its own"
        + ("" if name else "; [[cta:NAME]] places another CTA than the default"),
        needle=needle,
    )


class CtaExtension(Extension):
    """Holds the build's CTA catalog; added to MARKDOWN["extensions"] at `initialized`."""

    def __init__(self, catalog, **kwargs):
        self.catalog = catalog
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        md.parser.blockprocessors.register(CtaBlockProcessor(md.parser, self.catalog), "cta", PRIORITY)
        md.treeprocessors.register(StrayMarkerTreeprocessor(md, self.catalog), "cta_stray", STRAY_PRIORITY)


def catalog_from(settings):
    """The CTA catalog of the build these settings belong to, or None."""
    for extension in settings.get("MARKDOWN", {}).get("extensions", []):
        if isinstance(extension, CtaExtension):
            return extension.catalog
    return None
