"""The site the checks look at: the sample content, built with publish settings into a temp folder.

The content is COPIED into the temporary folder and a check-only fixture post (every callout
type, a CTA, a disclaimer, a table, code) is added to the copy, so every block has a page to
be checked on; nothing in content/ is written. While Pelican runs, a signal receiver notes what
was published (articles, categories, pages) so the checks know which outputs must exist.
"""

import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from pelican import signals

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "plugins") not in sys.path:
    sys.path.insert(0, str(ROOT / "plugins"))

from build.runner import BuildFailed, build, load_settings  # noqa: E402

from . import fixture_post  # noqa: E402

PUBLISH_SETTINGS = ROOT / "publishconf.py"
CONTENT = ROOT / "content"

# What the last build published, filled by the receivers below (module-level: Pelican's
# signals keep weak references).
_seen = {}


def _note_articles(generator):
    _seen["articles"] = [
        {"slug": a.slug, "url": a.url, "save_as": a.save_as, "source": a.source_path, "date": a.date,
         "title": a.title, "category": str(a.category)}
        for a in generator.articles
    ]
    _seen["categories"] = [
        {"name": str(c), "slug": c.slug, "url": c.url, "save_as": c.save_as} for c, _ in generator.categories
    ]


def _note_pages(generator):
    _seen["pages"] = [
        {"slug": p.slug, "url": p.url, "save_as": p.save_as, "title": p.title}
        for p in generator.pages
    ]


signals.article_generator_finalized.connect(_note_articles)
signals.page_generator_finalized.connect(_note_pages)


@dataclass
class BuiltSite:
    """One finished check build and what it holds."""

    output: Path
    siteurl: str
    settings: dict
    articles: list = field(default_factory=list)
    categories: list = field(default_factory=list)
    pages: list = field(default_factory=list)
    fixture_slug: str = ""
    warnings: list = field(default_factory=list)

    @property
    def plugins(self):
        return [str(name) for name in self.settings.get("PLUGINS", [])]

    def feeds_enabled(self):
        return "site_feeds" in self.plugins

    def email_enabled(self):
        return "email_export" in self.plugins


def publish_settings(overrides=None):
    """The publish settings as the build will see them (plugins, SITEURL, ...)."""
    return load_settings(str(PUBLISH_SETTINGS), overrides)


def prepare_content(workdir):
    """Copy content/ into `workdir`/content and add the fixture post; return (path, slug)."""
    content = Path(workdir) / "content"
    if content.exists():
        shutil.rmtree(content)
    shutil.copytree(CONTENT, content)
    slug = fixture_post.write(content, publish_settings())
    return content, slug


def build_site(workdir, content, name, fixture_slug, siteurl=None):
    """Build `content` with publish settings into `workdir`/`name`; raise BuildFailed on failure."""
    workdir = Path(workdir)
    overrides = {
        "PATH": str(content),
        "OUTPUT_PATH": str(workdir / name),
        "CACHE_PATH": str(workdir / f"cache-{name}"),
    }
    if siteurl:
        overrides["SITEURL"] = siteurl
    settings = publish_settings(overrides)
    _seen.clear()
    result = build(str(PUBLISH_SETTINGS), overrides)
    return BuiltSite(
        output=Path(result.output_path),
        siteurl=settings["SITEURL"].rstrip("/"),
        settings=settings,
        articles=_seen.get("articles", []),
        categories=_seen.get("categories", []),
        pages=_seen.get("pages", []),
        fixture_slug=fixture_slug,
        warnings=result.warnings,
    )


__all__ = ["BuildFailed", "BuiltSite", "build_site", "prepare_content", "publish_settings"]
