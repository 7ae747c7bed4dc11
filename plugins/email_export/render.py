"""An article as an HTML email: our templates in theme/templates/email/, then css-inline.

Mail clients (Gmail, Outlook's Word engine) ignore most of a <style> block, so
every rule is copied onto the elements it matches; only @media rules (phones,
dark mode) stay in the head for the clients that use them.
"""

import functools
import logging
import os
import re
import secrets
from dataclasses import replace

import css_inline
import jinja2
from markupsafe import Markup, escape

from blocks import state_of
from blocks.forms import email_html, post_url
from blocks.text import clean, underlined, wrap_paragraphs
from writing_checks.errors import AuthorError, display_path
from writing_checks.metadata import declared_status

__all__ = ["clean", "underlined"]  # the text part's title and greeting (export.py)

logger = logging.getLogger(__name__)

# Zero-width non-joiners and no-break spaces after the preheader keep mail clients
# from filling the inbox preview with the first words of the body.
PREHEADER_FILLER = Markup("&zwnj;&nbsp;" * 90)

# The head block marked data-css-inline="keep" (media queries) stays as it is.
_INLINER = css_inline.CSSInliner(load_remote_stylesheets=False)


def template_environment(settings):
    """Our own Jinja environment over theme/templates/email/ (HTML autoescaped, text not).

    Made once a build, so templates are loaded once and never checked for changes
    (auto_reload off: a stat() per template and include for every post otherwise)."""
    folder = os.path.join(settings["THEME"], "templates", "email")
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    environment.filters["wrap"] = wrap_paragraphs
    for block_type in state_of(settings).block_types():  # what their looks are made from
        environment.globals.update(block_type.email_template_values())
    environment.filters["compact_css"] = compact_css
    return environment


@functools.lru_cache(maxsize=16)
def compact_css(css):
    """The stylesheet without comments and blank lines: every byte counts towards 102 KB.
    The same few stylesheets in every email of a build: each is compacted once."""
    css = re.sub(r"/\*.*?\*/", "", str(css), flags=re.DOTALL)
    return Markup("\n".join(line.rstrip() for line in css.splitlines() if line.strip()))


def what_it_is(article):
    """"post", or "issue" for a newsletter issue: the footer's "Read this ... on the web"."""
    return "issue" if getattr(article, "email_kind", "post") == "newsletter" else "post"


def subject(article):
    """`Email-Subject:` (a post) or `Subject:` (a newsletter issue), else the title."""
    written = article.metadata.get("email-subject") or article.metadata.get("subject")
    return " ".join(str(written or article.title).split())


def preheader(article):
    """The `Preheader:` metadata, else the plain summary the reader made."""
    parsed = article.metadata.get("parsed")
    text = article.metadata.get("preheader") or (parsed.plain_summary if parsed else "")
    return " ".join(str(text).split())


def render_html(article, config, environment):
    """The finished, inlined email HTML for one article."""
    greeting = escape(config.greeting).replace("{name}", Markup(config.name_tag)) if config.greeting else ""
    page = environment.get_template("email.html").render(
        lang=getattr(article, "lang", None) or article.settings.get("DEFAULT_LANG", "en"),
        subject=subject(article),
        title=article.title,
        preheader=preheader(article),
        preheader_filler=PREHEADER_FILLER,
        web_url=post_url(article),
        what=what_it_is(article),
        siteurl=config.siteurl,
        sitename=config.sitename,
        greeting=greeting,
        body=Markup(email_html(article)),
        reason=config.reason,
        postal_address=config.postal_address,
        unsubscribe_url=config.unsubscribe_url,
        width=config.width,
    )
    return _INLINER.inline(page).rstrip("\n") + "\n"


# Stand-ins for the only two values that differ between the export for a newsletter
# service and the .eml sent as it is (settings.EmailConfig.for_sending_as_is): the page
# is rendered and inlined once with these, then each audience's value is put in. Random
# per process (made when this module is imported, not per build), so no post can contain them.
_TOKEN = secrets.token_hex(16)
UNSUBSCRIBE_TOKEN = f"unsubscribe-{_TOKEN}"
NAME_TOKEN = f"name-{_TOKEN}"


def _as_serialized_text(value):
    """`value` as css-inline (html5ever) writes it in text: &, <, > and no-break space escaped."""
    return value.replace("&", "&amp;").replace("\xa0", "&nbsp;").replace("<", "&lt;").replace(">", "&gt;")


def _as_serialized_attribute(value):
    """`value` as css-inline writes it in a quoted attribute: &, " and no-break space escaped."""
    return value.replace("&", "&amp;").replace("\xa0", "&nbsp;").replace('"', "&quot;")


def render_html_for(article, configs, environment):
    """The email HTML for each of `configs`, which differ only in the unsubscribe URL (an
    href) and the name tag (greeting text): one template render and one css-inline pass."""
    first = configs[0]
    if len(configs) == 1 or any(("<" in c.name_tag or "&" in c.name_tag) for c in configs):
        # One audience, or a name tag that is markup (none of ours): render each directly.
        return [render_html(article, config, environment) for config in configs]
    page = render_html(article, replace(first, unsubscribe_url=UNSUBSCRIBE_TOKEN, name_tag=NAME_TOKEN), environment)
    return [
        page.replace(UNSUBSCRIBE_TOKEN, _as_serialized_attribute(config.unsubscribe_url))
        .replace(NAME_TOKEN, _as_serialized_text(config.name_tag))
        for config in configs
    ]


def check_size(article, size, config):
    """Warn past EMAIL_SIZE_WARN_KB; stop the build past EMAIL_SIZE_LIMIT_KB (Gmail clips),
    but only warn for a `Status: draft` post (its preview must not stop the coach's preview
    of the site; a post dated in the future stops it: it will be published unattended).
    `size` is the email HTML's length in bytes (UTF-8), which it returns."""
    if size > config.size_limit and declared_status(article) == "draft":
        logger.warning(
            "%s: the email for this draft is %.1f KB, over the %g KB at which Gmail cuts messages "
            "off: publishing it will stop the build. Fix: shorten the post or split it into two",
            display_path(article.source_path), size / 1000, config.size_limit / 1000,
        )
    elif size > config.size_limit:
        raise AuthorError(
            f"the email for this post is {size / 1000:.1f} KB, over the {config.size_limit / 1000:g} KB "
            "at which Gmail cuts messages off",
            "shorten the post or split it into two, or remove long tables and code blocks; or, if it is "
            "meant for the web only, add the line 'Email: no'",
            path=article.source_path,
        )
    elif size > config.size_warn:
        logger.warning(
            "%s: the email for this post is %.1f KB, close to the %g KB at which Gmail cuts "
            "messages off. Fix: consider shortening the post",
            display_path(article.source_path), size / 1000, config.size_limit / 1000,
        )
    return size

