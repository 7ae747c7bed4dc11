"""Rewrites every feed and email needs: absolute URLs, and nothing a reader refuses."""

from urllib.parse import urljoin

URL_ATTRIBUTES = ("href", "src", "poster", "cite", "action", "background")
UNSAFE_ELEMENTS = ("script", "style", "iframe", "object", "embed", "form", "noscript", "template")


def absolutize(root, base_url):
    """Make every URL attribute (and each srcset candidate) absolute against base_url."""
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for name in URL_ATTRIBUTES:
            value = element.get(name)
            if value is not None:
                element.set(name, urljoin(base_url, value.strip()))
        srcset = element.get("srcset")
        if srcset:
            element.set("srcset", ", ".join(_absolute_candidate(c, base_url) for c in srcset.split(",") if c.strip()))


def _absolute_candidate(candidate, base_url):
    url, _, descriptor = candidate.strip().partition(" ")
    return " ".join(filter(None, [urljoin(base_url, url), descriptor.strip()]))


def strip_unsafe(root):
    """Remove scripts, styles, embeds and forms, and every inline event handler."""
    for element in list(root.iter(*UNSAFE_ELEMENTS)):
        element.drop_tree()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for name in [n for n in element.attrib if n.lower().startswith("on")]:
            del element.attrib[name]
        href = element.get("href", "")
        if href.strip().lower().startswith("javascript:"):
            del element.attrib["href"]
