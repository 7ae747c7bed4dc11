"""The redirect pages: one small page at each old address a post or page names in its
`Redirect-From:` line, sending readers (and search engines) on to where it lives now.

Planned at `all_generators_finalized`, once every post and page is read: each address is
checked where it is written (its file and line), and may belong to one post only and not
be an address the build writes for something else. Written at `finalized`, when Pelican
has written the whole site, so a collision with any page or file it wrote is seen too.
A redirect page is a file beside the site's pages, never content: no list, feed, sitemap,
search or email shows it.
"""

import os

import jinja2

from blocks import state_of
from writing_checks.contents import CONTENT_LISTS
from writing_checks.errors import AuthorError, display_path, read_text_file, report

from .addresses import AddressProblem, old_address, site_folder, written_addresses

METADATA = "redirect-from"
TEMPLATE = jinja2.Environment(
    loader=jinja2.FileSystemLoader(os.path.dirname(__file__)), autoescape=True
).get_template("redirect.html")

def every_content(generators):
    """Every post, page and issue the generators read, drafts and translations too."""
    return [content for generator in generators for name in CONTENT_LISTS
            for content in getattr(generator, name, ())]


def plan_redirects(generators):
    """`all_generators_finalized`: read every `Redirect-From:` line; each mistake stops the
    build on its own line (a draft's too; a draft's page is written only once published)."""
    settings = generators[0].settings
    folder = site_folder(settings.get("SITEURL"))
    contents = every_content(generators)
    pages = {content.save_as: content for content in contents if content.save_as}
    planned, errors = {}, []
    for content in contents:
        for written in written_addresses(content.metadata.get(METADATA)):
            try:
                old = old_address(written, folder)
            except AddressProblem as problem:
                errors.append(_located(AuthorError(
                    f"Redirect-From: {problem.problem}", problem.fix, needle=written), content))
                continue
            if not content.save_as:
                continue  # a draft in `invoke publish`: its redirects come when it is published
            error = _taken(old, content, pages.get(old.file), planned.get(old.file))
            if error is not None:
                errors.append(_located(error, content))
            else:
                planned[old.file] = (old, content)
    state_of(settings).redirects = planned  # {file: (OldAddress, content)}
    if errors:
        for error in errors:
            report(error)  # one line each; the runner drops the raised one's repeat
        raise errors[0]


def _taken(old, content, page, planned):
    """The error when the old address is taken: by this page itself, another page, or
    another page's Redirect-From:; None when it is free."""
    if page is content:
        return AuthorError(f"Redirect-From: {old.shown} is this page's own address",
                           f"remove '{old.written}' from the Redirect-From: line", needle=old.written)
    if page is not None:
        return AuthorError(
            f"Redirect-From: {old.shown} is the address of {_shown(page)}, which the site still has",
            f"remove '{old.written}' from the Redirect-From: line: an address leads to one page only",
            needle=old.written)
    if planned is not None and planned[1] is not content:
        return AuthorError(
            f"Redirect-From: {old.shown} is also named by {_shown(planned[1])}: an old address can "
            "send readers to one page only",
            "keep it in the file of the post that had that address, and remove it from the other",
            needle=old.written)
    return None


def _shown(content):
    return display_path(content.source_path)


def _located(error, content):
    """The error with the file and line of `content` where its address is written."""
    try:
        text = read_text_file(content.source_path)
    except (OSError, AuthorError):
        text = None
    error.locate(content.source_path, _metadata_block(text))
    if error.line is None:
        error.key = METADATA
        error.locate(content.source_path, text)
    return error


def _metadata_block(text):
    """The metadata lines at the top of `text` (up to the first blank line)."""
    if text is None:
        return None
    lines = text.split("\n")
    end = next((number for number, line in enumerate(lines) if not line.strip()), len(lines))
    return "\n".join(lines[:end])


def write_redirects(pelican):
    """`finalized`: write each planned redirect page into the new site; an address that
    the site already answers (a page, a picture, a listing) stops the build."""
    settings = pelican.settings
    planned = getattr(state_of(settings), "redirects", {})
    output = settings["OUTPUT_PATH"]
    siteurl = str(settings.get("SITEURL") or "").rstrip("/")
    errors = []
    for file, (old, content) in sorted(planned.items()):
        target = os.path.join(output, *file.split("/"))
        taken = file if os.path.lexists(target) else _blocked(output, file)
        if taken:
            errors.append(_located(AuthorError(
                f"Redirect-From: {old.shown} is an address the site already has (the build writes "
                f"{taken} there)",
                f"remove '{old.written}' from the Redirect-From: line (that address still answers)",
                needle=old.written), content))
            continue
        os.makedirs(os.path.dirname(target), exist_ok=True)
        url = f"{siteurl}/{content.url}"
        page = TEMPLATE.render(url=url, title=content.title, lang=getattr(content, "lang", None)
                               or settings.get("DEFAULT_LANG", "en"), sitename=settings.get("SITENAME", ""))
        with open(target, "w", encoding="utf-8") as handle:
            handle.write(page)
    if errors:
        for error in errors:
            report(error)
        raise errors[0]


def _blocked(output, file):
    """The file of the site on the way to `file` (images/chart.png for
    images/chart.png/old/index.html), or None."""
    parts = file.split("/")[:-1]
    for end in range(1, len(parts) + 1):
        path = os.path.join(output, *parts[:end])
        if os.path.lexists(path) and not os.path.isdir(path):
            return "/".join(parts[:end])
    return None
