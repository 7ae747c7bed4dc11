"""Block types: the parts of a post beyond Markdown's own, each rendering itself for the
four targets, as Ghost's cards do (`render(card, {target})`).

A block sits in a post's element tree as `<block type="NAME" ...>`, put there by its type's
Markdown syntax (a callout, an inline `[[cta]]`, an embed) or appended to the post (the
disclaimer, the end-of-post CTA). A block type is one module: a `BlockType` subclass
registered with `@block_type` when its plugin's module is imported, giving

- `extend(md)`: its syntax and its checks, on each Markdown instance of the build;
- `attach(document, root)`: blocks it appends to a post or page (optional);
- `web`, `feed`, `email` (each returning elements, or None for nothing) and `text` (a str).

One instance of each type whose plugin is in the build's PLUGINS is made per build
(`blocks.state.Build`), with the settings.
"""

import xml.etree.ElementTree as etree

from build.settings import setting
from writing_checks.metadata import allow_metadata

TARGETS = ("web", "feed", "email", "text")
BLOCK = "block"  # the element tag of a block in a post's tree

TYPES = {}  # name -> BlockType subclass, filled when each block plugin's module is imported


def types_in(settings):
    """The block types (classes) of the plugins in these settings' PLUGINS: a process may
    have imported more (tests, invoke serve), and a build has only its own."""
    enabled = {str(name).split(".")[0] for name in settings.get("PLUGINS") or ()}
    return {name: cls for name, cls in TYPES.items() if cls.__module__.split(".")[0] in enabled}


def block_type(cls):
    """Class decorator: make `cls` one of the build's block types (and let posts use the
    metadata names it reads)."""
    TYPES[cls.name] = cls
    allow_metadata(cls.__module__, *cls.metadata)
    return cls


def new_block(parent, type_name, **attributes):
    """A `<block type=type_name>` element, appended to `parent` unless it is None."""
    attributes = {"type": type_name, **{key.replace("_", "-"): str(value) for key, value in attributes.items()}}
    if parent is None:
        return etree.Element(BLOCK, attributes)
    return etree.SubElement(parent, BLOCK, attributes)


def is_block(element, name=None):
    return element.tag == BLOCK and (name is None or element.get("type") == name)


class BlockType:
    """What every block type may define; the defaults do nothing."""

    name = ""
    # Metadata names a post or page may use for this type ("cta", "disclaimer").
    metadata = ()
    # {setting: default} of the folders under content/ whose NAME.md files this type reads.
    folders = {}

    def __init__(self, build):
        self.build = build
        self.settings = build.settings

    def setting(self, name):
        """A setting of this build, else its declared default (build.settings)."""
        return setting(self.settings, name)

    # Attached blocks are appended in this order (the disclaimer before the end CTA).
    attach_order = 0

    def load(self):
        """Read this type's own files (blocks.files.BlockFileReader), before any post is read."""

    def extend(self, md):
        """Add this type's syntax and checks to a Markdown instance."""

    def attach(self, document, root):
        """Append this type's blocks to a post or page (`document`) once it is parsed."""

    def source_of(self, element):
        """The file a block element shows the text of (a CTA's, a disclaimer's), or None."""
        return None

    def email_template_values(self):
        """Values the email templates and their CSS may use (a callout's colours)."""
        return {}

    def texts_off_the_page(self):
        """(file, HTML) of the text this type's files give feeds and emails but no web page."""
        return ()

    def render(self, element, out):
        """The element's form for `out.target` (blocks.render.Out)."""
        return getattr(self, out.target)(element, out)

    def web(self, element, out):
        return None

    def feed(self, element, out):
        return self.web(element, out)

    def email(self, element, out):
        return self.feed(element, out)

    def text(self, element, out):
        return out.block_text(element)
