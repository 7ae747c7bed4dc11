"""`invoke send-test`: send one exported .eml, exactly as written, through an SMTP server.

STARTTLS when the server offers it (implicit TLS on port 465), login when a user is
set; the password comes only from the SMTP_PASSWORD environment variable.

Before sending, the task asks which site the message was made for (`made_for`, its
List-Archive header) and whether its links go to this computer (`local_site`): a
preview build's email (`invoke build`, `invoke serve`) is never sent.
"""

import re
import smtplib
import socket
import ssl
from email import message_from_bytes, policy
from email.utils import parseaddr
from urllib.parse import urlsplit

from .settings import on_this_computer

# An http(s) address in a part's text or in an attribute of its HTML.
LINK = re.compile(r"""https?://[^\s"'<>()\[\]]+""", re.IGNORECASE)


class SendFailed(Exception):
    """Sending stopped; the message says why and what to do, in one line."""


def send_eml(data, to, host, port, user="", password=None, timeout=30):
    """Send the .eml bytes `data` to `to`; return the envelope sender. Raise SendFailed."""
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
    context = ssl.create_default_context()
    try:
        if int(port) == 465:
            client = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
        else:
            client = smtplib.SMTP(host, port, timeout=timeout)
        with client:
            client.ehlo()
            if not isinstance(client, smtplib.SMTP_SSL) and client.has_extn("starttls"):
                client.starttls(context=context)
                client.ehlo()
            if user:
                client.login(user, password)
            client.sendmail(sender, [to], data)
    except smtplib.SMTPAuthenticationError as error:
        raise SendFailed(f"{where} refused the login for {user!r} ({_reply(error)}): "
                         "check SMTP_USER and the SMTP_PASSWORD environment variable") from None
    except smtplib.SMTPNotSupportedError as error:
        raise SendFailed(f"{where} does not support that ({error}): check SMTP_HOST and SMTP_PORT") from None
    except smtplib.SMTPRecipientsRefused as error:
        reasons = "; ".join(_reply(reply) for reply in error.recipients.values())
        raise SendFailed(f"{where} refused the address {to!r} ({reasons})") from None
    except smtplib.SMTPSenderRefused as error:
        raise SendFailed(f"{where} refused the sender {sender!r} ({_reply(error)}): "
                         "check NEWSLETTER_FROM") from None
    except smtplib.SMTPException as error:
        raise SendFailed(f"{where} stopped the sending: {error}") from None
    except ssl.SSLError as error:
        raise SendFailed(f"the secure connection to {where} failed ({error.reason or error}): "
                         "check SMTP_PORT (587 for STARTTLS, 465 for TLS)") from None
    except (socket.timeout, TimeoutError):
        raise SendFailed(f"{where} did not answer within {timeout} s: check SMTP_HOST and SMTP_PORT") from None
    except OSError as error:
        raise SendFailed(f"cannot reach the SMTP server at {where} ({error.strerror or error}): "
                         "check SMTP_HOST and SMTP_PORT") from None
    return sender


def _reply(error):
    """The server's reply of an SMTP error, as text."""
    code, message = (error.smtp_code, error.smtp_error) if hasattr(error, "smtp_code") else error
    text = message.decode("utf-8", "replace") if isinstance(message, bytes) else str(message)
    return f"{code} {text}".strip()


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
