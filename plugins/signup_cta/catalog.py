"""The CTAs of one build: content/ctas/NAME.md, read and checked before any post."""

import os
import re
from dataclasses import dataclass
from urllib.parse import urljoin

from blocks.capture import Document
from blocks.files import BlockFileReader, written_from_content
from build.settings import setting
from email_export import topics as newsletter_topics
from writing_checks.errors import AuthorError, display_path, line_of
from writing_checks.metadata import intended_name, renamed_default

KINDS = ("link", "signup")
KNOWN_KEYS = ("title", "button", "url", "kind", "email", "topic")
NAME_PATTERN = re.compile(r"^[A-Za-z0-9_-]+$")
URL_PREFIXES = ("https://", "http://", "/", "mailto:")
OFF = "none"


@dataclass(frozen=True)
class Cta:
    """One CTA file: `pitch` is its text's tree, `email` the tree of its `Email:` line (the text
    feeds and emails show instead of the pitch), or None; `topic` the newsletter service's tag
    its sign-up form sends (its `Topic:` line, through NEWSLETTER_TOPICS), or None."""

    name: str
    path: str
    title: str
    button: str
    kind: str
    url: str
    pitch: object
    email: object
    topic: object = None


class Catalog:
    """CTAs by name, the default name, and the site-wide values their markup needs (the
    form's address, and the newsletter service's field names and topics)."""

    def __init__(self, settings, folder, ctas, topics):
        self.settings = settings
        self.folder = folder
        self.ctas = ctas
        self.topics = topics
        self.default = None
        self.missing_default = None
        self.signup_action = settings.get("NEWSLETTER_SIGNUP_ACTION") or ""
        self.subscribe_url = setting(settings, "CTA_SUBSCRIBE_URL")

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
                f"the CTA is written '{name}', with {extras}: a CTA is named without them",
                f"write '{written_as.format(meant)}'",
                path=path, line=line, needle=needle,
            )
        without = f" (without {extras})" if extras else ""
        raise AuthorError(
            f"unknown CTA '{name}' (CTAs: {self.names()})",
            f"use one of those names{without}, or create {display_path(self.folder)}/{meant or name}.md "
            "with Title, Button and URL (or 'Kind: signup') lines",
            path=path, line=line, needle=needle,
        )

    def link_target(self, cta):
        """Where feeds and emails send the reader: the link, or the Subscribe page for a form
        (in the site's folder: SITEURL may be https://example.org/blog)."""
        if cta.kind == "signup" and not cta.url:
            return urljoin(self.settings["SITEURL"].rstrip("/") + "/", self.subscribe_url)
        return cta.url


def load_catalog(settings):
    """Read and check every CTA file, then CTA_DEFAULT and NEWSLETTER_SIGNUP_ACTION."""
    folder = os.path.join(settings["PATH"], setting(settings, "CTA_PATH"))
    reader = BlockFileReader(settings, "call-to-action", KNOWN_KEYS)
    topics = newsletter_topics.load(settings)
    for filename in sorted(os.listdir(folder)) if os.path.isdir(folder) else ():
        name = filename[: -len(".md")]
        if filename.endswith(".md") and not filename.startswith(".") and (
                not NAME_PATTERN.match(name) or name.lower() == OFF):
            raise AuthorError(
                f"'{name}' cannot be a CTA name: use letters, digits and hyphens, and not 'none'",
                "rename the file, for example to 'newsletter.md' or 'coaching-call.md'",
                path=os.path.join(folder, filename),
            )
    ctas = {name: cta_of(block_file, reader, topics) for name, block_file in reader.read_folder(folder).items()}
    catalog = Catalog(settings, folder, ctas, topics)
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


def cta_of(block_file, reader, topics):
    """The Cta of one read file, its metadata checked; every problem names the file and line."""
    path, value, text = block_file.path, block_file.metadata, block_file.text

    def line(key):
        return line_of(text.lower(), f"{key}:")

    for key, example in (("title", "Title: Get the next story by email"), ("button", "Button: Subscribe")):
        if not value.get(key):
            raise AuthorError(f"the CTA has no {key.capitalize()}",
                              f"add a line like '{example}' at the top of the file", path=path, line=line(key))
    kind = value.get("kind", "link").strip().lower()
    if kind not in KINDS:
        raise AuthorError(
            f"unknown CTA kind '{value['kind']}' (kinds: link, signup)",
            "write 'Kind: signup' for an email sign-up form, or remove the line for a link button",
            path=path, line=line("kind"),
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
            f"the URL '{url}' is not a full address",
            "start it with https:// (another site) or / (a page of this site)",
            path=path, line=line("url"),
        )
    email = None
    if value.get("email"):
        try:
            email, _ = reader.convert(value["email"], Document("cta-email", path), metadata=False)
            written_from_content(email, path, reader.settings["PATH"])
        except AuthorError as error:
            raise error.locate(path, text) from None
    return Cta(name=block_file.name, path=path, title=value["title"], button=value["button"], kind=kind,
               url=url, pitch=block_file.tree, email=email, topic=topic_of(value, kind, topics, path, line))


def topic_of(value, kind, topics, path, line):
    """The tag a `Topic:` line names (a category of NEWSLETTER_TOPICS, or one of its tags), or
    None without one; a topic that names neither, or on a link CTA, stops the build."""
    written = " ".join(value.get("topic", "").split())
    if not written:
        return None
    if kind != "signup":
        raise AuthorError(
            f"the CTA has 'Topic: {written}' but is a link, and only a sign-up form sends a topic",
            "remove the Topic: line, or write 'Kind: signup' to make it a sign-up form",
            path=path, line=line("topic"),
        )
    tag = topics.named(written)
    if tag is None:
        raise AuthorError(
            f"unknown topic '{written}': it is neither a category nor a tag of NEWSLETTER_TOPICS "
            f"({topics.listing()})",
            "write one of those categories after Topic:, or add the category and its tag to "
            "NEWSLETTER_TOPICS in pelicanconf.py",
            path=path, line=line("topic"),
        )
    return tag


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
            f"CTA_DEFAULT is '{name}', but there is no {name}.md in {display_path(catalog.folder)} "
            f"(CTAs: {catalog.names()})",
            "set CTA_DEFAULT in pelicanconf.py to one of those names, or to None for no default CTA",
            path="pelicanconf.py",
        )
    else:
        catalog.missing_default = name
