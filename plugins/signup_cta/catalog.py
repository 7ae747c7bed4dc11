"""The CTAs of one build: read and checked at `initialized`, rendered once when first used."""

import os
import re
from dataclasses import dataclass
from urllib.parse import urljoin

import markdown

from blocks.sanitize import sanitize
from build_guard import block_links
from build_guard.errors import AuthorError, display_path, line_of, read_text_file
from build_guard.metadata import intended_name, renamed_default

from .config import setting
from .extension import MARKER_IN_TEXT, MARKER_LINE, CtaExtension, nested_marker
from .source import split_header

KINDS = ("link", "signup")
KNOWN_KEYS = ("title", "button", "url", "kind", "email")
NAME_PATTERN = re.compile(r"^[A-Za-z0-9_-]+$")
URL_PREFIXES = ("https://", "http://", "/", "mailto:")
OFF = "none"


@dataclass(frozen=True)
class Cta:
    """One CTA file: `pitch` is its Markdown body, `email` the text feeds and emails use."""

    name: str
    path: str
    title: str
    button: str
    kind: str
    url: str
    email: str
    pitch: str


class Catalog:
    """CTAs by name, the default name, and the site-wide values their markup needs."""

    def __init__(self, settings, folder, ctas):
        self.settings = settings
        self.folder = folder
        self.ctas = ctas
        self.default = None
        self.missing_default = None
        self.email_label = setting(settings, "CTA_EMAIL_LABEL")
        self.email_colors = {**setting(settings, "CTA_EMAIL_COLORS")}
        self.signup_action = settings.get("NEWSLETTER_SIGNUP_ACTION") or ""
        self.base_url = settings["SITEURL"].rstrip("/") + "/"
        self.subscribe_url = urljoin(self.base_url, setting(settings, "CTA_SUBSCRIBE_URL"))
        self._rendered = {}

    def names(self):
        return ", ".join(sorted(self.ctas)) or "none yet"

    def get(self, name, needle=None, path=None, line=None, written_as="CTA: {}"):
        """The CTA called `name`, or an AuthorError that lists the known names.

        `written_as` is how the name is written where it was found ("CTA: {}" in the
        metadata, "[[cta:{}]]" in the text): a fix names exactly what to write."""
        if name in self.ctas:
            return self.ctas[name]
        meant, extras = intended_name(name)
        off = written_as.startswith("CTA:") and meant.lower() == OFF
        if extras and (meant in self.ctas or off):
            raise AuthorError(
                f"the CTA is written {name!r}, with {extras}: a CTA is named without them",
                f"write '{written_as.format(meant)}'",
                path=path,
                line=line,
                needle=needle,
            )
        without = f" (without {extras})" if extras else ""
        raise AuthorError(
            f"unknown CTA {name!r} (CTAs: {self.names()})",
            f"use one of those names{without}, or create {display_path(self.folder)}/{meant or name}.md "
            "with Title, Button and URL (or 'Kind: signup') lines",
            path=path,
            line=line,
            needle=needle,
        )

    def link_target(self, cta):
        """Where feeds and emails send the reader: the link, or the Subscribe page for a form."""
        if cta.kind == "signup" and not cta.url:
            return self.subscribe_url
        return urljoin(self.base_url, cta.url)

    def once(self, key, make):
        """`make()` the first time `key` is asked for in this build, then the kept result."""
        if key not in self._rendered:
            self._rendered[key] = make()
        return self._rendered[key]

    def markdown(self, without_ctas=True):
        """A Markdown converter with the site's extensions (optionally without `[[cta]]`)."""
        config = dict(self.settings["MARKDOWN"])
        extensions = list(config.get("extensions", []))
        for name in config.get("extension_configs", {}):
            if name not in extensions:
                extensions.append(name)
        if without_ctas:
            extensions = [e for e in extensions if not isinstance(e, CtaExtension)]
        config["extensions"] = extensions
        renderer = markdown.Markdown(**config)
        # Metadata was read from the file already: "Note: ..." in a text is text.
        renderer.preprocessors.deregister("meta", strict=False)
        return renderer

    def email_text_html(self, cta):
        """The `Email:` text as HTML paragraphs ("" without one), rendered once per build; its
        links are worked out once every file of the build is read (build_guard.block_links)."""
        if not cta.email:
            return ""
        html = self.once(("email", cta.name),
                         lambda: sanitize(self.markdown().convert(cta.email), "feed", self.settings["SITEURL"]))
        return block_links.resolve(html, cta.path, self.settings)


def load_catalog(settings):
    """Read and check every CTA file, then CTA_DEFAULT and NEWSLETTER_SIGNUP_ACTION."""
    folder = os.path.join(settings["PATH"], setting(settings, "CTA_PATH"))
    ctas = {}
    if os.path.isdir(folder):
        for filename in sorted(os.listdir(folder)):
            if filename.endswith(".md") and not filename.startswith("."):
                cta = read_cta(os.path.join(folder, filename))
                ctas[cta.name] = cta
    catalog = Catalog(settings, folder, ctas)
    choose_default(catalog, settings)
    if any(cta.kind == "signup" for cta in ctas.values()) and not catalog.signup_action:
        raise AuthorError(
            "a sign-up CTA needs NEWSLETTER_SIGNUP_ACTION, the address your newsletter provider's "
            "form posts to, and it is not set",
            "set NEWSLETTER_SIGNUP_ACTION in pelicanconf.py (your provider calls it the embed or "
            "form action URL)",
            path="pelicanconf.py",
        )
    return catalog


def read_cta(path):
    """One CTA file, checked line by line; every problem names the file (and line)."""
    name = os.path.basename(path)[: -len(".md")]
    if not NAME_PATTERN.match(name) or name.lower() == OFF:
        raise AuthorError(
            f"{name!r} cannot be a CTA name: use letters, digits and hyphens, and not 'none'",
            "rename the file, for example to 'newsletter.md' or 'coaching-call.md'",
            path=path,
        )
    source = read_text_file(path)
    entries, body, bad_line = split_header(source)
    if bad_line:
        raise AuthorError(
            "this line of the CTA's metadata is not 'Name: value'",
            "write each line as 'Title: ...', 'Button: ...', 'URL: ...', 'Kind: signup' or "
            "'Email: ...', then a blank line before the pitch",
            path=path,
            line=bad_line,
        )
    fields = {}
    for key, value, line in entries:
        if key not in KNOWN_KEYS:
            raise AuthorError(
                f"unknown CTA metadata {key!r} (known: Title, Button, URL, Kind, Email)",
                "correct the spelling or remove the line",
                path=path,
                line=line,
            )
        fields[key] = (value, line)
    value = {key: text for key, (text, _) in fields.items()}
    line = {key: number for key, (_, number) in fields.items()}
    for key, example in (("title", "Title: Get the next story by email"), ("button", "Button: Subscribe")):
        if not value.get(key):
            raise AuthorError(
                f"the CTA has no {key.capitalize()}",
                f"add a line like '{example}' at the top of the file",
                path=path,
                line=line.get(key),
            )
    kind = value.get("kind", "link").strip().lower()
    if kind not in KINDS:
        raise AuthorError(
            f"unknown CTA kind {value['kind']!r} (kinds: link, signup)",
            "write 'Kind: signup' for an email sign-up form, or remove the line for a link button",
            path=path,
            line=line["kind"],
        )
    url = value.get("url", "")
    if kind == "link" and not url:
        raise AuthorError(
            "the CTA has neither a URL nor 'Kind: signup'",
            "add 'URL: https://...' (where the button leads) or 'Kind: signup' (an email sign-up form)",
            path=path,
        )
    if url and not url.startswith(URL_PREFIXES):
        raise AuthorError(
            f"the URL {url!r} is not a full address",
            "start it with https:// (another site) or / (a page of this site)",
            path=path,
            line=line["url"],
        )
    # On a line of its own (one in a sentence: StrayMarkerTreeprocessor, where it is rendered).
    nested = MARKER_LINE.search(body)
    if nested:
        raise nested_marker(path, line_of(source, body[nested.start():].strip().split("]]", 1)[0]))
    # The Email: text is made without the [[cta]] extension: a marker would show as text.
    if MARKER_IN_TEXT.search(re.sub(r"`[^`]*`", "", value.get("email", ""))):
        raise AuthorError(
            "the Email: text of a CTA cannot contain a [[cta]] marker: feeds and emails would show it as text",
            "remove the [[cta...]] from the Email: line",
            path=path,
            line=line["email"],
        )
    return Cta(
        name=name,
        path=path,
        title=value["title"],
        button=value["button"],
        kind=kind,
        url=url,
        email=value.get("email", ""),
        pitch=body.strip(),
    )


def choose_default(catalog, settings):
    """Set catalog.default from CTA_DEFAULT; stop the build if it is surely a typo."""
    name = setting(settings, "CTA_DEFAULT")
    if not name or str(name).strip().lower() == OFF:
        return
    renamed = renamed_default("CTA", name, {other: cta.path for other, cta in catalog.ctas.items()})
    if name in catalog.ctas:
        catalog.default = name
    elif renamed is not None:
        raise renamed
    elif catalog.ctas and "CTA_DEFAULT" in settings:
        raise AuthorError(
            f"CTA_DEFAULT is {name!r}, but there is no {name}.md in {display_path(catalog.folder)} "
            f"(CTAs: {catalog.names()})",
            "set CTA_DEFAULT in pelicanconf.py to one of those names, or to None for no default CTA",
            path="pelicanconf.py",
        )
    else:
        catalog.missing_default = name
