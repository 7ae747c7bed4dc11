"""Typography: curly quotes, apostrophes and dashes in titles, as in the text.

The text of posts, pages, summaries and block files gets them from Python-Markdown's
`smarty` extension (MARKDOWN in pelicanconf.py), which never touches code. Pelican does
not run Markdown on titles, so a title would keep its straight quotes on the page, in
feeds and in the email subject, beside curly ones in the text. Here the metadata lines
that are shown as plain text (Title:, Email-Subject:, Preheader:) get the same smarty
rules, with the same configuration, once each post or page is read: the page, the feeds,
the email subject and the text part all show the one title.

HTML the coach types or pastes is shown as the text it is (writing_checks.raw_html): such a
tag (`<div class="box">`) is kept whole, as Python-Markdown keeps real HTML, so that its
quotes stay straight too (tags.py).

Without smarty in MARKDOWN the titles stay as written too.
"""

import html
import xml.etree.ElementTree as etree

import markdown
from markdown.util import HTML_PLACEHOLDER_RE
from pelican import signals

from blocks import state_of
from blocks.capture import CaptureExtension

from .quiet import QuietTextExtension
from .tags import TagsAsWrittenExtension

SMARTY = "markdown.extensions.smarty"
# The metadata shown as plain text; `summary` is Markdown, converted with the text.
PLAIN_TEXT_METADATA = ("title", "email-subject", "preheader", "series")


def smarty_config(settings):
    """The smarty extension's configuration in these settings, or None when it is off."""
    config = settings.get("MARKDOWN") or {}
    configs = config.get("extension_configs") or {}
    for name in (SMARTY, "smarty"):
        if name in configs:
            return dict(configs[name] or {})
        if name in (config.get("extensions") or ()):
            return {}
    return None


class Smartener:
    """Python-Markdown's smarty rules applied to a line of plain text."""

    def __init__(self, config):
        self.md = markdown.Markdown(extensions=["smarty"], extension_configs={"smarty": config})
        self.processor = self.md.treeprocessors["smarty"]

    def __call__(self, text):
        if not text or not any(mark in text for mark in "'\"-."):
            return text
        self.md.reset()
        root = etree.Element("div")
        etree.SubElement(root, "p").text = html.escape(text, quote=False)  # the tree's convention
        self.processor.run(root)
        stash = self.md.htmlStash.rawHtmlBlocks
        made = HTML_PLACEHOLDER_RE.sub(lambda match: str(stash[int(match.group(1))]), root[0].text or "")
        return html.unescape(made)


def unchanged(text):
    return text


def smartener(settings):
    """A function text -> text with curly quotes and dashes, or one that changes nothing
    when smarty is off. Made once a build, kept on the build's state (blocks.state_of)."""
    build = state_of(settings)
    made = getattr(build, "smartener", None)
    if made is None:
        config = smarty_config(settings)
        made = build.smartener = Smartener(config) if config is not None else unchanged
    return made


def smarten_metadata(content):
    """`content_object_init`: the plain-text metadata lines of a post or page, smartened."""
    settings = getattr(content, "settings", None)
    if not settings:
        return
    smart = smartener(settings)
    for key in PLAIN_TEXT_METADATA:
        value = content.metadata.get(key)
        if isinstance(value, str):
            smartened = smart(value)
            if smartened != value:
                content.metadata[key] = smartened
                setattr(content, key, smartened)  # Pelican's attribute of each metadata name


def keep_tags_as_written(pelican):
    """`initialized`: with smarty on, add the extensions that keep a typed tag of the coach's
    HTML (shown as text) whole, and that run smarty only where it has work (quiet.py); both
    before the blocks' capture, which stays last."""
    settings = pelican.settings
    if smarty_config(settings) is None:
        return
    extensions = settings["MARKDOWN"].setdefault("extensions", [])
    for made in (TagsAsWrittenExtension, QuietTextExtension):
        if any(isinstance(extension, made) for extension in extensions):
            continue
        capture = next((index for index, extension in enumerate(extensions)
                        if isinstance(extension, CaptureExtension)), len(extensions))
        extensions.insert(capture, made())


def register():
    signals.initialized.connect(keep_tags_as_written)
    signals.content_object_init.connect(smarten_metadata)


__all__ = ["Smartener", "register", "smartener", "smarty_config"]
