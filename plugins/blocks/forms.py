"""A post's forms outside its web page, made from its one parsed tree when asked for.

    feed_html(post)    the feed entry's content: addresses absolute, sanitized for feeds
    email_html(post)   the email body (before the email template and its CSS)
    text_of(post)      (the text part's body, its numbered links)

The tree is the reader's (blocks.state.Parsed), kept for the posts some form needs. A post
whose tree was let go, or never kept (read from Pelican's content cache by `invoke serve`,
when the newest posts changed), is read again: the only second parse, and a rare one.
"""

from .links import resolver
from .render import to_html
from .state import state_of
from .text import render_text


def post_url(post):
    """The post's own absolute address: what its other forms' addresses are made from."""
    return f"{post.settings['SITEURL'].rstrip('/')}/{post.url}"


def tree_of(post):
    parsed = post.metadata.get("parsed")
    if parsed is None or parsed.tree is None:
        from writing_checks.reader import StrictMarkdownReader  # the reader, not imported at start

        _, metadata = StrictMarkdownReader(post.settings).read_here(post.source_path)
        parsed = post.metadata["parsed"] = metadata["parsed"]
    return parsed.tree


def _form(post, target):
    build = state_of(post.settings)
    return dict(build=build, root=tree_of(post), document=post,
                resolve=resolver(post, post.settings["SITEURL"]), base_url=post_url(post))


def feed_html(post):
    return to_html(target="feed", **_form(post, "feed"))


def email_html(post):
    return to_html(target="email", **_form(post, "email"))


def text_of(post):
    arguments = _form(post, "text")
    arguments.pop("document")
    return render_text(document=post, **arguments)
