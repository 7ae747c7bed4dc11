"""Newsletter issues: content/newsletters/NAME.md, a digest of several posts sent as one email.

    Title: December letter            Posts: new (the default: the published posts dated after
    Date: 2026-12-20                         the previous issue), or slugs in the order to show
    Subject: ...  Preheader: ...      Posts-Full: yes (the stories in full, not as cards)
    Slug: ...     Status: draft

    The introduction, in Markdown (callouts and [[cta]] too).

An issue is read like a post (writing_checks' reader: one parse, its tree kept); once the
posts are known, a `post-card` block per post (cards.py) is put in its tree before its
disclaimer. Its web copy is /newsletter/<slug>/ (the email's "view in browser" link), the
archive /newsletter/; email_export writes its email to email/newsletters/<slug>/.
"""

import datetime
import os
from urllib.parse import urlsplit

from pelican import signals
from pelican.contents import Content
from pelican.generators import Generator

from blocks import state_of
from blocks.registry import is_block, new_block
from blocks.render import render, serialize
from blocks.sanitize import sanitize
from build.settings import defaults, setting
from writing_checks.errors import AuthorError, closest, display_path, report
from writing_checks.metadata import allow_metadata, intended_name, yes_or_no
from writing_checks.reader import StrictMarkdownReader

from . import cards  # noqa: F401 (the post-card and post-full block types)

DEFAULTS = defaults({
    # Folder under PATH (content/) holding the newsletter issues.
    "NEWSLETTER_PATH": "newsletters",
})
# Where issues are written (Pelican reads these from the settings, as for posts).
ADDRESSES = {
    "NEWSLETTER_URL": "newsletter/{slug}/",
    "NEWSLETTER_SAVE_AS": "newsletter/{slug}/index.html",
    "NEWSLETTER_LANG_URL": "newsletter/{slug}/{lang}/",
    "NEWSLETTER_LANG_SAVE_AS": "newsletter/{slug}/{lang}/index.html",
    "DRAFT_NEWSLETTER_URL": "drafts/newsletter/{slug}/",
    "DRAFT_NEWSLETTER_SAVE_AS": "drafts/newsletter/{slug}/index.html",
    "DRAFT_NEWSLETTER_LANG_URL": "drafts/newsletter/{slug}/{lang}/",
    "DRAFT_NEWSLETTER_LANG_SAVE_AS": "drafts/newsletter/{slug}/{lang}/index.html",
    "NEWSLETTERS_URL": "newsletter/",
    "NEWSLETTERS_SAVE_AS": "newsletter/index.html",
}
NEW = "new"
allow_metadata(__name__, "subject", "preheader", "posts", "posts-full", "disclaimer", kinds=("newsletter",))
StrictMarkdownReader.KINDS["NEWSLETTER_PATH"] = "newsletter"


class Newsletter(Content):
    """One issue, with Pelican's addresses (NEWSLETTER_URL...) and link resolution."""

    mandatory_properties = ("title", "date")
    allowed_statuses = ("published", "draft", "hidden")  # hidden: refused (chosen_posts) with a line
    default_status = "published"
    default_template = "newsletter"
    email_subfolder = "newsletters/"  # its email: email/newsletters/<slug>/
    email_kind = "newsletter"  # in email/index.json

    def __init__(self, *args, **kwargs):
        self.posts = None  # the posts it shows, once chosen (with_cards)
        self._web_made = False
        super().__init__(*args, **kwargs)
        if self.status == "published" and self.date > datetime.datetime.now(self.date.tzinfo):
            self.status = "draft"  # dated later: sent, and published, on its day

    def _get_content(self):
        """The web copy, made from the tree when first asked for (when the page is written):
        by then the static generator knows the pictures a full story's {static} links name."""
        if self.posts is not None and not self._web_made:
            build = state_of(self.settings)
            self._content = sanitize(serialize(render(build, self.metadata["parsed"].tree, "web", self)), "web",
                                     self.settings["SITEURL"])
            self._web_made = True
        return self._content

    def _expand_settings(self, key):
        return super()._expand_settings(key, "draft_newsletter" if self.status == "draft" else "newsletter")


class NewslettersGenerator(Generator):
    """Reads the issues once the posts are read, and writes their web copies and the archive."""

    def __init__(self, *args, **kwargs):
        self.newsletters = []
        self.draft_newsletters = []
        super().__init__(*args, **kwargs)

    def generate_context(self):
        issues = [self.read(path) for path in self.get_files(setting(self.settings, "NEWSLETTER_PATH"))
                  if path.endswith(".md")]
        issues = sorted((issue for issue in issues if issue is not None),
                        key=lambda issue: (issue.date, issue.source_path))
        errors = self.place_posts(issues)
        if errors:
            raise errors[0]
        self.newsletters = [issue for issue in reversed(issues) if issue.status == "published"]
        self.draft_newsletters = [issue for issue in reversed(issues) if issue.status == "draft" and issue.save_as]
        state_of(self.settings).newsletters = self.newsletters + self.draft_newsletters
        state_of(self.settings).unsent_newsletters = [issue for issue in issues if issue.status == "draft"]
        self._update_context(("newsletters",))

    def place_posts(self, issues):
        """Check each issue and put its posts' cards in its tree; the errors, each reported."""
        posts = {post.slug: post for post in self.context.get("articles", [])}
        errors = []
        sent = [issue for issue in issues if issue.status == "published"]
        for issue in issues:
            previous = max((other for other in sent if other.date < issue.date),
                           key=lambda other: other.date, default=None)
            try:
                check_issue(issue, sent)
                chosen = chosen_posts(issue, previous, posts, self.context)
                with_cards(issue, chosen, self.settings)
            except AuthorError as error:
                with open(issue.source_path, encoding="utf-8-sig") as handle:
                    errors.append(report(error.locate(issue.source_path, handle.read())))
        return errors

    def read(self, path):
        issue = self.readers.read_file(base_path=self.path, path=path, content_class=Newsletter, context=self.context)
        if issue is not None:
            self.add_source_path(issue)
        return issue

    def generate_output(self, writer):
        for issue in self.newsletters + self.draft_newsletters:
            writer.write_file(issue.save_as, self.get_template(issue.template), self.context,
                              newsletter=issue, page_name="newsletter", relative_urls=self.settings["RELATIVE_URLS"])
        writer.write_file(self.settings["NEWSLETTERS_SAVE_AS"], self.get_template("newsletters"), self.context,
                          page_name="newsletters", relative_urls=self.settings["RELATIVE_URLS"])


def check_issue(issue, sent):
    """An issue the build cannot send as written: hidden, or dated the same minute as one sent
    before it (which of the two came first, and so what 'Posts: new' shows, is unknown)."""
    if issue.status == "hidden":
        raise AuthorError("a newsletter issue cannot be hidden: it is sent to every subscriber",
                          "remove the Status: line to send it, or write 'Status: draft' to keep it "
                          "in the preview", key="status")
    twin = next((other for other in sent if other.date == issue.date), issue)
    if twin is not issue and str(issue.metadata.get("posts") or NEW).strip().lower() == NEW:
        raise AuthorError(f"this issue has the same date and time as {display_path(twin.source_path)}, so "
                          "'Posts: new' cannot tell which came first (it would show that issue's posts again)",
                          f"give this issue its time, as in 'Date: {issue.date:%Y-%m-%d} 17:00'", key="date")


def chosen_posts(issue, previous, posts, context):
    """The posts an issue shows, in order: those its `Posts:` line names, or the `new` ones."""
    written = str(issue.metadata.get("posts") or NEW).strip()
    if written.lower() == NEW:
        since = previous.date if previous is not None else None
        chosen = sorted((post for post in posts.values() if (since is None or post.date > since)
                         and post.date <= issue.date), key=lambda post: post.date, reverse=True)
        if not chosen:
            after = f" after the previous issue ({display_path(previous.source_path)}, {previous.date:%Y-%m-%d})" \
                if previous is not None else ""
            raise AuthorError(f"'Posts: new' finds no published post dated{after} up to this issue's date",
                              "name the posts to show, as in 'Posts: first-slug, second-slug', or wait for a new post",
                              key="posts")
        return chosen
    return [named_post(slug.strip(), issue, posts, context) for slug in written.split(",") if slug.strip()]


def named_post(written, issue, posts, context):
    slug, around = intended_name(written)
    if slug in posts:
        post = posts[slug]
        if around:
            shown = written if "quotes" in around else f"'{written}'"
            raise AuthorError(f"the post is written {shown} in Posts:, with {around}: posts are named by "
                              "their slug alone", f"write '{slug}'", key="posts")
        if post.date > issue.date:
            raise AuthorError(f"the post '{slug}' is dated {post.date:%Y-%m-%d}, after this issue",
                              "date the issue on or after the posts it shows, or leave the post out", key="posts")
        return post
    unpublished = next((post for post in context.get("drafts", []) + context.get("hidden_articles", [])
                        if post.slug == slug), None)
    if unpublished is not None and unpublished.status == "draft" and issue.status == "draft":
        return unpublished  # both in the preview: the issue is written with the story it announces
    if unpublished is not None:
        why = "a draft or dated in the future" if unpublished.status == "draft" else "hidden"
        raise AuthorError(f"the post '{slug}' is {why}, so no reader could open it",
                          f"publish {display_path(unpublished.source_path)} first, or leave it out of Posts:",
                          key="posts")
    raise no_such_post(written, slug, around, issue, posts)


def no_such_post(written, slug, around, issue, posts):
    """The error for a slug no published post has: the post that now redirects from its
    address (renamed with a Redirect-From: line), else the closest slugs; for an issue already
    sent, how to keep its links working if the post was renamed."""
    moved = [post for post in posts.values() if old_address(post, slug) in redirects_of(post)]
    if moved:
        post = moved[0]
        return AuthorError(f"the post '{slug}' has the slug '{post.slug}' now ({display_path(post.source_path)} "
                           f"redirects from its old address)", f"write '{post.slug}' in this Posts: line", key="posts")
    by_file = {os.path.splitext(os.path.basename(post.source_path))[0]: post for post in posts.values()}
    close = list(dict.fromkeys([*closest(slug, posts), *(by_file[name].slug for name in closest(slug, by_file))]))[:3]
    shown = f"'{written.strip()}'" + (f" ('{slug}' without {around})" if around else "")
    problem = f"no published post has the slug {shown}"
    if close:
        problem += " (closest: " + ", ".join(f"'{one}'" for one in close) + ")"
    elif posts:
        newest = sorted(posts.values(), key=lambda post: post.date, reverse=True)[:3]
        problem += " (the newest: " + ", ".join(f"'{post.slug}'" for post in newest) + ")"
    fix = "write the slug from the post's web address (2026/<slug>/)" + \
        (f", such as '{close[0]}'" if close else "") + (f", without {around}" if around else "")
    if close and issue.status == "published":
        renamed = posts[close[0]]
        fix += (f"; if you renamed the post, also add 'Redirect-From: {old_address(renamed, slug)}' to "
                f"{display_path(renamed.source_path)}, so the links in the issue already sent still work")
    return AuthorError(problem, fix, key="posts")


def old_address(post, slug):
    """The address `post` had with the slug `slug` (as a Redirect-From: line writes it)."""
    folder = urlsplit(post.settings.get("SITEURL") or "").path.rstrip("/")
    return f"{folder}/" + post.settings["ARTICLE_URL"].format(**{**post.url_format, "slug": slug})


def redirects_of(post):
    """The addresses a post's Redirect-From: lines name (as written: commas, several lines)."""
    value = post.metadata.get("redirect-from") or ()
    lines = [value] if isinstance(value, str) else value
    return {address.strip() for line in lines for address in str(line).split(",")}


def with_cards(issue, posts, settings):
    """Put a card (or, with `Posts-Full: yes`, the whole story) for each post in the issue's
    tree, before its disclaimer (its web copy is made from the tree when the page is written)."""
    parsed = issue.metadata["parsed"]
    tree = parsed.tree
    full = yes_or_no(issue, "posts-full", False)
    end = next((index for index, element in enumerate(tree) if is_block(element, "disclaimer")), len(tree))
    for offset, post in enumerate(posts):
        card = new_block(None, "post-full" if full else "post-card", slug=post.slug)
        card.tail = "\n"
        tree.insert(end + offset, card)
    issue.posts = posts
    state_of(settings).newsletter_posts.update({post.slug: post for post in posts})


def add_settings(pelican):
    """`initialized`: the issues' addresses (Pelican reads them from the settings)."""
    for key, value in ADDRESSES.items():
        pelican.settings.setdefault(key, value)
    state_of(pelican.settings).newsletter_posts = {}
    state_of(pelican.settings).newsletters = []


def add_generator(pelican):
    return NewslettersGenerator


def register():
    signals.initialized.connect(add_settings)
    signals.get_generators.connect(add_generator)
