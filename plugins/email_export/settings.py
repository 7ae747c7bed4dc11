"""The EMAIL_* settings, their defaults (in one place) and each newsletter service's merge tags.

Read from Pelican's settings at build time, never at import, so a test or a
task can override any of them for one build.
"""

import ipaddress
import re
from dataclasses import dataclass, replace
from email.utils import getaddresses, unquote
from urllib.parse import urlsplit

from pelican.utils import slugify

from build.settings import defaults, setting
from writing_checks.errors import AuthorError

DEFAULTS = defaults({
    # Which newsletter service the export is pasted into: its merge tags are written
    # for the unsubscribe link and the reader's name.
    "EMAIL_ESP": "generic",
    # Gmail clips emails whose HTML is larger than about 102 KB (1 KB = 1000 bytes here).
    "EMAIL_SIZE_WARN_KB": 80,
    "EMAIL_SIZE_LIMIT_KB": 102,
    # How many of the newest published posts get their email on every build (None: all).
    # `invoke email --all` exports every one.
    "EMAIL_EXPORT_RECENT": 10,
    # These posts' emails too, whatever their date: `invoke email --slug SLUG`.
    "EMAIL_SLUGS": None,
    # The first line of the email; {name} is the service's merge tag for the reader's
    # first name. "" leaves the greeting out.
    "EMAIL_GREETING": "Hi {name},",
    # Why the reader gets this email, printed in the footer.
    "EMAIL_REASON": "You are receiving this email because you subscribed to {sitename} at {siteurl}.",
    # An https address that unsubscribes with one click (RFC 8058), for the .eml's
    # List-Unsubscribe header and, with EMAIL_ESP = "generic", the footer link.
    "EMAIL_UNSUBSCRIBE_URL": None,
    # Width of the email in pixels (its text column is 32 px narrower); pictures are scaled
    # to fit the column they are in.
    "EMAIL_WIDTH": 600,
    # Where readers' replies go (the .eml's Reply-To), when not to NEWSLETTER_FROM: one
    # address, written like NEWSLETTER_FROM. None: replies go to the sender.
    "NEWSLETTER_REPLY_TO": None,
})

# Each service's own merge tags. The name tags fall back to "there" where the
# service's template language allows it, so a reader without a name reads "Hi there,".
ESP_TAGS = {
    "buttondown": {
        "unsubscribe": "{{ unsubscribe_url }}",
        "name": (
            "{% if subscriber.metadata.first_name %}{{ subscriber.metadata.first_name }}"
            "{% else %}there{% endif %}"
        ),
    },
    "kit": {
        "unsubscribe": "{{ unsubscribe_url }}",
        "name": '{{ subscriber.first_name | default: "there" }}',
    },
    "mailchimp": {
        "unsubscribe": "*|UNSUB|*",
        "name": "*|IF:FNAME|**|FNAME|**|ELSE:|*there*|END:IF|*",
    },
    # No service: the .eml is sent as it is, so the links must work on their own.
    "generic": {"unsubscribe": None, "name": "there"},
}


@dataclass(frozen=True)
class EmailConfig:
    """Everything the export needs from the settings, resolved and checked once a build."""

    esp: str
    siteurl: str
    sitename: str
    sender: str
    sender_address: str
    preview: bool  # SITEURL is on this computer (a preview build): the emails are not to send
    postal_address: str
    unsubscribe_url: str  # the footer link: a merge tag or a real URL
    list_unsubscribe: tuple  # the .eml header's URLs
    greeting: str  # EMAIL_GREETING as written, "{name}" not yet replaced
    name_tag: str
    reason: str
    width: int
    size_warn: int  # bytes
    size_limit: int  # bytes
    slugs: object
    recent: object  # how many of the newest posts (None: all)
    reply_to: object = None  # NEWSLETTER_REPLY_TO, domain in ASCII, or None
    list_id: str = ""  # the .eml's List-Id (RFC 2919): the newsletter's name and identifier

    def for_sending_as_is(self):
        """This config with the `generic` values (no merge tags): the .eml is sent as it is,
        by `send-test` or a mail program, where no service fills the tags in."""
        if self.esp == "generic":
            return self
        return replace(
            self, esp="generic", unsubscribe_url=self.list_unsubscribe[0], name_tag=ESP_TAGS["generic"]["name"]
        )

    def greeting_text(self):
        """The greeting with the service's name tag in it (plain text)."""
        return self.greeting.replace("{name}", self.name_tag)

    @property
    def domain(self):
        """The right-hand side of Message-IDs: the sender's domain, else the site's host."""
        return self.sender_address.rpartition("@")[2] or urlsplit(self.siteurl).hostname or "localhost"


def load_esp(settings):
    """EMAIL_ESP, checked: the name of a service in ESP_TAGS (AuthorError otherwise)."""
    esp = str(setting(settings, "EMAIL_ESP")).strip().lower()
    if esp not in ESP_TAGS:
        raise AuthorError(
            f"EMAIL_ESP is {setting(settings, 'EMAIL_ESP')!r}, which is not a newsletter service the "
            "email export knows",
            f"set EMAIL_ESP to one of {', '.join(repr(name) for name in ESP_TAGS)}",
            path="pelicanconf.py",
        )
    return esp


def load_mailbox(settings, name):
    """(the setting `name` as written but its domain in ASCII, its address): one mailbox, as
    NEWSLETTER_FROM and NEWSLETTER_REPLY_TO are; AuthorError naming the setting otherwise."""
    value = settings.get(name) or ""
    mailbox = parse_mailbox(value)
    if mailbox is None:
        raise AuthorError(
            f"{name} is {value!r}, which is not one {'sender ' if name == 'NEWSLETTER_FROM' else ''}"
            "address that mail programs can read: a name, then the address between < and > (an @ "
            "and a domain such as example.com, no spaces)",
            f"write it as {suggested_sender(value, settings.get('AUTHOR'), name)}",
            path="pelicanconf.py",
        )
    return ascii_sender(value, mailbox[1], name)


def load(settings):
    """The EmailConfig for these settings; AuthorError for a setting the export cannot use."""
    esp = load_esp(settings)
    sender, sender_address = load_mailbox(settings, "NEWSLETTER_FROM")
    reply_to = load_mailbox(settings, "NEWSLETTER_REPLY_TO")[0] if settings.get("NEWSLETTER_REPLY_TO") else None
    postal_address = " ".join(str(settings.get("NEWSLETTER_ADDRESS") or "").split())
    if not postal_address:
        raise AuthorError(
            "NEWSLETTER_ADDRESS is empty, but every newsletter email must show the sender's "
            "postal address (anti-spam law)",
            "set NEWSLETTER_ADDRESS to your postal address, e.g. 'Name, Street 1, Town, Country'",
            path="pelicanconf.py",
        )
    warn_kb, limit_kb = setting(settings, "EMAIL_SIZE_WARN_KB"), setting(settings, "EMAIL_SIZE_LIMIT_KB")
    mailto = f"mailto:{sender_address}?subject=Unsubscribe"
    own_url = setting(settings, "EMAIL_UNSUBSCRIBE_URL")
    tags = ESP_TAGS[esp]
    greeting = setting(settings, "EMAIL_GREETING") or ""
    siteurl = settings["SITEURL"].rstrip("/")
    sitename = settings.get("SITENAME", "")
    slugs = setting(settings, "EMAIL_SLUGS")
    return EmailConfig(
        esp=esp,
        siteurl=siteurl,
        sitename=sitename,
        sender=sender,
        sender_address=sender_address,
        preview=on_this_computer(siteurl),
        postal_address=postal_address,
        unsubscribe_url=tags["unsubscribe"] or own_url or mailto,
        list_unsubscribe=tuple(filter(None, [own_url, mailto])),
        greeting=greeting,
        name_tag=tags["name"],
        reason=setting(settings, "EMAIL_REASON").format(sitename=sitename, siteurl=siteurl),
        width=int(setting(settings, "EMAIL_WIDTH")),
        size_warn=int(warn_kb * 1000),
        size_limit=int(limit_kb * 1000),
        slugs=None if slugs is None else tuple([slugs] if isinstance(slugs, str) else slugs),
        recent=setting(settings, "EMAIL_EXPORT_RECENT"),
        reply_to=reply_to,
        list_id=list_id(sitename, siteurl, sender_address),
    )


def list_id(sitename, siteurl, sender_address):
    """The List-Id (RFC 2919) of the newsletter: its name, then `<name.host>`, the site's name
    made an identifier under the site's host (else the sender's domain), the same for every
    issue so that mail programs can file and filter them together."""
    label = slugify(sitename or "newsletter", regex_subs=[(r"[^\w\s-]", ""), (r"[-\s]+", "-")]).strip("-")
    label = label.encode("ascii", "ignore").decode("ascii") or "newsletter"
    host = urlsplit(siteurl).hostname or sender_address.rpartition("@")[2] or "localhost"
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        host = sender_address.rpartition("@")[2] or "localhost"
    name = " ".join(str(sitename or "").split())
    if name and name.isascii() and _PHRASE_SPECIALS.search(name):
        name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{name} <{label}.{host}>" if name else f"<{label}.{host}>"


# One address as mail servers take it: a local part, "@", a domain of two or more
# dot-separated labels; no spaces, brackets, quotes or list separators anywhere.
_ATOM = r"[^\s@<>()\[\],;:\"\\]+"
_LABEL = r"[^\s@<>()\[\],;:\"\\.]+"
ADDRESS = re.compile(rf"{_ATOM}@{_LABEL}(?:\.{_LABEL})+")
# "Name <address>" or the address alone (the name may be in double quotes).
MAILBOX = re.compile(r"(?:(?P<name>[^<>]*?) ?<(?P<angle>[^<>]*)>|(?P<bare>[^<>]*))")
_ADDRESS_LIKE = re.compile(r"[^\s<>()\[\],;:\"']+@[^\s<>()\[\],;:\"']+")
_NAME_SPECIALS = re.compile(r"[()<>\[\]:;@\\,\"]")
_PHRASE_SPECIALS = re.compile(r"[()<>\[\]:;@\\,.\"]")  # a phrase (RFC 5322) holding one is quoted


def parse_mailbox(value):
    """(name, address) when `value` is one mailbox, 'you@example.com' or 'Your Name
    <you@example.com>', that Python's email package reads the same way; else None."""
    text = " ".join(str(value or "").split())
    match = MAILBOX.fullmatch(text)
    if not text or not match:
        return None
    address = match.group("angle") if match.group("angle") is not None else match.group("bare")
    name = (match.group("name") or "").strip()
    if not ADDRESS.fullmatch(address):
        return None
    # The From header is made with the email package: it must find this very mailbox
    # (an unquoted comma in the name, for one, makes it read two addresses).
    if getaddresses([text]) != [(unquote(name), address)]:
        return None
    return name, address


IDNA_DEVIATIONS = "\u00df\u03c2\u200c\u200d"  # ß, final sigma, zero-width non-joiner and joiner


def ascii_sender(sender, address, setting_name="NEWSLETTER_FROM"):
    """(the mailbox `sender`, its address) with the domain in the ASCII form mail headers carry
    (IDNA: exämple.com is xn--exmple-cua.com); a local part that is not ASCII stops the build."""
    local, _, domain = address.rpartition("@")
    if address.isascii():
        return sender, address
    if not local.isascii():
        raise AuthorError(
            f"{setting_name} is {sender!r}: the part before the @ has letters many mail servers refuse",
            "use an address whose part before the @ has only plain letters, digits and . _ -",
            path="pelicanconf.py",
        )
    # Python's "idna" codec follows IDNA2003, which differs from today's rules on these four
    # characters only (it would turn straße.de into strasse.de, another domain).
    if any(character in domain for character in IDNA_DEVIATIONS):
        raise AuthorError(
            f"{setting_name} is {sender!r}, whose domain has a letter (such as ß) that mail programs "
            "write in two different ways",
            "write the domain in its ASCII form, as your mail provider shows it (it starts with xn--)",
            path="pelicanconf.py",
        )
    try:
        ascii_address = f"{local}@{domain.encode('idna').decode('ascii')}"
    except UnicodeError:
        raise AuthorError(
            f"{setting_name} is {sender!r}, whose domain {domain!r} is not a valid domain name",
            "check the address after the @",
            path="pelicanconf.py",
        ) from None
    return sender.replace(address, ascii_address), ascii_address


def suggested_sender(value, author=None, setting_name="NEWSLETTER_FROM"):
    """`NEWSLETTER_FROM = "Name <address>"` (or the setting named) made from what was written:
    its address, if it holds one, between < and >, and the rest as the name (else AUTHOR);
    the first of several addresses."""
    text = " ".join(str(value or "").split())
    several = [(name, address) for name, address in getaddresses([text]) if ADDRESS.fullmatch(address)]
    if len(several) > 1:
        name, address = several[0]
        name = name or " ".join(str(author or "Your Name").split())
        return f'{setting_name} = "{name} <{address}>"'
    name, address = _name_and_address(text, author)
    mailbox = f"{name} <{address or 'you@example.com'}>"
    literal = f"'{mailbox}'" if '"' in mailbox else f'"{mailbox}"'
    return f"{setting_name} = {literal}" + ("" if address else ", with your own address")


def _name_and_address(text, author):
    """(name, address or None) in what was written as a sender: the words, and the first token
    that is an address ("maya @example.com" is one)."""
    text = re.sub(r" ?@ ?", "@", text)
    found = [token.strip(".") for token in _ADDRESS_LIKE.findall(text)]
    address = next((token for token in found if ADDRESS.fullmatch(token)), None)
    words = [word for word in re.sub(r'[<>"]', " ", text).split() if "@" not in word]
    name = " ".join(words).strip(" ,;") or " ".join(str(author or "Your Name").split())
    if _NAME_SPECIALS.search(name):
        name = '"' + name.replace("\\", "") + '"'
    return name, address


def on_this_computer(url):
    """True when `url`'s host is this computer (localhost, 127.0.0.1, ::1, 0.0.0.0): the
    address of a preview build (`invoke build`, `invoke serve`), which only this computer
    can open."""
    try:
        host = urlsplit(str(url or "")).hostname
    except ValueError:
        return False
    if not host:
        return False
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified
