"""Links: every internal href, src, srcset and #anchor in the built site resolves.

Our own pass over the built files (no network): a URL is internal when it is relative,
root-relative or starts with SITEURL; it must name a file in the output (a folder means its
index.html) and, with a #fragment, an element with that id in the target page. External
links are not fetched. Pages, feeds (links and the HTML inside entries), the sitemap and
emails are read.
"""

from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree, html

from .email_rules import MERGE_TAG
from .report import Finding

CHECK = "links"
URL_ATTRIBUTES = ("href", "src", "poster", "action", "background", "data")
# <meta> whose content is a URL readers' tools follow (Open Graph, Twitter cards).
URL_META = ("og:image", "og:url", "twitter:image", "og:image:secure_url")
SKIP_SCHEMES = ("mailto:", "tel:", "data:", "javascript:")
ATOM = "{http://www.w3.org/2005/Atom}"


def srcset_urls(value):
    """The URLs in a srcset value ("a.png 1x, b.png 2x")."""
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def html_urls(root):
    """(url, line) for every URL an HTML tree links to."""
    for element in root.iter(etree.Element):
        for name in URL_ATTRIBUTES:
            value = element.get(name)
            if value is not None and not (name == "data" and element.tag != "object"):
                yield value.strip(), element.sourceline
        for name in ("srcset", "imagesrcset"):
            if element.get(name):
                for url in srcset_urls(element.get(name)):
                    yield url, element.sourceline
        if element.tag == "meta" and (element.get("property") or element.get("name")) in URL_META:
            yield (element.get("content") or "").strip(), element.sourceline


def feed_urls(tree):
    """(url, line) for the links of a feed (or sitemap) and the URLs inside each entry's HTML."""
    for element in tree.iter(etree.Element):
        tag = etree.QName(element).localname
        if tag == "link" and element.get("href"):
            yield element.get("href"), element.sourceline
        elif tag in ("link", "guid", "url", "icon", "logo", "loc") and element.text:
            text = element.text.strip()
            if tag in ("link", "url", "icon", "logo", "loc") or (
                tag == "guid" and element.get("isPermaLink", "true") == "true"
            ):
                yield text, element.sourceline
        elif tag in ("encoded", "content", "summary", "description") and element.text:
            if "<" in element.text:
                fragment = html.fragment_fromstring(element.text, create_parent="div")
                for url, _ in html_urls(fragment):
                    yield url, element.sourceline
    for instruction in tree.xpath("//processing-instruction('xml-stylesheet')"):
        href = instruction.get("href")
        if href:
            yield href, instruction.sourceline


class SiteFiles:
    """Maps internal URLs of one built site to files and their ids."""

    def __init__(self, output, siteurl):
        self.output = Path(output)
        self.siteurl = siteurl.rstrip("/")
        self._ids = lru_cache(maxsize=None)(self._read_ids)

    def internal_path(self, url, base_url):
        """The site path an internal URL points to, or None for an external one."""
        if not url or url.startswith(SKIP_SCHEMES) or MERGE_TAG.match(url):
            return None  # not a page of ours (a newsletter service's merge tag is filled in later)
        absolute = urljoin(base_url, url)
        if not (absolute == self.siteurl or absolute.startswith(self.siteurl + "/")):
            return None
        return absolute[len(self.siteurl):] or "/"

    def file_for(self, site_path):
        path = self.output / unquote(site_path.lstrip("/"))
        if path.is_dir():
            path = path / "index.html"
        return path if path.is_file() else None

    def _read_ids(self, path):
        root = html.parse(str(path)).getroot()
        if root is None:
            return frozenset()
        ids = {e.get("id") for e in root.iter(etree.Element) if e.get("id")}
        ids |= {e.get("name") for e in root.iter("a") if e.get("name")}
        return frozenset(ids)

    def problem(self, url, base_url):
        """What is wrong with `url` (seen in a page at `base_url`), or None."""
        site_path = self.internal_path(url, base_url)
        if site_path is None:
            return None
        parts = urlsplit(site_path)
        target = self.file_for(parts.path)
        if target is None:
            return f"link to {url} finds no file ({parts.path} is not in the built site)"
        fragment = unquote(parts.fragment)
        if fragment and target.suffix == ".html" and fragment not in self._ids(target):
            return f"link to {url}: no element with id=\"{fragment}\" in {target.relative_to(self.output)}"
        return None


def _page_url(site, path):
    relative = path.relative_to(site.output).as_posix()
    if relative.endswith("index.html"):
        relative = relative[: -len("index.html")]
    return f"{site.siteurl}/{relative}"


def check(site):
    """Every internal URL in every page, feed and email of `site` resolves; return Findings."""
    files = SiteFiles(site.output, site.siteurl)
    findings = []
    for path in sorted(site.output.rglob("*")):
        if path.suffix == ".html":
            root = html.parse(str(path)).getroot()
            if root is None:
                continue
            base = root.find(".//base")
            base_url = urljoin(_page_url(site, path), base.get("href")) if base is not None and base.get("href") else _page_url(site, path)
            urls = html_urls(root)
        elif path.suffix == ".xml":
            try:
                tree = etree.parse(str(path))
            except etree.XMLSyntaxError as error:
                findings.append(Finding(CHECK, str(path.relative_to(site.output)), f"not XML: {error}"))
                continue
            base_url, urls = _page_url(site, path), feed_urls(tree)
        else:
            continue
        where = path.relative_to(site.output).as_posix()
        for url, line in urls:
            problem = files.problem(url, base_url)
            if problem:
                findings.append(Finding(CHECK, f"{where}:{line}" if line else where, problem))
    return list(dict.fromkeys(findings))
