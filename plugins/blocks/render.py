"""A post's tree rendered for the web page, a feed entry or an email body.

The tree is only read: each target gets a new tree, made of copies of Markdown's own
elements and, for each `<block>`, what its block type returns for that target. Outside the
web page (whose links Pelican works out in the finished HTML) every address is worked out
here: Pelican's `{filename}`/`{static}` links by `resolve`, then made absolute against the
post's own address, since feed readers and mail clients have no page to start from.
"""

import html
import xml.etree.ElementTree as etree
from urllib.parse import urljoin

from markdown.serializers import to_html_string

from .registry import BLOCK
from .sanitize import sanitize

URL_ATTRIBUTES = ("href", "src", "cite", "action", "poster")
# (target, tag) -> function(copy, out): what a target needs of Markdown's own elements beyond
# a copy (the email's pictures get their size). Filled by the plugin that renders the target.
ELEMENT_HOOKS = {}


def element_hook(target, tag):
    """Decorator: run the function on every copy of a `tag` element rendered for `target`."""
    def register(function):
        ELEMENT_HOOKS[(target, tag)] = function
        return function
    return register


class Out:
    """One rendering for an element target ("web", "feed" or "email")."""

    def __init__(self, build, target, document=None, resolve=None, base_url=None):
        self.build = build
        self.target = target
        self.document = document  # the post or page (Pelican content) or blocks.capture.Document
        self._resolve = resolve
        self.base_url = base_url
        self.inside = []  # the types of the blocks being rendered, outermost first

    def url(self, value):
        """An address as this target needs it: as written on the web page (Pelican works it
        out there, in the page's own HTML), else (and for another post's text shown on a page,
        which has its own resolver) worked out and absolute."""
        if not value or (self.target == "web" and self._resolve is None):
            return value
        value = html.unescape(value.strip())
        if self._resolve is not None:
            value = self._resolve(value)
        value = urljoin(self.base_url, value) if self.base_url else value
        return value.replace(" ", "%20")

    def rendered(self, element):
        """`element` for this target: a list of elements (a block may give none, or several)."""
        if element.tag == BLOCK:
            self.inside.append(element.get("type"))
            try:
                made = self.build.types[element.get("type")].render(element, self)
            finally:
                self.inside.pop()
            made = [] if made is None else made if isinstance(made, list) else [made]
            if made:
                made[-1].tail = (made[-1].tail or "") + (element.tail or "")
            elif element.tail:
                made = [_text_carrier(element.tail)]
            return made
        copy = etree.Element(element.tag, self._attributes(element))
        self.fill(copy, element)
        copy.tail = element.tail
        hook = ELEMENT_HOOKS.get((self.target, element.tag))
        if hook is not None:
            hook(copy, self)
        return [copy]

    def fill(self, target, source, skip=()):
        """Append `source`'s text and rendered children (but `skip`) to `target`."""
        if source.text:
            _append_text(target, source.text)
        for child in source:
            if child in skip:
                if child.tail:
                    _append_text(target, child.tail)
                continue
            for made in self.rendered(child):
                if made.tag is None:  # text only (a block that rendered to nothing had a tail)
                    _append_text(target, made.tail or "")
                else:
                    target.append(made)
        return target

    def _attributes(self, element):
        if self.target == "web" and self._resolve is None:
            return dict(element.attrib)
        return {name: (self.url(value) if name in URL_ATTRIBUTES else value) for name, value in element.items()}

    def new(self, tag, attributes=None, text=None, parent=None):
        """A new element for a block's form (appended to `parent` when given), with what the
        target does to every such element (ELEMENT_HOOKS)."""
        element = etree.Element(tag, attributes or {}) if parent is None else etree.SubElement(parent, tag, attributes or {})
        if text is not None:
            element.text = text
        hook = ELEMENT_HOOKS.get((self.target, tag))
        if hook is not None:
            hook(element, self)
        return element


def _text_carrier(text):
    carrier = etree.Element(None)
    carrier.tail = text
    return carrier


def _append_text(target, text):
    if len(target):
        target[-1].tail = (target[-1].tail or "") + text
    else:
        target.text = (target.text or "") + text


def render(build, root, target, document=None, resolve=None, base_url=None):
    """`root`'s content rendered for `target`, in a container element with no tag."""
    out = Out(build, target, document, resolve, base_url)
    return out.fill(etree.Element(None), root)


def serialize(container):
    """HTML of a container's content, as Python-Markdown writes it (html5)."""
    return to_html_string(container)


def to_html(build, root, target, document=None, resolve=None, base_url=None):
    """`root` rendered for a feed or an email as sanitized HTML."""
    container = render(build, root, target, document, resolve, base_url)
    return sanitize(serialize(container), target, build.settings.get("SITEURL", ""))
