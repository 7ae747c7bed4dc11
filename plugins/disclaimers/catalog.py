"""The disclaimers of one build: read from content/disclaimers/, each rendered once."""

import os
from dataclasses import dataclass, field, replace

import lxml.html
import markdown

from blocks.sanitize import sanitize
from build_guard import block_links
from build_guard.errors import AuthorError, display_path, read_text_file
from build_guard.metadata import renamed_default
from content_forms import parse_fragment, portable_fragment

from .config import setting
from .source import split_header

KNOWN_KEYS = ("title",)
OFF = "none"

# Inline styles for the email block: mail clients ignore stylesheets (Outlook renders with Word).
EMAIL_CELL_STYLE = (
    "border-top:1px solid #d9d4c8;padding:16px 0 0 0;color:#4f5661;"
    "font-family:Georgia,'Times New Roman',serif;font-size:14px;line-height:1.5"
)


@dataclass(frozen=True)
class Disclaimer:
    """One disclaimer in the three forms the outputs need.

    html        the body as Markdown made it; the theme wraps it in <aside class="disclaimer">
    feed_html   <div class="disclaimer">...</div>, absolute URLs, for feed entries
    email_html  <table role="presentation" class="disclaimer">...</table>, inline styles, for email
    path        its file: its `{static}` and `{filename}` links are worked out from there
    """

    name: str
    title: str
    html: str
    feed_html: str
    email_html: str
    path: str = ""
    base_url: str = field(default="", repr=False)

    def with_links(self, settings):
        """This disclaimer made from its HTML with its links worked out (build_guard.block_links)."""
        html = block_links.resolve(self.html, self.path, settings)
        return self if html == self.html else replace(self, html=html, **forms(html, self.base_url))


def forms(html, base_url):
    """The feed and email forms of a disclaimer's HTML."""
    portable = portable_fragment(html, base_url)
    return {"feed_html": wrap(portable, "div"), "email_html": email_block(portable)}


class Catalog:
    """Disclaimers by name, and the default one (or None)."""

    def __init__(self, folder, disclaimers, default):
        self.folder = folder
        self.by_name = disclaimers
        self.default = default

    def names(self):
        return ", ".join(sorted(self.by_name)) or "none yet"

    def lookup(self, name):
        """The disclaimer called `name` (None for "none"), or KeyError."""
        if name.strip().lower() == OFF:
            return None
        return self.by_name[name.strip()]


def markdown_renderer(settings):
    """A Markdown converter with the site's extensions, so disclaimers read like posts."""
    config = dict(settings["MARKDOWN"])
    extensions = list(config.get("extensions", []))
    for name in config.get("extension_configs", {}):
        if name not in extensions:
            extensions.append(name)
    config["extensions"] = extensions
    renderer = markdown.Markdown(**config)
    # The header was read already: a first line like "Important: ..." is text here.
    renderer.preprocessors.deregister("meta", strict=False)
    return renderer


def load_catalog(settings):
    """Read and render every disclaimer file; check DISCLAIMER_DEFAULT."""
    folder = os.path.join(settings["PATH"], setting(settings, "DISCLAIMER_PATH"))
    renderer = markdown_renderer(settings)
    base_url = settings["SITEURL"].rstrip("/") + "/"
    disclaimers = {}
    if os.path.isdir(folder):
        for filename in sorted(os.listdir(folder)):
            if filename.endswith(".md") and not filename.startswith("."):
                path = os.path.join(folder, filename)
                disclaimer = read_disclaimer(path, renderer, base_url)
                disclaimers[disclaimer.name] = disclaimer
    catalog = Catalog(folder, disclaimers, None)
    catalog.default = default_disclaimer(catalog, settings)
    return catalog


def read_disclaimer(path, renderer, base_url):
    name = os.path.basename(path)[: -len(".md")]
    if name.lower() == OFF:
        raise AuthorError(
            "a disclaimer cannot be called 'none': that word turns disclaimers off",
            "rename the file, for example to 'general.md'",
            path=path,
        )
    text = read_text_file(path)  # without a byte-order mark; not UTF-8: stops at its line
    metadata, body, misspelt = split_header(text, KNOWN_KEYS)
    if misspelt:
        line, key, known = misspelt
        raise AuthorError(
            f"unknown disclaimer metadata {key!r} (known: {', '.join(k.title() for k in KNOWN_KEYS)})",
            f"write '{known.title()}:' if that line is the disclaimer's title; if it is the text, "
            "begin the text with other words",
            path=path,
            line=line,
        )
    if not body.strip():
        raise AuthorError(
            "the disclaimer has no text",
            "write one to three sentences below the metadata (after a blank line), or delete the file",
            path=path,
        )
    renderer.reset()
    try:
        html = sanitize(renderer.convert(body), "web", base_url)
    except AuthorError as error:  # raised by a Markdown extension, which knows no file
        raise error.locate(path, text) from None
    return Disclaimer(name=name, title=metadata.get("title", ""), html=html, path=path, base_url=base_url,
                      **forms(html, base_url))


def wrap(inner_html, tag):
    """`inner_html` inside <tag class="disclaimer">, built with lxml."""
    root = parse_fragment(inner_html)
    root.tag = tag
    root.set("class", "disclaimer")
    return lxml.html.tostring(root, encoding="unicode")


def email_block(inner_html):
    """A one-cell presentation table: the layout every mail client renders the same."""
    cell = parse_fragment(inner_html)
    cell.tag = "td"
    cell.set("style", EMAIL_CELL_STYLE)
    table = lxml.html.Element(
        "table",
        {"role": "presentation", "class": "disclaimer", "width": "100%",
         "cellpadding": "0", "cellspacing": "0", "border": "0"},
    )
    row = lxml.html.Element("tr")
    row.append(cell)
    table.append(row)
    return lxml.html.tostring(table, encoding="unicode")


def default_disclaimer(catalog, settings):
    """The default disclaimer, None when there is none, AuthorError for a likely typo."""
    name = setting(settings, "DISCLAIMER_DEFAULT")
    if not name or str(name).strip().lower() == OFF:
        return None
    if name in catalog.by_name:
        return catalog.by_name[name]
    renamed = renamed_default("disclaimer", name, {other: d.path for other, d in catalog.by_name.items()})
    if renamed is not None:
        raise renamed
    if "DISCLAIMER_DEFAULT" in settings and catalog.by_name:
        raise AuthorError(
            f"DISCLAIMER_DEFAULT is {name!r}, but there is no {name}.md in "
            f"{display_path(catalog.folder)} (disclaimers: {catalog.names()})",
            "set DISCLAIMER_DEFAULT in pelicanconf.py to one of those names, or to None for no default",
            path="pelicanconf.py",
        )
    return None
