"""The post `invoke new` starts, and the check that its stand-in words are never published.

`invoke new` writes a draft with a summary and a first line for the coach to replace. One
of them left in a post whose `Status: draft` line is gone would be published on the site,
in the feeds and in the emails: the build stops at that line instead.
"""

from .errors import AuthorError

SUMMARY_PLACEHOLDER = "One or two sentences that say what the reader will take away."
TEXT_PLACEHOLDER = "Start your story here. Remove the 'Status: draft' line when it is ready to publish."
# A new post's file name and slug stop at a word near this many characters (a long title
# would make a file name the disk refuses).
MAX_SLUG = 80


def new_post_text(title, date, slug, slug_from_title):
    """The text of a new draft; a `Slug:` line when the title's own slug was shortened."""
    return (
        f"Title: {' '.join(title.split())}\n"
        f"Date: {date}\n"
        + (f"Slug: {slug}\n" if slug != slug_from_title else "")
        + "Category: Career stories\n"
        f"Summary: {SUMMARY_PLACEHOLDER}\n"
        "Status: draft\n"
        "\n"
        f"{TEXT_PLACEHOLDER}\n"
    )


def shortened(slug, limit=MAX_SLUG):
    """`slug` cut at its last dash within `limit` characters (or at `limit`)."""
    if len(slug) <= limit:
        return slug
    cut = slug.rfind("-", 0, limit + 1)
    return slug[: cut if cut > 0 else limit]


def check_placeholders(raw, metadata):
    """Stop a post that is not a draft while it still holds words `invoke new` wrote."""
    if str(metadata.get("status", "")).strip().lower() == "draft":
        return
    for placeholder in (SUMMARY_PLACEHOLDER, TEXT_PLACEHOLDER):
        if placeholder in raw:
            raise AuthorError(
                f"the post still has words that invoke new wrote for you to replace: {placeholder!r}",
                "write your own in their place (the Summary: line shows in lists, feeds and emails), "
                "or put back the line 'Status: draft' until the post is ready",
                needle=placeholder,
            )
