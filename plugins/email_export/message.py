"""The .eml of each email, and index.json listing every exported post.

The message is multipart/alternative (plain text first, HTML last: clients show
the last part they can render). Its headers and MIME boundary come from the post
alone, so building twice writes the same bytes.

It is built with the `email` package (header registry, SMTP policy, BytesGenerator),
but without the two costs that made it most of the export's time: each body is
encoded by binascii (C) instead of the pure-Python quoted-printable encoder, and the
headers that are the same in every message of a build (From, To, Reply-To, List-Id,
List-Unsubscribe, the parts' Content-Type...) are parsed and folded once a build, not once
a message.
"""

import base64
import binascii
import functools
import hashlib
import io
import json
from email import policy, quoprimime
from email.generator import BytesGenerator
from email.headerregistry import Address, HeaderRegistry
from email.message import EmailMessage, MIMEPart
from email.utils import format_datetime, parseaddr


class _SMTPPolicy(policy.EmailPolicy):
    """policy.SMTP, 7-bit, that folds the headers every message shares from a table."""

    def fold_binary(self, name, value):
        folded = _FOLDED.get((name, value))  # same name and text: same lines
        return folded if folded is not None else super().fold_binary(name, value)


class _HeaderClasses(HeaderRegistry):
    """The stock header registry, making each header's class once: the stock one makes a
    new class on every lookup, which setting a header does twice (a fifth of a message's
    build). Same classes, same parsing; nothing calls map_to_type after the first lookup."""

    def __init__(self):
        super().__init__()
        self._classes = {}

    def __getitem__(self, name):
        made = self._classes.get(name)
        if made is None:
            made = self._classes[name] = super().__getitem__(name)
        return made


# 7-bit: non-ASCII bodies go out quoted-printable or base64, safe through any relay.
SMTP_7BIT = _SMTPPolicy(linesep="\r\n", cte_type="7bit", header_factory=_HeaderClasses())
# The folded lines of the headers _constant_header made (a few per build's settings);
# per-message headers (Subject, Date, ...) are never kept.
_FOLDED = {}


@functools.lru_cache(maxsize=64)
def _constant_header(name, value):
    """A header object for a value every message of a build shares (parsed and folded once)."""
    return _shared_header(name, value)


def _shared_header(name, value):
    header = SMTP_7BIT.header_factory(name, value)
    _FOLDED[(name, header)] = policy.EmailPolicy.fold_binary(SMTP_7BIT, name, header)
    return header


class _BodyGenerator(BytesGenerator):
    """BytesGenerator writing an encoded body in one piece instead of line by line.

    The bodies are ASCII already encoded with "\\n" line ends; the result is what
    BytesGenerator writes (every line end as the policy's linesep), in a fraction of
    the time. Should `_write_lines` ever be renamed, the stock method runs: same bytes.
    """

    def _write_lines(self, lines):
        if lines:
            self.write(lines.replace("\r\n", "\n").replace("\r", "\n").replace("\n", self._NL))


def encoded_body(text):
    """(Content-Transfer-Encoding, body) for UTF-8 text, as `EmailMessage.set_content`
    chooses it: 7bit when ASCII with short lines, else the shorter of quoted-printable
    and base64 on the first ten lines. Quoted-printable lines are at most 76 characters
    (RFC 2045; the `email` package writes 78)."""
    data = text.encode("utf-8")
    lines = data.splitlines()
    if data.isascii() and max((len(line) for line in lines), default=0) <= SMTP_7BIT.max_line_length:
        return "7bit", (b"\n".join(lines) + b"\n").decode("ascii")
    sniff = b"\r\n".join(lines[:10]) + b"\r\n"  # the `email` package's own choice, on 10 lines
    if len(quoprimime.body_encode(sniff.decode("latin-1"), SMTP_7BIT.max_line_length)) > len(
        binascii.b2a_base64(sniff)
    ):
        return "base64", base64.encodebytes(b"\r\n".join(lines) + b"\r\n").decode("ascii")
    return "quoted-printable", binascii.b2a_qp(b"\n".join(lines) + b"\n", istext=True).decode("ascii")


def _text_part(text, subtype):
    part = MIMEPart(policy=SMTP_7BIT)
    transfer_encoding, body = encoded_body(text)
    part["Content-Type"] = _constant_header("Content-Type", f'text/{subtype}; charset="utf-8"')
    part["Content-Transfer-Encoding"] = _constant_header("Content-Transfer-Encoding", transfer_encoding)
    part.set_payload(body)
    return part


def message_id(url, domain):
    """A stable Message-ID derived from the post's URL."""
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]
    return f"<{digest}@{domain}>"


def build_message(*, subject, sender, date, url, domain, text, html, list_unsubscribe, archive=None,
                  reply_to=None, list_id=None):
    """The .eml as an EmailMessage; `eml_bytes()` serialises it (SMTP line endings).

    It is addressed as newsletters are: `To:` the sender, the readers in Bcc when it is sent
    (never "undisclosed recipients"); `invoke send-test` puts its --to address in.
    `archive` is the site's address (SITEURL), written as List-Archive (RFC 2369: where
    the past issues are): it also tells `invoke send-test` which build made the message.
    `reply_to` (NEWSLETTER_REPLY_TO) is where replies go; `list_id` names the newsletter
    (RFC 2919), so that mail programs can file and filter its issues together."""
    message = EmailMessage(policy=SMTP_7BIT)
    message["Subject"] = subject
    message["From"] = _mailbox_header("From", sender)
    message["To"] = _mailbox_header("To", sender)
    if reply_to:
        message["Reply-To"] = _mailbox_header("Reply-To", reply_to)
    message["Date"] = format_datetime(date)
    message["Message-ID"] = message_id(url, domain)
    if list_id:
        message["List-Id"] = _constant_header("List-Id", list_id)
    message["List-Unsubscribe"] = _constant_header(
        "List-Unsubscribe", ", ".join(f"<{target}>" for target in list_unsubscribe)
    )
    if any(target.startswith("https://") for target in list_unsubscribe):
        # RFC 8058: one-click unsubscribe is a POST to an https URI; never with mailto alone.
        message["List-Unsubscribe-Post"] = _constant_header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
    if archive:
        message["List-Archive"] = _constant_header("List-Archive", f"<{archive}>")
    message["MIME-Version"] = _constant_header("MIME-Version", "1.0")
    boundary = "=_" + hashlib.sha256((url + text + html).encode("utf-8")).hexdigest()[:40]
    message["Content-Type"] = f'multipart/alternative; boundary="{boundary}"'
    message.set_payload([_text_part(text, "plain"), _text_part(html, "html")])
    return message


@functools.lru_cache(maxsize=16)
def _mailbox_header(header_name, mailbox):
    """A From, To or Reply-To header of one mailbox, the same in every message of a build."""
    name, address = parseaddr(mailbox)
    return _shared_header(header_name, Address(display_name=name, addr_spec=address) if name else address)


def eml_bytes(message):
    """The message as the bytes of a .eml file (what `message.as_bytes()` writes)."""
    buffer = io.BytesIO()
    _BodyGenerator(buffer, mangle_from_=False, policy=message.policy).flatten(message)
    return buffer.getvalue()


def index_entry(*, slug, title, subject, preheader, date, url, folder, size, draft=False, topics=()):
    """One post's line in index.json; paths are relative to the output folder; `draft`
    only in a preview build, which exports the drafts too; `topics`, the newsletter
    service's tags the post belongs to (topics.topics_of: its category's, if mapped)."""
    return {
        "slug": slug,
        "title": title,
        "subject": subject,
        "preheader": preheader,
        "date": date.isoformat(),
        "url": url,
        "html": f"{folder}/email.html",
        "text": f"{folder}/email.txt",
        "eml": f"{folder}/message.eml",
        "html_bytes": size,
        "draft": draft,
        "topics": list(topics),
    }


def write_index_json(handle, entries, esp):
    """index.json, `{"esp": ..., "emails": [entries in the order given]}`, byte for byte as
    `json.dump(..., ensure_ascii=False, indent=2)` lays it out (UTF-8 kept readable), but
    written entry by entry as `entries` yields them: they are never all in memory."""
    handle.write('{\n  "esp": %s,\n  "emails": [' % json.dumps(esp, ensure_ascii=False))
    written = 0
    for entry in entries:
        # JSON text never holds a raw newline inside a string: every "\n" is layout.
        text = json.dumps(entry, ensure_ascii=False, indent=2).replace("\n", "\n    ")
        handle.write(("," if written else "") + "\n    " + text)
        written += 1
    handle.write("\n  ]\n}\n" if written else "]\n}\n")
