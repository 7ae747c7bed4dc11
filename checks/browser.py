"""The browser run shared by the accessibility and layout checks.

The site is built a second time with SITEURL = http://127.0.0.1:<port>, served from 127.0.0.1
by a small threaded server that stops when the run ends, and browser.mjs visits each page in
Debian's Chromium at each width and colour scheme (one browser start for everything).
"""

import functools
import json
import subprocess
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .tools import CHECKS, CHROMIUM

WIDTHS = [320, 375, 1280]
SCHEMES = ["light", "dark"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (the stdlib's name)
        pass


class LocalServer:
    """Serves a folder on 127.0.0.1 (a free port) in a thread; use as a context manager."""

    def __init__(self, folder):
        handler = functools.partial(_QuietHandler, directory=str(folder))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *_exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def pages_to_check(site):
    """(name, site-relative URL) of home, the all-blocks article, a category, About, Subscribe."""
    pages = [("home", "")]
    fixture = [a for a in site.articles if a["slug"] == site.fixture_slug]
    if fixture:
        pages.append(("article", fixture[0]["url"]))
    per_category = {}
    for article in site.articles:
        if article["slug"] != site.fixture_slug:
            per_category[article["category"]] = per_category.get(article["category"], 0) + 1
    categories = [c for c in site.categories if c["name"] in per_category]
    if categories:
        busiest = max(categories, key=lambda c: per_category[c["name"]])
        pages.append(("category", busiest["url"]))
    for slug in ("about", "subscribe"):
        found = [p for p in site.pages if p["slug"] == slug]
        if found:
            pages.append((slug, found[0]["url"]))
    return pages


def run(site, screenshots):
    """Visit every page to check; return (pages, results) with browser.mjs's results."""
    pages = pages_to_check(site)
    config = {
        "chromium": CHROMIUM,
        "pages": [{"name": name, "url": f"{site.siteurl}/{url}"} for name, url in pages],
        "widths": WIDTHS,
        "schemes": SCHEMES,
        "axeTags": AXE_TAGS,
        "screenshots": str(screenshots),
        "allowedHost": "127.0.0.1",
    }
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(config, handle)
    try:
        done = subprocess.run(
            ["node", str(CHECKS / "browser.mjs"), handle.name],
            capture_output=True, text=True, check=False, timeout=600,
        )
    finally:
        Path(handle.name).unlink()
    if done.returncode != 0:
        raise RuntimeError(f"browser.mjs failed: {done.stderr.strip()[-1500:]}")
    return pages, json.loads(done.stdout)["results"]
