"""HTML: the Nu HTML Checker (vnu.jar from npm, run with Debian's Java) over every page and email.

Web pages must have no errors at all. Email HTML may keep the presentational attributes that
Outlook (Word) and old webmail still need; everything else is an error there too.
"""

import json
import re
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlparse

from .report import Finding
from .tools import vnu_jar

CHECK = "html"

# The one exception for email HTML: markup that only Outlook on Windows (which renders mail
# with Word) and other old clients read, so emails keep it on purpose:
#   - obsolete presentational attributes (align, valign, bgcolor, width, height, cellpadding,
#     cellspacing, border): read instead of the CSS those clients drop;
#   - the Office XML namespaces on <html> (xmlns:v, xmlns:o), which Outlook's fix for
#     high-DPI scaling (<o:OfficeDocumentSettings> in a conditional comment) needs;
#   - Outlook's own CSS properties (mso-*): vendor extensions without the leading dash that
#     vnu accepts for other vendors (-webkit-, -ms-).
EMAIL_ALLOWED = re.compile(
    r"^(The “(align|valign|bgcolor|width|height|cellpadding|cellspacing|border)” attribute "
    r"on the “[a-z0-9]+” element is obsolete\."
    r"|Attribute “xmlns:[vo]” not allowed here\."
    r"|CSS: “mso-[a-z-]+”: Property “mso-[a-z-]+” doesn't exist\.)"
)

# A URL attribute whose whole value is a merge tag ({{ x }}, {% x %}, *|X|*, [x], %x%).
MERGE_TAG_ATTRIBUTE = re.compile(
    r'(\s(?:href|src)=)"(\{\{[^"]*\}\}|\{%[^"]*%\}|\*\|[^"]*\|\*|\[[A-Za-z_ ]+\]|%[A-Za-z_]+%)"'
)


def email_as_sent(markup):
    """The email as a reader's client gets it: the newsletter service replaces merge tags such
    as href="{{ unsubscribe_url }}" with real URLs before sending, so we do the same (on a copy)."""
    return MERGE_TAG_ATTRIBUTE.sub(r'\1"https://unsubscribe.example/"', markup)


def run_vnu(files):
    """vnu's messages for `files`, as dicts (type, url, lastLine, message)."""
    if not files:
        return []
    command = ["java", "-Xss1024k", "-jar", str(vnu_jar()), "--format", "json", "--stdout"]
    done = subprocess.run(
        command + [str(f) for f in files], capture_output=True, text=True, check=False
    )
    try:
        return json.loads(done.stdout or "{}").get("messages", [])
    except json.JSONDecodeError:
        return [{"type": "error", "url": "", "message": f"vnu failed: {done.stderr.strip()}"}]


def _display(url, root):
    path = unquote(urlparse(url).path) if url.startswith("file:") else url
    return path[len(str(root)) + 1:] if path.startswith(str(root)) else path


def check(site):
    """Run vnu over every HTML file in `site.output` (emails as sent); return Findings."""
    emails = set(site.output.glob("email/*/email.html"))
    pages = [p for p in sorted(site.output.rglob("*.html")) if p not in emails]
    with tempfile.TemporaryDirectory(prefix="vnu-email-") as copies:
        sent = []
        for path in sorted(emails):
            copy = Path(copies) / path.relative_to(site.output)
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(email_as_sent(path.read_text(encoding="utf-8")), encoding="utf-8")
            sent.append(copy)
        messages = [(m, site.output) for m in run_vnu(pages)]
        messages += [(m, Path(copies)) for m in run_vnu(sent)]
    return findings_of(messages, site.output)


def findings_of(messages, output):
    """One Finding per file and message: the same error on many lines is one thing to fix."""
    lines = {}
    for message, root in messages:
        if message.get("type") not in ("error", "non-document-error"):
            continue  # info and warnings do not fail the check
        text = message.get("message", "").strip()
        if root != output and EMAIL_ALLOWED.match(text):  # an email, as sent
            continue
        lines.setdefault((_display(message.get("url", ""), root), text), []).append(message.get("lastLine"))
    findings = []
    for (where, text), numbers in lines.items():
        numbers = sorted({n for n in numbers if n})
        shown = ",".join(map(str, numbers[:8])) + (",..." if len(numbers) > 8 else "")
        times = f" ({len(numbers)} lines)" if len(numbers) > 1 else ""
        findings.append(Finding(CHECK, f"{where}:{shown}" if shown else where, text + times))
    return findings
