"""`invoke send-test`: send one exported .eml through an SMTP server, to one address.

The .eml is written as newsletters go out (`To:` the sender, the readers in Bcc) with the
post's date and a Message-ID made from its address. The message sent is that .eml, byte
for byte, but for three headers (`addressed`): `To:` the --to address, a new Message-ID and
`Date:` the sending time, as a mail program would write them for a new message: a second
test is a new message, not a copy that mail servers and clients drop as a duplicate. The
.eml on disk is never changed.

The exchange is encrypted: STARTTLS, or TLS from the first byte on port 465, with the
server's certificate verified. Without TLS nothing is sent, neither the login (whose
password comes only from the SMTP_PASSWORD environment variable) nor the email: a server
that does not offer STARTTLS is either the wrong port or one that something in between
stripped it from. The one exception is a server on this computer (a local relay, a test
server), judged by the address the connection reached, since a name can point anywhere.
The whole exchange has a deadline (DEADLINE): a timeout counts per byte (smtplib's) or per
reply, so a server answering a byte at a time could otherwise hold the command far longer.

Before sending, the task asks which site the message was made for (`made_for`, its
List-Archive header) and whether its links go to this computer (`local_site`): a
preview build's email (`invoke build`, `invoke serve`) is never sent.
"""

import asyncio
import datetime
import ipaddress
import os
import re
import ssl
from email import message_from_bytes, policy
from email.generator import BytesGenerator
from email.utils import format_datetime, make_msgid, parseaddr
from io import BytesIO
from urllib.parse import urlsplit

import aiosmtplib

from .settings import on_this_computer

# An http(s) address in a part's text or in an attribute of its HTML.
LINK = re.compile(r"""https?://[^\s"'<>()\[\]]+""", re.IGNORECASE)

DEADLINE = 60  # seconds the whole exchange with the SMTP server may take
REPLY_TIMEOUT = 30  # seconds one connection or one reply of the server may take
IMPLICIT_TLS_PORT = 465  # TLS from the first byte; any other port upgrades with STARTTLS
# How the export writes a .eml (message.py): 7-bit, CRLF. Read and written back with it, the
# headers and parts not replaced come out as they went in.
SMTP_AS_WRITTEN = policy.SMTP.clone(cte_type="7bit")


class SendFailed(Exception):
    """Sending stopped; the message says why and what to do, in one line."""


def addressed(data, to, now=None):
    """The .eml bytes `data` as sent to `to`: its To, Message-ID and Date headers replaced
    (where they are; added if missing), everything else as written. The Message-ID's right
    side is the sender's domain; `now` (an aware datetime) is the sending time."""
    message = message_from_bytes(data, policy=SMTP_AS_WRITTEN)
    sender = parseaddr(message.get("From", ""))[1]
    now = now or datetime.datetime.now(datetime.timezone.utc).astimezone()
    for name, value in (("To", to), ("Message-ID", make_msgid(domain=sender.rpartition("@")[2] or None)),
                        ("Date", format_datetime(now))):
        if name in message:
            message.replace_header(name, value)
        else:
            message[name] = value
    buffer = BytesIO()
    BytesGenerator(buffer, mangle_from_=False, policy=message.policy).flatten(message)
    return buffer.getvalue()



def send_eml(data, to, host, port, user="", password=None, deadline=DEADLINE):
    """Send the .eml bytes `data` to `to` (`addressed` to it); return the envelope sender.
    Raise SendFailed."""
    if not user:
        password = None
    elif not password:
        raise SendFailed(
            f"SMTP_USER is {user!r} but the SMTP_PASSWORD environment variable is not set: "
            "run `SMTP_PASSWORD='...' invoke send-test ...` (never put the password in a file)"
        )
    sender = parseaddr(message_from_bytes(data, policy=policy.default).get("From", ""))[1]
    if not sender:
        raise SendFailed("the .eml has no From address: set NEWSLETTER_FROM and export again")
    where = f"{host}:{port}"
    data = addressed(data, to)
    try:
        asyncio.run(_exchange(data, sender, to, host, int(port), user, password, deadline))
    except (aiosmtplib.SMTPException, TimeoutError, OSError) as error:
        raise _failure(error, where, user, to, sender, deadline) from None
    return sender


def _failure(error, where, user, to, sender, deadline):
    """The SendFailed, in one line with what to do, for what stopped the exchange."""
    if isinstance(error, aiosmtplib.SMTPAuthenticationError):
        return SendFailed(f"{where} refused the login for {user!r} ({_reply(error)}): "
                          "check SMTP_USER and the SMTP_PASSWORD environment variable")
    if isinstance(error, aiosmtplib.SMTPNotSupported):
        return SendFailed(f"{where} does not support that ({error}): check SMTP_HOST and SMTP_PORT")
    if isinstance(error, aiosmtplib.SMTPRecipientsRefused):
        reasons = "; ".join(_reply(refusal) for refusal in error.recipients)
        return SendFailed(f"{where} refused the address {to!r} ({reasons})")
    if isinstance(error, aiosmtplib.SMTPSenderRefused):
        return SendFailed(f"{where} refused the sender {sender!r} ({_reply(error)}): check NEWSLETTER_FROM")
    if isinstance(error, aiosmtplib.SMTPTimeoutError):
        return SendFailed(f"{where} did not answer within {REPLY_TIMEOUT} s: check SMTP_HOST and SMTP_PORT")
    if isinstance(error, aiosmtplib.SMTPResponseException):
        return SendFailed(f"{where} stopped the sending: {_reply(error)}")
    if isinstance(error, aiosmtplib.SMTPConnectError):
        return _connection_failed(where, error.__cause__ or error)
    if isinstance(error, aiosmtplib.SMTPException):
        return SendFailed(f"{where} stopped the sending: {str(error).rstrip('.')}")
    if isinstance(error, TimeoutError):  # the deadline (aiosmtplib's own timeouts are above)
        return SendFailed(
            f"{where} was too slow: the exchange did not finish within {deadline} s (a server that "
            "answers a little at a time, or not an SMTP server): check SMTP_HOST and SMTP_PORT and "
            "try again later, or give it more time with --timeout"
        )
    return _connection_failed(where, error)


async def _exchange(data, sender, to, host, port, user, password, deadline):
    """The SMTP conversation: TLS first, then the login and the email, within `deadline` s."""
    client = aiosmtplib.SMTP(hostname=host, port=port, timeout=REPLY_TIMEOUT, start_tls=False,
                             use_tls=port == IMPLICIT_TLS_PORT, tls_context=ssl.create_default_context())
    delivered = False
    try:
        async with asyncio.timeout(deadline):
            await client.connect()
            try:
                await client.ehlo()
            except aiosmtplib.SMTPHeloError:  # an old server: HELO, and so no STARTTLS either
                await client.helo()
            if not _encrypted(client) and client.supports_extension("starttls"):
                await client.starttls()
            if not _encrypted(client) and not _loopback(client.get_transport_info("peername")):
                secret = "the SMTP_PASSWORD" if user else "the email"
                raise SendFailed(
                    f"{host}:{port} does not offer STARTTLS, so {secret} would cross the network "
                    f"unencrypted and nothing was sent: use port {IMPLICIT_TLS_PORT} (TLS from the "
                    "start) if your provider offers it, or a server that offers STARTTLS (only a "
                    "server on this computer, as 127.0.0.1, is used without TLS)"
                )
            if user:
                await client.login(user, password)
            await client.sendmail(sender, [to], data)
            delivered = True
            await client.quit()
    except (aiosmtplib.SMTPException, TimeoutError):
        if not delivered:  # a server slow or rude only in saying goodbye still got the email
            raise
    finally:  # at once, without a QUIT, when the deadline or a refusal stops the exchange
        client.close()


def _encrypted(client):
    """True once the connection is TLS (from the start, or after STARTTLS)."""
    return client.get_transport_info("sslcontext") is not None


def _loopback(peer):
    """True when the connection's far end (`peername`) is this computer."""
    address = ipaddress.ip_address(str(peer[0]).split("%")[0])
    mapped = getattr(address, "ipv4_mapped", None)  # ::ffff:127.0.0.1
    return address.is_loopback or bool(mapped and mapped.is_loopback)


def _connection_failed(where, error):
    """SendFailed for a connection that could not be made (or made secure)."""
    if isinstance(error, ssl.SSLCertVerificationError):
        return SendFailed(
            f"the certificate of {where} could not be verified ({error.verify_message}), so nothing was "
            "sent: check SMTP_HOST is exactly the name your provider gives for its SMTP server"
        )
    if isinstance(error, ssl.SSLError):
        return SendFailed(f"the secure connection to {where} failed ({error.reason or error}): "
                          "check SMTP_PORT (587 for STARTTLS, 465 for TLS)")
    errno = getattr(error, "errno", None)  # asyncio's text names the address; the system's, the reason
    reason = os.strerror(errno) if errno and errno > 0 else getattr(error, "strerror", None) or str(error)
    return SendFailed(f"cannot reach the SMTP server at {where} ({reason}): check SMTP_HOST and SMTP_PORT")


def _reply(error):
    """The server's reply of an SMTP error, as text."""
    return f"{error.code} {error.message}".strip()


def parsed(data):
    """The .eml's bytes as a message, for `made_for` and `local_site`."""
    return message_from_bytes(data, policy=policy.default)


def made_for(message):
    """The site address the .eml was exported for (its List-Archive header, without the
    final "/"), or None for an .eml from before the export wrote one."""
    archive = message.get("List-Archive")
    if not archive:
        return None
    return str(archive).strip().strip("<>").strip().rstrip("/") or None


def local_site(message):
    """The address on this computer (as `http://127.0.0.1:8000`) the .eml's links go to
    when a preview build made it, else None. The List-Archive header says which site it
    was made for; an .eml without one (exported before it was written) is judged by its
    links and pictures."""
    site = made_for(message)
    if site is not None:
        candidates = [site]
    else:
        candidates = []
        for part in message.walk():
            if part.get_content_type() in ("text/plain", "text/html"):
                candidates.extend(LINK.findall(part.get_content()))
    for url in candidates:
        if on_this_computer(url):
            parts = urlsplit(url)
            return f"{parts.scheme}://{parts.netloc}"
    return None
