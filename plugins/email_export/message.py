"""The .eml of each email, and index.json listing every exported post.

The message is multipart/alternative (plain text first, HTML last: clients show
the last part they can render). Its headers and MIME boundary come from the post
alone, so building twice writes the same bytes.
"""

import hashlib
import json
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr


def message_id(url, domain):
    """A stable Message-ID derived from the post's URL."""
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]
    return f"<{digest}@{domain}>"


def build_message(*, subject, sender, date, url, domain, text, html, list_unsubscribe):
    """The .eml as an EmailMessage (serialise with `.as_bytes()`: SMTP line endings)."""
    # 7-bit: non-ASCII bodies go out quoted-printable or base64, safe through any relay.
    message = EmailMessage(policy=policy.SMTP.clone(cte_type="7bit"))
    message["Subject"] = subject
    name, address = parseaddr(sender)
    message["From"] = Address(display_name=name, addr_spec=address) if name else address
    message["Date"] = format_datetime(date)
    message["Message-ID"] = message_id(url, domain)
    message["List-Unsubscribe"] = ", ".join(f"<{target}>" for target in list_unsubscribe)
    if any(target.startswith("https://") for target in list_unsubscribe):
        # RFC 8058: one-click unsubscribe is a POST to an https URI; never with mailto alone.
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(text, subtype="plain", charset="utf-8")
    message.add_alternative(html, subtype="html", charset="utf-8")
    message.set_boundary("=_" + hashlib.sha256((url + text + html).encode("utf-8")).hexdigest()[:40])
    return message


def index_entry(*, slug, title, subject, preheader, date, url, folder, size):
    """One post's line in index.json; paths are relative to the output folder."""
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
    }


def index_json(entries, esp):
    """index.json: newest post first, stable key order, UTF-8 kept readable."""
    ordered = sorted(entries, key=lambda entry: (entry["date"], entry["slug"]), reverse=True)
    return json.dumps({"esp": esp, "emails": ordered}, ensure_ascii=False, indent=2) + "\n"
