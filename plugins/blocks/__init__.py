"""Blocks: one parse of each post, and each block rendering itself for every target.

    registry.py   block types (`@block_type`), and `<block>` elements in a post's tree
    capture.py    the last Markdown step: the plain tree, attached blocks, the web form
    render.py     web, feed and email forms of a tree (render, to_html)
    text.py       the text form (72 columns, numbered links)
    links.py      Pelican's link resolution for the forms outside the web page
    sanitize.py   the one allowlist every HTML made from the coach's writing passes last
    state.py      the build's block types and which posts keep their tree
    files.py      the coach's block files (CTAs, disclaimers) read with Pelican's reader

Block types live in their own plugins (callouts, signup_cta, disclaimers, embeds, series,
newsletters) and register themselves when imported; a build has those of its PLUGINS only.
"""

import markdown
from pelican import signals

from .capture import CaptureExtension, Document
from .state import STATE_KEY, Build, state_of

__all__ = ["Document", "markdown_for", "register", "start_build", "state_of"]


def start_build(pelican):
    """`initialized`: this build's block types, and the capture as the last Markdown extension."""
    settings = pelican.settings
    build = settings[STATE_KEY] = Build(settings)
    config = settings["MARKDOWN"]
    extensions = config.setdefault("extensions", [])
    # Pelican appends those named only in extension_configs when it makes its reader (after
    # this): list them first, so the capture stays last.
    for name in config.get("extension_configs", {}):
        if name not in extensions:
            extensions.append(name)
    extensions[:] = [e for e in extensions if not isinstance(e, CaptureExtension)]
    extensions.append(CaptureExtension(build))
    for block_type in build.block_types():
        block_type.load()  # the block files, read with the capture in place


def markdown_for(settings):
    """A Markdown converter with this build's extensions (the reader's, and the tests')."""
    return markdown.Markdown(**settings["MARKDOWN"])


def register():
    signals.initialized.connect(start_build)
