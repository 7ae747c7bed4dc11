"""The Pelican generator that writes the feeds, once the pages are written."""

import os
from importlib import resources

from .entries import entry_for, feed_posts
from .json_feed import render_json
from .links import JSON, absolute, category_feeds, site_feeds, site_url
from .settings import setting
from .writer import Channel, render

STYLESHEET = "feed.css"


class SiteFeedsGenerator:
    """Registered through `get_generators`; Pelican calls it like its own generators."""

    def __init__(self, context, settings, path, output_path, **kwargs):  # Pelican passes keywords
        self.context = context
        self.settings = settings
        self.output_path = output_path
        self._entries = {}

    def posts(self):
        return feed_posts(self.context.get("articles", []))

    def posts_by_category(self):
        by_slug = {}
        for post in self.posts():
            if post.category:
                by_slug.setdefault(post.category.slug, (post.category, []))[1].append(post)
        return dict(sorted(by_slug.items()))

    def generate_context(self):
        """Before any page is written: tell templates about each category's feeds."""
        self.context["CATEGORY_FEEDS"] = {
            slug: category_feeds(self.settings, category)
            for slug, (category, _) in self.posts_by_category().items()
        }

    def generate_output(self, writer):
        settings = self.settings
        limit = setting(settings, "FEED_MAX_ITEMS")
        stylesheet = setting(settings, "FEED_STYLESHEET_SAVE_AS")
        if stylesheet:
            self._write(stylesheet, resources.files(__package__).joinpath(STYLESHEET).read_bytes())
        posts = self.posts()
        home = f"{site_url(settings)}/"
        for link in site_feeds(settings):
            self._write_feed(link, settings["SITENAME"], settings.get("SITESUBTITLE"), home, posts[:limit])
        for category, category_posts in self.posts_by_category().values():
            title = f"{settings['SITENAME']}: {category.name}"
            subtitle = f"Stories about {category.name} from {settings['SITENAME']}"
            page = absolute(settings, category.url) if category.url else home
            for link in category_feeds(settings, category):
                self._write_feed(link, title, subtitle, page, category_posts[:limit])

    def _entry(self, article):
        """Each post becomes an entry once, however many feeds carry it."""
        if article.source_path not in self._entries:
            self._entries[article.source_path] = entry_for(article)
        return self._entries[article.source_path]

    def _write_feed(self, link, title, subtitle, home_url, posts):
        settings = self.settings
        stylesheet = setting(settings, "FEED_STYLESHEET_SAVE_AS")
        channel = Channel(
            title=title,
            subtitle=subtitle or settings.get("SITE_DESCRIPTION") or title,
            home_url=home_url,
            self_url=link.url,
            media_type=link.media_type,
            language=settings.get("DEFAULT_LANG") or "en",
            author=settings.get("AUTHOR") or settings["SITENAME"],
            logo_url=absolute(settings, setting(settings, "FEED_LOGO")) if setting(settings, "FEED_LOGO") else "",
            icon_url=absolute(settings, setting(settings, "FEED_ICON")) if setting(settings, "FEED_ICON") else "",
            stylesheet_url=absolute(settings, stylesheet) if stylesheet else "",
            hub_url=setting(settings, "FEED_WEBSUB_HUB") or "",
        )
        entries = [self._entry(p) for p in posts]
        self._write(link.save_as, render_json(channel, entries) if link.media_type == JSON else render(channel, entries))

    def _write(self, save_as, data):
        target = os.path.join(self.output_path, save_as)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(data)
