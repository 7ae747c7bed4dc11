"""Stop the build on a link in a post or page to something the site does not have.

- `{filename}` / `{static}` links to a file that does not exist: Pelican only logs
  "Unable to find ..." without naming the post; checked once every generator has read
  its content, using Pelican's own link pattern.
- Links written as an address on this site (`/2026/my-story/`, `/images/chart.png`, or
  the full address starting with SITEURL) in published posts and pages, their summaries
  and the CTA and disclaimer blocks on their pages: noted when the content is read, checked
  against the files the build wrote once it has written them all (the runner calls
  `check_written_links` before the new site replaces the old one), so a mistyped address
  or a post renamed or still a draft stops the build instead of publishing a dead link.
- Relative links (`images/chart.jpg`, `my-story.md`, `www.calendly.com/maya`,
  `maya@example.com`, `C:\\Users\\...`) in any post or page, draft or not, its summary and
  the CTA and disclaimer blocks it shows, and in the SOCIAL setting: a page lives at
  /<year>/<slug>/, so the browser looks for them under the post's own folder (and an email
  under the post's full address), which is practically never what the coach meant. Checked
  with `check_links`, with a fix that fits what the link looks like.
- Links to the coach's own computer, copied from the preview (`http://127.0.0.1:8000/...`,
  `http://localhost:8000/...`), in the same places: the fix is the address from the site's
  root, or `{filename}`/`{static}` with the file behind it (`loopback_links`, `SitePaths`).
"""

import html
import os
import posixpath
import re
from html.parser import HTMLParser
from urllib.parse import unquote, urlparse

from pelican.contents import Content
from pelican.urlwrappers import Category, Tag

from build.content_cache import input_files
from blocks import state_of
from blocks.state import STATE_KEY

from .contents import CONTENT_LISTS
from .errors import AuthorError, closest, display_path, either, line_of, report

TARGET_KEYS = {"filename": "generated_content", "static": "static_content", "attach": "static_content"}


def missing_links(content, context, text=None):
    """Yield (link as written, resolved path) for each intrasite link in `text` (the content's
    HTML by default) with no target: none of the paths Pelican tries for it (as written,
    unquoted, HTML-unescaped) is a file that exists (Pelican makes a static file of every
    {static} link's path, there or not)."""
    folder = _Folder(content)
    pattern = content._get_intrasite_link_regex()
    for match in pattern.finditer(content._content if text is None else text or ""):
        what = match.group("what")
        if what not in TARGET_KEYS:
            continue
        paths = _tried_paths(match.group("value"))
        if not paths or any(_target_exists(folder, what, path, context) for path in paths):
            continue
        yield _as_written(match), folder.content_path(unquote(paths[-1]))


def unpublished_links(content, context, unwritten, text=None):
    """Yield (link as written, target) for each `{filename}` link in `text` (the content's HTML by
    default) to a post or page this build does not write (`unwritten`, see unwritten_contents):
    Pelican silently links those to the home page."""
    if not unwritten:
        return
    folder = _Folder(content)
    pattern = content._get_intrasite_link_regex()
    for match in pattern.finditer(content._content if text is None else text or ""):
        if match.group("what") != "filename":
            continue
        for path in _tried_paths(match.group("value")):
            target = context["generated_content"].get(folder.content_path(path))
            if target is not None:
                if id(target) in unwritten:
                    yield _as_written(match), target
                break


def _as_written(match):
    """A link as the coach typed it: the HTML holds `Q&amp;A.md` for `Q&A.md`."""
    return html.unescape(match.group("path"))


def unwritten_contents(context):
    """ids of the posts and pages the build reads but does not write: drafts (and posts
    dated in the future) in `invoke publish`, whose DRAFT_SAVE_AS is blank."""
    return {
        id(content) for content in context["generated_content"].values()
        if getattr(content, "status", None) == "draft" and not content.save_as
    }


UNPUBLISHED = "which this build does not publish (a draft, or dated in the future)"
UNPUBLISHED_FIX = ("publish that post first (remove its 'Status: draft' line, or wait for its date), "
                   "or remove the link")


def _tried_paths(value):
    """The paths Pelican tries for a link's value, in its order: as written, unquoted, and
    from the HTML-unescaped value (`Q&amp;A.png`); the empty ones left out."""
    path = urlparse(value).path
    paths = [path, unquote(path)]
    if "&" in value:
        paths.append(urlparse(html.unescape(value)).path)
    return [p for p in dict.fromkeys(paths) if p]


class _Folder:
    """Paths under content/ for the links of one post or page (its folder worked out once:
    Pelican's `relative_dir` is a path computation on every read)."""

    def __init__(self, content):
        self.content = content
        self._relative_dir = None

    def content_path(self, path):
        """A link's path as a path under content/: from there if it starts with "/", else
        from the linking file's folder."""
        if path.startswith("/"):
            return path[1:]
        if self._relative_dir is None:
            self._relative_dir = self.content.relative_dir
        return os.path.normpath(os.path.join(self._relative_dir, path)).replace(os.sep, "/")


def _target_exists(folder, what, path, context):
    resolved = folder.content_path(path)
    if what == "filename" and resolved in context["generated_content"]:
        return True  # a post or page, read from its file; or that failed to read (None): its own error says why
    target = context[TARGET_KEYS[what]].get(resolved)
    if target is None and what == "filename":
        target = context["static_content"].get(resolved)
    if target is None:
        return False
    return os.path.exists(target.source_path)  # Pelican makes up a static file for a {static} link to nothing


class Taxonomy:
    """The build's categories and tags, for the `{category}NAME` and `{tag}NAME` links of a
    post (Pelican makes an address from any name, there or not, and cuts a name with & # ; ?
    at that character: `{category}Salary & Money` went to /category/salary/; Money)."""

    KINDS = {"category": ("categories", "category", "Category"), "tag": ("tags", "tag", "Tag")}
    CUT = re.compile(r"[&#;?]")

    def __init__(self, generators):
        self.names = {"category": {}, "tag": {}}  # slug -> name, for each kind
        self.settings = generators[0].settings
        for generator in generators:
            for category, _ in getattr(generator, "categories", ()) or ():
                self.names["category"][category.slug] = category.name
            for tag in getattr(generator, "tags", {}) or {}:
                self.names["tag"][tag.slug] = tag.name

    def broken_links(self, content, text):
        """Yield (link as written, problem, fix) for each such link with no page."""
        if not text or ("{category}" not in text and "{tag}" not in text):
            return
        for match in content._get_intrasite_link_regex().finditer(text):
            what = match.group("what")
            if what not in self.KINDS:
                continue
            name = unquote(html.unescape(match.group("value")))
            wrapper = (Category if what == "category" else Tag)(name, self.settings)
            address = "/" + wrapper.url
            if self.CUT.search(name):
                yield (_as_written(match), f"cannot be made into an address: the {what}'s name has "
                       f"'{self.CUT.search(name).group(0)}' in it",
                       f"link the {what}'s page by its address, '{address}'")
            elif wrapper.slug not in self.names[what]:
                known = ", ".join(sorted(self.names[what].values(), key=str.lower)) or "none yet"
                yield (_as_written(match), f"goes to no {what}: no post has the {what} '{name}' "
                       f"({self.KINDS[what][0]}: {known})",
                       f"write the {what} as a post's '{self.KINDS[what][2]}:' line has it, or remove the link")


def fix_for_missing(link, context=None, resolved=None):
    """What to do about a `{filename}` or `{static}` link to nothing: the file's new place when
    a file of that name is elsewhere under content/ (a post moved into a folder), else the
    nearest file's name."""
    static = link.startswith(("{static}", "|static|"))
    prefix = "{static}" if static else "{filename}"
    if context is not None and resolved:
        name = posixpath.basename(resolved)
        found = sorted(path for path in _content_files(context)
                       if posixpath.basename(path) == name and path != resolved)
        if len(found) == 1:
            return f"the file is now {found[0]}: write '{prefix}/{found[0]}'"
        near = nearest_files(resolved, context)
        if near:
            return f"write '{prefix}/{near[0]}'"
    if is_picture(resolved or link):
        return f"save the picture as content/{resolved}, or correct the name"
    example = "'{static}/images/picture.png'" if static else "'{filename}/posts/my-post.md'"
    return f"check the file name under content/ (for example {example}), or remove the link"


def missing_problem(resolved, context):
    """What is wrong with a `{filename}` or `{static}` link to `resolved`, a file not there
    (after "the link '...'", or "the picture '...'" for a picture: see `subject`)."""
    near = nearest_files(resolved, context)
    folder = posixpath.dirname(resolved)
    shown = [path[len(folder) + 1:] if folder and path.startswith(folder + "/") else path for path in near]
    guess = f" (did you mean {either(shown)}?)" if near else ""
    if is_picture(resolved):
        return f"is not in content/{folder + '/' if folder else ''}{guess}"
    return f"points to '{resolved}', which does not exist{guess}"


def subject(link, problem):
    """How a message names a link: a picture not there as "the picture", as a reader sees it."""
    return "the picture" if problem.startswith("is not in content/") else "the link"


def is_picture(path):
    return str(path).lower().endswith((*PICTURE_SUFFIXES, ".svg"))


def nearest_files(resolved, context):
    """The files under content/ whose names are nearest to `resolved`'s (a typo, other
    capitals), pictures for a picture; none when a file of that very name is elsewhere (moved:
    `fix_for_missing` says where)."""
    name = posixpath.basename(resolved)
    files = [path for path in _content_files(context) if path != resolved and is_picture(path) == is_picture(resolved)]
    if sum(posixpath.basename(path) == name for path in files) == 1:
        return []
    by_name = {}  # the same name in the link's folder first
    for path in sorted(files, key=lambda path: (posixpath.dirname(path) != posixpath.dirname(resolved), path)):
        by_name.setdefault(posixpath.basename(path), path)
    return [by_name[found] for found in closest(name, by_name, cutoff=0.75)]


def _content_files(context):
    return [path for key in ("generated_content", "static_content") for path in context.get(key, {})]


# What Pillow opens and browsers show (SVG, text, is a picture too, but not opened by the checks).
PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")
# The value of an href or src attribute, in the HTML a post's Markdown became.
LINK_ATTRIBUTE = re.compile(r"""<[^>]+?\s(?:href|src)\s*=\s*(?P<quote>["'])(?P<value>.*?)(?P=quote)""")
HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
# What a published post or page shows at its own address; drafts (and posts dated in the
# future) are work in progress, whose links are checked once they are published.
PUBLISHED_LISTS = ("articles", "hidden_articles", "translations", "hidden_translations", "pages", "hidden_pages",
                   "newsletters")


# An href or src attribute whose value may be relative: it does not start with "/", "#",
# "?", Pelican's `{filename}`/`|filename|` or a scheme of two letters or more (one letter is
# a Windows drive, C:\...) other than file:. Entities (Markdown writes `mailto:` of an
# <address@example.com> as `&#109;...`) are unescaped and looked at again by `relative`.
RELATIVE_ATTRIBUTE = re.compile(
    r"""<[^>]+?\s(?:href|src)\s*=\s*(?P<quote>["'])"""
    r"""(?P<value>(?!(?P=quote)|[/#?{|]|(?!file:)[a-z][a-z0-9+\-]+:).*?)(?P=quote)""",
    re.IGNORECASE,
)
SCHEME = re.compile(r"[a-z][a-z0-9+\-]+:", re.IGNORECASE)
WINDOWS_OR_LOCAL = re.compile(r"[a-z]:[\\/]|file:|.*\\", re.IGNORECASE)  # C:\..., file:, a backslash
EMAIL_ADDRESS = re.compile(r"[^@\s/:]+@[^@\s/]+\.[a-z]{2,}", re.IGNORECASE)
DOMAIN = re.compile(r"(?:[a-z0-9-]+\.)+(?P<top>[a-z]{2,})(?::\d+)?", re.IGNORECASE)
POST_FILE = (".md", ".markdown")
LEADING_DOTS = re.compile(r"^(?:\.\.?/)+")  # ./ and ../ before a path
FROM_CONTENT = re.compile(r"^(?P<what>[{|](?:static|filename)[}|])/(?P<path>.+)$")  # {static}/images/x.png
# What is a file to put in content/images/ (and no top-level domain); .html/.php are pages.
FILE_TYPES = {
    "jpg", "jpeg", "png", "gif", "webp", "svg", "avif", "bmp", "ico", "tif", "tiff", "heic",
    "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "csv", "txt", "zip", "epub",
    "mp3", "mp4", "m4a", "wav", "ogg", "mov", "webm",
}
NOT_DOMAINS = FILE_TYPES | {"md", "markdown", "html", "htm", "php"}
# A post's page lives at /<year>/<slug>/: a relative link points inside that folder.
RELATIVE_PROBLEM = "is not a complete address, so it is broken on the web page, in feeds and in emails"


def relative(link):
    """Whether `link` (an href or src as the coach wrote it) is relative: not "/...", "#...",
    "?...", `{filename}...`, nor with a scheme (https:, mailto:, tel:, data:...) other
    than file: or a drive letter."""
    if not link or link.startswith(("/", "#", "?", "{", "|")):
        return False
    scheme = SCHEME.match(link)
    return scheme is None or scheme.group(0).lower() == "file:"


def relative_links(html_text):
    """Yield each relative href or src in `html_text` as written, outside HTML comments (text
    in code blocks is escaped: not an attribute)."""
    if not html_text:
        return
    if RELATIVE_ATTRIBUTE.search(html_text) is None:
        return  # nearly every post: one scan
    for match in RELATIVE_ATTRIBUTE.finditer(HTML_COMMENT.sub("", html_text)):
        # The pattern may also match `src='x'` written inside another attribute's text (a
        # picture's description): the tag is read by an HTML parser to be sure.
        for link in _tag_links(match.group(0)):
            if relative(link):
                yield link


class _TagAttributes(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []

    def handle_starttag(self, tag, attrs):
        self.links.extend(value for name, value in attrs if name in ("href", "src") and value is not None)


def _tag_links(tag_start):
    """The href and src values of the tag that `tag_start` ("<a href=...") begins, unescaped."""
    parser = _TagAttributes()
    parser.feed(tag_start + ">")
    parser.close()
    return parser.links


def fix_for_relative(link):
    """What to write instead of the relative `link`, by what it looks like."""
    path = re.split(r"[?#]", link, maxsplit=1)[0]
    name = re.split(r"[\\/]", unquote(path))[-1]
    if WINDOWS_OR_LOCAL.match(link) and path.lower().endswith(POST_FILE):
        return (f"move the post into content/posts/ and link it with its file name, as "
                f"'[text]({{filename}}/posts/{name})'")
    if WINDOWS_OR_LOCAL.match(link):
        return (f"copy the file from your computer into content/images/ and write '{{static}}/images/{name}' "
                "(readers cannot open a file on your computer)")
    if EMAIL_ADDRESS.fullmatch(link):
        return f"write 'mailto:{link}'"
    if path.lower().endswith(POST_FILE):
        return f"link the post with its file name, as '[text]({{filename}}{link})'"
    first = path.split("/", 1)[0]
    domain = DOMAIN.fullmatch(first)
    if first.lower().startswith("www.") or (domain and domain.group("top").lower() not in NOT_DOMAINS):
        return f"write the full address, 'https://{link}'"
    if name and "." in name and name.rpartition(".")[2].lower() in FILE_TYPES:
        return f"put the file in content/images/ (if it is not there yet) and write '{{static}}/images/{name}'"
    if path.endswith("/"):  # a page of this site, written without its first "/"
        return f"write the address from the site's root: '/{LEADING_DOTS.sub('', path)}'"
    return ("write an address starting with / (a page of this site, e.g. /about/) or https:// (another "
            "site), or link a post with its file name, as '{filename}its-file.md'")


# A link to the coach's own computer, copied from the preview's address bar: 127.0.0.1,
# localhost, 0.0.0.0 or [::1], any port. (file:/// is a relative link, above.)
LOOPBACK = re.compile(r"(?:https?:)?//(?:127(?:\.\d{1,3}){3}|localhost|0\.0\.0\.0|\[::1\])(?::\d*)?(?=[/?#]|$)",
                      re.IGNORECASE)
LOOPBACK_HINT = re.compile(r"//(?:127\.|localhost|0\.0\.0\.0|\[::1\])", re.IGNORECASE)
LOOPBACK_PROBLEM = ("is an address on your own computer (the preview), so it is broken on the web page, in "
                    "feeds and in emails")


def loopback_links(html_text, resolved=()):
    """Yield each href or src in `html_text` that goes to this computer, as written, outside
    HTML comments; `resolved` holds addresses the build made itself (a block's {filename}
    links, worked out with the preview's SITEURL), which are not the coach's."""
    if not html_text or LOOPBACK_HINT.search(html_text) is None:
        return  # nearly every post: one scan
    found = []
    for match in LINK_ATTRIBUTE.finditer(HTML_COMMENT.sub("", html_text)):
        found.extend(link for link in _tag_links(match.group(0)) if LOOPBACK.match(link) and link not in resolved)
    yield from dict.fromkeys(found)


# A picture fetched over plain http from another site: browsers block it on an https page,
# and feeds and emails leave it out (blocks.sanitize takes pictures from https only).
INSECURE_PICTURE = re.compile(r"""<img\b[^>]*?\ssrc=(["'])(?P<value>http://.*?)\1""", re.IGNORECASE)
INSECURE_PROBLEM = ("is a picture loaded over http://, which browsers block on your https site and which "
                    "feeds and emails leave out")


def insecure_pictures(html_text):
    """Yield each picture address in `html_text` that starts with http:// (not this computer's)."""
    if not html_text or "http://" not in html_text:
        return
    for match in INSECURE_PICTURE.finditer(HTML_COMMENT.sub("", html_text)):
        link = html.unescape(match.group("value"))
        if not LOOPBACK.match(link):
            yield link


def fix_for_insecure(link):
    name = unquote(urlparse(link).path.rsplit("/", 1)[-1]) or "picture.png"
    return (f"write 'https://{link[len('http://'):]}' if that site offers it, or save the picture in "
            f"content/images/ and write '{{static}}/images/{name}'")


def static_address(static):
    """A static file's address, without reading its `url` (which marks it as linked: an
    {attach} link could then no longer move it next to its post)."""
    if static is None:
        return ""
    return Content.url.fget(static) or ""


class SitePaths:
    """The source file of each address the build writes, for the fix of a preview link:
    `{filename}` for a post or page, `{static}` for a picture."""

    def __init__(self, generators):
        self.files = {}
        context = generators[0].context
        for generator in generators:
            for name in CONTENT_LISTS:
                for content in getattr(generator, name, []):
                    if getattr(content, "url", ""):
                        self.files.setdefault(content.url.strip("/"), ("filename", content.relative_source_path))
        for relpath, static in context.get("static_content", {}).items():
            address = static_address(static)
            if address:
                self.files.setdefault(address.strip("/"), ("static", relpath))

    def fix(self, link):
        """What to write instead of `link` (http://127.0.0.1:8000/2026/my-story/...)."""
        rest = LOOPBACK.sub("", link, count=1)
        parts = urlparse(rest)
        path = parts.path or "/"
        tail = rest[len(parts.path):] if rest.startswith(parts.path) else ""
        what, source = self.files.get(unquote(path).strip("/"), (None, None))
        if what == "filename":
            return (f"link the page with its file name, '{{filename}}/{source}{tail}' (it follows the page when "
                    f"its address changes), or write the address from the site's root, '{path}{tail}'")
        if what == "static":
            return f"write '{{static}}/{source}'"
        return f"write the address from the site's root, '{path}{tail}', without the computer's address"


def check_social(settings):
    """The first SOCIAL link (every page's footer) that is not a complete address stops the build."""
    for entry in settings.get("SOCIAL") or ():
        if not (isinstance(entry, (list, tuple)) and len(entry) == 2 and isinstance(entry[1], str)):
            raise AuthorError(  # the footer of every page would not render
                f"the SOCIAL entry {entry!r} is not a (label, address) pair",
                'write it as ("Instagram", "https://www.instagram.com/..."), with a comma between the two',
                path="pelicanconf.py",
                line=_settings_line("pelicanconf.py", str(entry)) if isinstance(entry, str) else None,
            )
        label, url = entry
        if relative(url.strip()):
            raise AuthorError(
                f"the SOCIAL link {label!r} goes to {url!r}, which is not a complete address, so it is "
                "broken in the footer of every page",
                fix_for_relative(url.strip()),
                path="pelicanconf.py",
                line=_settings_line("pelicanconf.py", url),
            )


def _settings_line(path, value):
    """The line of the settings file `path` (from the folder the build runs in) that holds
    the string `value`, or None."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError):
        return None
    return line_of(text, f'"{value}"') or line_of(text, f"'{value}'")


class SiteAddresses:
    """Tells which links in a piece of HTML are addresses on this site, and their path
    from the site's root (SITEURL may have a folder: https://example.org/blog)."""

    def __init__(self, siteurl):
        self.siteurl = (siteurl or "").rstrip("/")
        self.folder = urlparse(self.siteurl).path.rstrip("/") if "://" in self.siteurl else ""

    def links(self, html_text):
        """Yield (link as written, path on the site; None when outside the site's folder),
        the path without its query and #fragment."""
        if not html_text:
            return
        if '="/' not in html_text and "='/" not in html_text and (not self.siteurl or self.siteurl not in html_text):
            return  # most posts: nothing to look at
        for match in LINK_ATTRIBUTE.finditer(HTML_COMMENT.sub("", html_text)):
            link = html.unescape(match.group("value"))
            if self.siteurl and link.startswith(self.siteurl + "/"):
                yield link, urlparse(link[len(self.siteurl):]).path
            elif link.startswith("/") and not link.startswith("//"):
                path = urlparse(link).path
                inside = path == self.folder or path.startswith(self.folder + "/")
                yield link, (path[len(self.folder):] or "/") if inside else None


def published_site_links(generators, settings):
    """(source path, link, path, files shown) for every link to an address on this site in the published
    posts and pages and their summaries (the blocks a page shows are in its HTML)."""
    addresses = SiteAddresses(settings.get("SITEURL"))
    noted = []
    for generator in generators:
        for name in PUBLISHED_LISTS:
            for content in getattr(generator, name, []):
                for part in (content._content, content.metadata.get("summary")):
                    noted.extend((content.source_path, link, path, _shown(content))
                                 for link, path in addresses.links(str(part or "")))
    return noted


def written(output, path, listings=None):
    """Whether the site in `output` answers `path` (a file, or a folder's index.html), with
    the same upper and lower case: on a disk that ignores case (macOS, Windows) `Chart.png`
    opens `chart.png`, but on a web host it is a dead link. `listings` caches folder lists."""
    if path is None:
        return False
    relative = posixpath.normpath(unquote(path)).lstrip("/")
    if relative.startswith(".."):
        return False
    parts = [] if relative in ("", ".") else relative.split("/")
    candidates = [[*parts, "index.html"]] if path.endswith("/") else [parts, [*parts, "index.html"]]
    listings = {} if listings is None else listings
    return any(
        _isfile(os.path.join(output, *names)) and _same_case(output, names, listings)
        for names in candidates if names
    )


_isfile = os.path.isfile  # tests swap in a case-blind one to play a macOS disk


def _same_case(output, names, listings):
    folder = output
    for name in names:
        if folder not in listings:
            listings[folder] = set(os.listdir(folder))
        if name not in listings[folder]:
            return False
        folder = os.path.join(folder, name)
    return True


def _where_written(link, source_path, settings, shown=()):
    """(file, line, link as written there) of `link`. Looked for in the post's own file and the
    block files its page shows (`shown`: a call-to-action, a disclaimer), then in any other
    file under content/; in each group by the surest form of the link first, in every file of
    the group: a Markdown link, then a `Key: value` line (a CTA's URL:), then the bare text (a
    post that mentions an address its CTA links is not the file that links it)."""
    own = [source_path, *(path for path in shown if path != source_path)]
    others = [str(path) for path in input_files(settings) if str(path) not in own]
    for group in (own, others):
        texts = []
        for path in group:
            try:
                with open(path, encoding="utf-8") as handle:
                    texts.append((path, handle.read(), _written_forms(link, path, settings)))
            except (OSError, UnicodeDecodeError):
                continue
        for tier in range(3):
            for path, text, forms in texts:
                for form in forms:
                    for needle in _needles(form)[tier]:
                        line = line_of(text, needle)
                        if line:
                            return path, line, form
    return source_path, None, link


def _needles(link):
    """The ways `link` is found in a file, surest first: in a Markdown link, on a `Key: value`
    line, as bare text."""
    return ((f"]({link}", f"({link}", f'"{link}"'), (f": {link}",), (link, html.escape(link, quote=False)))


def _written_forms(link, path, settings):
    """`link` as it may be written in the file at `path`: as it is, and, for a `{filename}` or
    `{static}` link from content/, the relative one a block file's reader made it from
    (blocks.files.written_from_content: `{filename}../posts/x.md` in ctas/)."""
    match = FROM_CONTENT.match(link)
    if match is None:
        return (link,)
    folder = posixpath.dirname(os.path.relpath(path, settings["PATH"]).replace(os.sep, "/"))
    if not folder or folder.startswith(".."):
        return (link,)
    return (link, match.group("what") + posixpath.relpath(match.group("path"), folder))


def _shown(content):
    """The block files `content`'s page shows (the reader noted them)."""
    parsed = content.metadata.get("parsed")
    return parsed.files if parsed is not None else ()


def check_written_links(settings, output):
    """Called by the runner once Pelican has written everything: the first link to an
    address on this site that the build did not write stops it."""
    # [(post's source path, link as written, path on the site or None, the block files its
    # page shows)], noted by check_links on the build's state
    links = getattr(settings.get(STATE_KEY), "site_links", ())
    folder = SiteAddresses(settings.get("SITEURL")).folder
    listings = {}
    for source_path, link, path, shown in links:
        if written(output, path, listings):
            continue
        where, line, link = _where_written(link, source_path, settings, shown)
        shown = f"'{link}'"
        shown_in = _on_page_of(where, source_path)
        if path is None:  # root-relative, outside the folder the site lives in
            raise AuthorError(
                f"the link {shown}{shown_in} is outside {folder}/, where this site lives",
                f"write the address as {folder}/... , or as a full address (https://...) for a "
                "page elsewhere on your domain",
                path=where,
                line=line,
            )
        raise AuthorError(
            f"the link {shown}{shown_in} goes to an address this build does not write"
            + (f" ({path})" if path != link else ""),
            "check the address (a post's is /<year>/<slug>/, a picture's /images/<file>); if it is "
            "a draft or dated in the future, publish it first; or link to the post with "
            "'{filename}its-file.md', which follows it when its address changes",
            path=where,
            line=line,
        )


def check_links(generators):
    """`all_generators_finalized` handler: broken or relative links (or a SOCIAL address)
    stop the build, each on its line (a post moved to another folder breaks every link to
    it: all are named at once); links written as addresses on this site are noted for
    `check_written_links`."""
    settings, context = generators[0].settings, generators[0].context
    failed = any(content is None for content in context.get("generated_content", {}).values())
    # None noted when a post or page failed to read: its own error stops the build, and the
    # address of a link to it is not written.
    state_of(settings).site_links = [] if failed else published_site_links(generators, settings)
    check_social(generators[0].settings)
    errors = once_each(_broken_links(generators))
    if errors:
        for error in errors:
            report(error)  # one line each; the runner drops the raised one's repeat
        raise errors[0]


def once_each(errors):
    """The errors, each link named once: a link in a call-to-action or disclaimer is found on
    the page of every post that shows it, but is one mistake, in one file."""
    seen = {}
    for error in errors:
        seen.setdefault((error.path, error.line, getattr(error, "link", None), error.fix), error)
    return list(seen.values())


def _broken_links(generators):
    """Yield an AuthorError for each broken link of every post and page (and the blocks they show)."""
    context = generators[0].context
    contents = [content for generator in generators for name in CONTENT_LISTS
                for content in getattr(generator, name, [])]
    checks = _LinkChecks(generators)
    for content in contents:
        for text in (content._content, content.metadata.get("summary")):
            yield from checks.of(content, text or "")
    if contents:
        yield from _off_page_links(contents[0], context, generators[0].settings, checks.taxonomy)


class _LinkChecks:
    """Every check of the links in a post's or page's HTML, with what they share in a build."""

    def __init__(self, generators):
        self.generators = generators
        self.context = generators[0].context
        self.settings = generators[0].settings
        self.unwritten = unwritten_contents(self.context)
        self.taxonomy = Taxonomy(generators)
        self.site_paths = None  # worked out at the first link to this computer

    def found(self, content, text):
        """(link, problem, fix) for each broken link in `text`."""
        for link in loopback_links(text):
            self.site_paths = self.site_paths or SitePaths(self.generators)
            yield link, LOOPBACK_PROBLEM, self.site_paths.fix(link)
        for link, resolved in missing_links(content, self.context, text):
            yield link, missing_problem(resolved, self.context), fix_for_missing(link, self.context, resolved)
        yield from self.taxonomy.broken_links(content, text)
        yield from ((link, RELATIVE_PROBLEM, fix_for_relative(link)) for link in relative_links(text))
        yield from ((link, INSECURE_PROBLEM, fix_for_insecure(link)) for link in insecure_pictures(text))
        if getattr(content, "save_as", ""):  # a draft `invoke publish` does not write: its links wait
            for link, target in unpublished_links(content, self.context, self.unwritten, text):
                yield link, f"goes to {display_path(target.source_path)}, {UNPUBLISHED}", UNPUBLISHED_FIX

    def of(self, content, text):
        for link, problem, fix in self.found(content, text):
            yield _link_error(content, link, problem, fix, self.settings)


def _off_page_links(stand_in, context, settings, taxonomy):
    """Links in what block files give feeds and emails only (a CTA's `Email:` line): checked
    as a post's, with any post to work them out (their paths start from content/)."""
    for path, text in state_of(settings).texts_off_the_page():
        found = [(link, RELATIVE_PROBLEM, fix_for_relative(link)) for link in relative_links(text)]
        found += [(link, INSECURE_PROBLEM, fix_for_insecure(link)) for link in insecure_pictures(text)]
        found += [(link, missing_problem(resolved, context), fix_for_missing(link, context, resolved))
                  for link, resolved in missing_links(stand_in, context, text)]
        found += list(taxonomy.broken_links(stand_in, text))
        for link, problem, fix in found:
            where, line, link = _where_written(link, path, settings)
            error = AuthorError(f"{subject(link, problem)} '{link}' {problem}", fix, path=where, line=line)
            error.link = link
            yield error


def _link_error(content, link, problem, fix, settings):
    """The error for a link in `content`: named at the file and line that hold it, the post's
    own or a CTA's it places with [[cta:NAME]] (Pelican works those out with the post's)."""
    where, line, link = _where_written(link, content.source_path, settings, _shown(content))
    # Quoted as written (a repr would double a Windows path's backslashes).
    error = AuthorError(f"{subject(link, problem)} '{link}'{_on_page_of(where, content.source_path)} {problem}", fix,
                        path=where, line=line)
    error.link = link
    return error


def _on_page_of(where, source_path):
    """The " (on the page of POST)" of a message about a link in another file than the post."""
    return "" if where == source_path else f" (on the page of {display_path(source_path)})"
