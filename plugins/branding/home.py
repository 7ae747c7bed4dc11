"""The home page's introduction and sign-up box.

The introduction is a page the coach edits like any other (HOME_PAGE, content/pages/home.md):
its title heads the home page and its text follows, beside the coach's photo. It is read and
checked as a page (links, pictures, callouts), but gets no page of its own and no place in
the menu. The sign-up box is the web form of a call-to-action (HOME_CTA), made by the same
block type as the one at the end of each post (by default that very one, CTA_DEFAULT), unless
the introduction already shows it.
"""

import os
import xml.etree.ElementTree as etree

from markupsafe import Markup

from blocks import Document, state_of
from blocks.registry import new_block
from blocks.render import render, serialize
from blocks.sanitize import sanitize
from build.settings import setting
from writing_checks.errors import AuthorError

DEFAULT = "default"  # HOME_CTA's value for "the CTA that ends every post" (CTA_DEFAULT)


def take_home_page(generator):
    """`page_generator_finalized`: the introduction page leaves the menu and the site's files
    (it is still checked with the hidden pages) and goes to the home page's template."""
    wanted = os.path.normpath(os.path.join(generator.settings["PATH"], setting(generator.settings, "HOME_PAGE") or ""))
    generator.context["home_page"] = None
    for name in ("pages", "hidden_pages"):
        pages = getattr(generator, name)
        for page in list(pages):
            if os.path.normpath(page.source_path) == wanted:
                pages.remove(page)
                page.override_save_as = ""  # not written: the home page shows it
                page.override_url = ""  # a {filename} link to it goes to the home page
                generator.hidden_pages.append(page)
                generator.context["home_page"] = page


def home_signup(settings, context):
    """The sign-up box's HTML for the home page ("" for none)."""
    name = setting(settings, "HOME_CTA")
    cta_type = state_of(settings).types.get("cta")
    if not name or cta_type is None or cta_type.catalog is None:
        return ""
    if name == DEFAULT:
        name = cta_type.catalog.default  # CTA_DEFAULT, when its file is there
        if name is None:
            return ""
    try:
        cta = cta_type.catalog.get(str(name), written_as='HOME_CTA = "{}"')
    except AuthorError as error:
        error.path = "pelicanconf.py"
        raise
    home_page = context.get("home_page")
    parsed = home_page.metadata.get("parsed") if home_page is not None else None
    if parsed is not None and cta.path in parsed.files:
        return ""  # the introduction places it itself ([[cta:NAME]])
    root = etree.Element("div")
    new_block(root, "cta", name=cta.name, placement="home")
    document = Document("home", os.path.join(settings["PATH"], "index"))
    html = serialize(render(state_of(settings), root, "web", document))
    # Its {static} and {filename} links are worked out as a page's (they start from content/).
    base = home_page or next(iter(context.get("articles") or context.get("pages") or ()), None)
    if base is not None:
        html = base._update_content(html, settings["SITEURL"])
    return Markup(sanitize(html, "web", settings.get("SITEURL", "")))
