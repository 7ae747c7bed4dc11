"""Email: every email HTML follows the export rules and uses only what mail clients support.

Rules (issue 6), shared with the tests through `email_problems(markup, size)`:
no relative URLs; no scripts, forms, iframes, SVG, web fonts or <details>; no CSS that mail
clients drop (flex, grid, position, custom properties); images with width, height and alt;
the color-scheme meta; under Gmail's clipping size. Then the caniemail scan
(`@jsx-email/doiuse-email`, run by email_support.mjs) over the clients our readers use.
"""

import json
import re
import subprocess
from pathlib import Path

import tinycss2
from lxml import etree, html

from .report import Finding
from .tools import CHECKS

CHECK = "email"
GMAIL_CLIP_BYTES = 102 * 1024  # Gmail hides everything after this ("[Message clipped]")
WARN_BYTES = 80 * 1024  # leave room for what the newsletter service adds

FORBIDDEN_ELEMENTS = ("script", "noscript", "form", "input", "button", "select", "textarea",
                      "iframe", "frame", "object", "embed", "svg", "math", "canvas", "video",
                      "audio", "details", "summary", "dialog", "template", "link", "base")
URL_ATTRIBUTES = ("href", "src", "background", "action", "poster", "cite")
SAFE_SCHEMES = re.compile(r"^(https?:|mailto:|tel:)", re.IGNORECASE)
# Merge tags the newsletter services replace when sending (EMAIL_ESP): Buttondown and Kit
# {{ unsubscribe_url }}, Mailchimp *|UNSUB|*, generic [unsubscribe]. Not URLs until then.
MERGE_TAG = re.compile(r"^\s*(\{\{.*\}\}|\{%.*%\}|\*\|.*\|\*|\[[A-Za-z_ ]+\]|%[A-Za-z_]+%)\s*$")
# CSS that Gmail, Outlook (Word) or Yahoo drop: layout would collapse or overlap.
FORBIDDEN_CSS = {
    "display": re.compile(r"\b(inline-)?(flex|grid)\b"),
    "position": re.compile(r"."),
}
FORBIDDEN_PROPERTY_PREFIXES = ("grid", "flex")


def _declarations(css_text):
    """(property, value) pairs of a style attribute."""
    for item in tinycss2.parse_blocks_contents(css_text, skip_comments=True, skip_whitespace=True):
        if item.type == "declaration":
            yield item.lower_name, tinycss2.serialize(item.value).strip()
        elif item.type == "error":
            yield "(parse error)", item.message


def css_problems(css_text, where):
    """Forbidden properties and values in a declaration list."""
    problems = []
    for name, value in _declarations(css_text):
        if name == "(parse error)":
            problems.append(f"{where}: CSS does not parse ({value})")
        elif name.startswith("--"):
            problems.append(f"{where}: CSS custom property {name} (mail clients drop variables)")
        elif "var(" in value.lower():
            problems.append(f"{where}: {name}: {value} uses var() (mail clients drop variables)")
        elif name in FORBIDDEN_CSS and FORBIDDEN_CSS[name].search(value.lower()):
            problems.append(f"{where}: {name}: {value} (mail clients drop it)")
        elif name.startswith(FORBIDDEN_PROPERTY_PREFIXES):
            problems.append(f"{where}: {name} (flex/grid layout, mail clients drop it)")
    return problems


def stylesheet_problems(css_text, where):
    """A <style> block: only @media rules (and plain rules) with allowed CSS; no fonts, imports."""
    problems = []
    rules = tinycss2.parse_stylesheet(css_text, skip_comments=True, skip_whitespace=True)
    for rule in rules:
        if rule.type == "at-rule":
            if rule.lower_at_keyword in ("font-face", "import"):
                problems.append(f"{where}: @{rule.lower_at_keyword} (web fonts and imports are not allowed)")
            elif rule.lower_at_keyword == "media" and rule.content:
                problems += stylesheet_problems(tinycss2.serialize(rule.content), where)
        elif rule.type == "qualified-rule":
            problems += css_problems(tinycss2.serialize(rule.content), where)
        elif rule.type == "error":
            problems.append(f"{where}: CSS does not parse ({rule.message})")
    return problems


def email_problems(markup, size=None):
    """(level, problem) pairs for one email HTML document; [] when it follows every rule."""
    problems = []
    size = len(markup.encode("utf-8")) if size is None else size
    if size > GMAIL_CLIP_BYTES:
        problems.append(("error", f"{size / 1024:.0f} KB: Gmail clips messages over 102 KB"))
    elif size > WARN_BYTES:
        problems.append(("warning", f"{size / 1024:.0f} KB: close to Gmail's 102 KB clipping"))
    root = html.document_fromstring(markup)
    metas = root.xpath("//meta[@name='color-scheme']")
    if not metas or "dark" not in (metas[0].get("content") or ""):
        problems.append(("error", 'no <meta name="color-scheme" content="light dark">'))
    for element in root.iter(etree.Element):
        problems += [("error", problem) for problem in element_problems(element)]
    return problems


def element_problems(element):
    """What mail clients refuse in one element: the tag, a handler, a relative URL, CSS."""
    line = f"line {element.sourceline}"
    problems = [f"{line}: <{element.tag}> is not allowed in email"] if element.tag in FORBIDDEN_ELEMENTS else []
    for name, value in element.attrib.items():
        if name.lower().startswith("on"):
            problems.append(f"{line}: <{element.tag}> has an event handler {name}=")
        problems += [f"{line}: <{element.tag} {name}=\"{url}\"> is not an absolute URL"
                     for url in attribute_urls(name, value) if not (SAFE_SCHEMES.match(url.strip()) or MERGE_TAG.match(url))]
    if element.get("style"):
        problems += css_problems(element.get("style"), f"{line} <{element.tag} style>")
    if element.tag == "style":
        problems += stylesheet_problems(element.text or "", f"{line} <style>")
        if element.getparent() is None or element.getparent().tag != "head":
            problems.append(f"{line}: <style> outside <head>")
    if element.tag == "img":
        problems += [f"{line}: <img src=\"{element.get('src')}\"> has no {name}"
                     for name in ("width", "height", "alt") if element.get(name) is None]
    return problems


def attribute_urls(name, value):
    """The URLs an attribute holds (a srcset holds several)."""
    if name == "srcset":
        return [part.strip().split()[0] for part in value.split(",") if part.strip()]
    return [value] if name in URL_ATTRIBUTES else []


# --- the caniemail scan ----------------------------------------------------------------------

# Clients our readers use (issue 6): Gmail, Outlook desktop and apps, Apple Mail, phones.
EMAIL_CLIENTS = ["gmail.*", "outlook.*", "apple-mail.*", "yahoo.*", "samsung-email.*"]

# Allow-list: what doiuse-email reports as unsupported that we use ON PURPOSE, by feature,
# each harmless where it is ignored. Everything else it reports is an error.
SUPPORT_ALLOWED = {
    "@media": "phone and dark-mode rules refine a 600 px table layout that works without them",
    "<body> element": "clients that swap <body> for a <div> still get the wrapper table's colours",
    "display:none": "the preheader is hidden five ways at once (display, max-height, opacity,",
    "opacity": "  overflow, mso-hide): each client hides it by at least one of them",
    "overflow": "  (and overflow only ever hides the preheader)",
    "aria-hidden attribute": "only on the preheader's filler, to keep screen readers off it; where it is "
                             "ignored the filler is hidden with the preheader all the same",
    "role attribute": "role=presentation tells screen readers a table is layout; ignored, no harm",
    "border-radius": "rounded corners are decoration: square ones in Outlook are fine",
    "overflow-wrap": "long URLs wrap where supported; word-wrap carries the same rule elsewhere",
    "word-break": "same safety net as overflow-wrap",
    "white-space": "only on <pre>, which keeps its spacing by default where this is ignored",
    "outline": "only `outline: none` image resets, nothing to lose where ignored",
}
FEATURE = re.compile(r"^`(?P<feature>[^`]+)` is not supported by `(?P<client>[^`]+)`")


def support_scan(files):
    """{file: {feature: [clients]}} from doiuse-email for the EMAIL_CLIENTS (errors only)."""
    if not files:
        return {}
    done = subprocess.run(
        ["node", str(CHECKS / "email_support.mjs"), json.dumps(EMAIL_CLIENTS), *map(str, files)],
        capture_output=True, text=True, check=False,
    )
    if done.returncode != 0:
        return {"(doiuse-email)": {f"the scan failed: {done.stderr.strip()[-500:]}": []}}
    grouped = {}
    for file, messages in json.loads(done.stdout).items():
        features = grouped.setdefault(file, {})
        for message in messages:
            match = FEATURE.match(message)
            feature, client = (match["feature"], match["client"]) if match else (message, "")
            features.setdefault(feature, []).append(client)
    return grouped


def expected_emails(site):
    """email/<slug>/email.html for the newest published articles (EMAIL_EXPORT_RECENT, 10)."""
    recent = site.settings.get("EMAIL_EXPORT_RECENT", 10)
    newest = sorted(site.articles, key=lambda a: a["date"], reverse=True)
    return [f"email/{a['slug']}/email.html" for a in (newest if recent is None else newest[:recent])]


def check(site):
    """Every email HTML follows the rules; with email_export enabled, every post has one."""
    findings = []
    files = sorted(site.output.glob("email/*/email.html"))
    found = {p.relative_to(site.output).as_posix() for p in files}
    if site.email_enabled():
        for relpath in expected_emails(site):
            if relpath not in found:
                findings.append(Finding(CHECK, relpath, "missing: email_export is enabled in publishconf but wrote no email for this post"))
    elif not files:
        findings.append(Finding(CHECK, "publishconf.py", "no emails: email_export is not in PLUGINS yet", level="warning"))
    for path in files:
        where = path.relative_to(site.output).as_posix()
        for level, problem in email_problems(path.read_text(encoding="utf-8"), path.stat().st_size):
            findings.append(Finding(CHECK, where, problem, level=level))
    for file, features in support_scan(files).items():
        where = Path(file).relative_to(site.output).as_posix() if file.startswith("/") else file
        for feature, clients in features.items():
            if feature not in SUPPORT_ALLOWED:
                findings.append(Finding(
                    CHECK, where, f"caniemail: `{feature}` is not supported by {', '.join(clients)}"))
    return findings
