"""The sign-up box of a category's pages: the default CTA's web form, with the category's
newsletter topic (NEWSLETTER_TOPICS, email_export.topics) as a hidden field.

theme/templates/category.html shows `category_signup(category)`: the default CTA rendered
as a post shows it (blocks.render, the web allowlist, Pelican's link resolution of the
category's newest post, so its `{static}` and `{filename}` links work), with a `topic`.
Nothing when the default CTA is not a sign-up form (or there is none).

Made at `all_generators_finalized`, once every post is read (and Pelican's content cache,
which pickles the context with the posts, is written): the NEWSLETTER_TOPICS categories are
checked against the posts' then, too.
"""

import xml.etree.ElementTree as etree

from markupsafe import Markup

from blocks import state_of
from blocks.capture import Document
from blocks.registry import new_block
from blocks.render import render, serialize
from blocks.sanitize import sanitize
from email_export import topics as newsletter_topics
from writing_checks.contents import every_article


def prepare(generators):
    """`all_generators_finalized`: check NEWSLETTER_TOPICS's categories, and give the
    category template its sign-up box."""
    for generator in generators:
        if hasattr(generator, "drafts"):  # the article generator
            categories = {article.category for article in every_article(generator)
                          if getattr(article, "category", None) is not None}
            newsletter_topics.check_categories(generator.settings, [category.name for category in categories])
            generator.context["category_signup"] = CategorySignup(generator)


class CategorySignup:
    """category -> the HTML of its sign-up box (Markup), or "" (made once per category: a
    category has a page per DEFAULT_PAGINATION posts)."""

    def __init__(self, generator):
        self.settings = generator.settings
        self.posts = {category.name: posts for category, posts in getattr(generator, "categories", [])}
        self.made = {}

    def __call__(self, category):
        name = getattr(category, "name", str(category))
        if name not in self.made:
            self.made[name] = self.box(category)
        return self.made[name]

    def box(self, category):
        build = state_of(self.settings)
        cta_type = build.types["cta"]
        catalog = cta_type.catalog
        cta = catalog.ctas.get(catalog.default) if catalog is not None and catalog.default else None
        if cta is None or cta.kind != "signup":
            return ""
        root = etree.Element("div")
        new_block(root, "cta", name=cta.name, placement="category",
                  topic=catalog.topics.of_category(category.name) or "")
        slug = getattr(category, "slug", category.name)
        html = serialize(render(build, root, "web", document=Document("category", f"category/{slug}")))
        html = sanitize(html, "web", self.settings.get("SITEURL", ""))
        posts = self.posts.get(category.name)
        if posts:  # the CTA's {static} and {filename} links, worked out as in a post
            html = posts[0]._update_content(html, posts[0].get_siteurl())
        return Markup(html)
