"""The EMAIL_* settings, their defaults (in one place) and each newsletter service's merge tags.

Read from Pelican's settings at build time, never at import, so a test or a
task can override any of them for one build.
"""

from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from email.utils import parseaddr

from build_guard.errors import AuthorError

DEFAULTS = {
    # Which newsletter service the export is pasted into: its merge tags are written
    # for the unsubscribe link and the reader's name.
    "EMAIL_ESP": "generic",
    # Gmail clips emails whose HTML is larger than about 102 KB (1 KB = 1000 bytes here).
    "EMAIL_SIZE_WARN_KB": 80,
    "EMAIL_SIZE_LIMIT_KB": 102,
    # Only these slugs are exported (None: every published post). `invoke email --slug`.
    "EMAIL_SLUGS": None,
    # The first line of the email; {name} is the service's merge tag for the reader's
    # first name. "" leaves the greeting out.
    "EMAIL_GREETING": "Hi {name},",
    # Why the reader gets this email, printed in the footer.
    "EMAIL_REASON": "You are receiving this email because you subscribed to {sitename} at {siteurl}.",
    # An https address that unsubscribes with one click (RFC 8058), for the .eml's
    # List-Unsubscribe header and, with EMAIL_ESP = "generic", the footer link.
    "EMAIL_UNSUBSCRIBE_URL": None,
    # Width of the content column in pixels; images are scaled to fit it.
    "EMAIL_WIDTH": 600,
    # Carry each unchanged post's email files over from the last good build instead of
    # making them again (reuse.py). False: every build makes every email afresh.
    "EMAIL_REUSE": True,
}

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


def setting(settings, name):
    return settings.get(name, DEFAULTS[name])


@dataclass(frozen=True)
class EmailConfig:
    """Everything the export needs from the settings, resolved and checked once a build."""

    esp: str
    siteurl: str
    sitename: str
    sender: str
    sender_address: str
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


def load(settings):
    """The EmailConfig for these settings; AuthorError for a setting the export cannot use."""
    esp = str(setting(settings, "EMAIL_ESP")).strip().lower()
    if esp not in ESP_TAGS:
        raise AuthorError(
            f"EMAIL_ESP is {setting(settings, 'EMAIL_ESP')!r}, which is not a newsletter service the "
            "email export knows",
            f"set EMAIL_ESP to one of {', '.join(repr(name) for name in ESP_TAGS)}",
            path="pelicanconf.py",
        )
    sender = settings.get("NEWSLETTER_FROM") or ""
    sender_address = parseaddr(sender)[1]
    if "@" not in sender_address:
        raise AuthorError(
            f"NEWSLETTER_FROM is {sender!r}, which is not an email address",
            "write it as 'Your Name <you@example.com>'",
            path="pelicanconf.py",
        )
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
    )
