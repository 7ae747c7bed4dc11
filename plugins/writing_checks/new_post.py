"""The post `invoke new` starts, and the check that its stand-in words are never published.

`invoke new` writes a draft with a summary and a first line for the coach to replace. One
of them left in a post whose `Status: draft` line is gone would be published on the site,
in the feeds and in the emails: the build stops at that line instead.
"""

from .errors import AuthorError
from .metadata import declared_status

SUMMARY_PLACEHOLDER = "One or two sentences that say what the reader will take away."
TEXT_PLACEHOLDER = "Start your story here. Remove the 'Status: draft' line when it is ready to publish."
# ...and a new newsletter issue's first line (newsletters.new_issue).
OPENING_PLACEHOLDER = "A few words to open the letter: what these stories have in common, and what comes next."
# A new post's file name and slug stop at a word near this many characters (a long title
# would make a file name the disk refuses).
MAX_SLUG = 80


def new_post_text(title, date, slug):
    """The text of a new draft. Its `Slug:` line fixes the post's address: without it the
    address follows the title, and retitling a published post would break every link to it
    (in emails already sent, feed readers, shared links)."""
    return (
        f"Title: {' '.join(title.split())}\n"
        f"Date: {date}\n"
        f"Slug: {slug}\n"
        "Category: Career stories\n"
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


def free_slug(from_title, title, folder):
    """The slug of a new post: the title's, cut near MAX_SLUG characters; when the cut one is
    taken by a post with another title (two long titles alike at the start), `-2`, `-3`..."""
    slug = shortened(from_title)
    if slug == from_title:
        return slug  # the file exists only for the same title: the caller says so
    candidate, number = slug, 1
    while (folder / f"{candidate}.md").exists() and _title_of(folder / f"{candidate}.md") != " ".join(title.split()):
        number += 1
        candidate = f"{shortened(from_title, MAX_SLUG - len(str(number)) - 1)}-{number}"
    return candidate


def _title_of(path):
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.lower().startswith("title:"):
            return line.split(":", 1)[1].strip()
        if not line.strip():
            break
    return None


def check_placeholders(raw, metadata, kind):
    """Stop a post (or issue: `kind` "newsletter") that is not a draft while it still holds the
    words `invoke new` wrote for it (a post may quote an issue's, and the other way round)."""
    if declared_status(metadata) == "draft":
        return
    wait = "or put back the line 'Status: draft' until the post is ready"
    if kind == "newsletter":
        if OPENING_PLACEHOLDER in raw:
            raise AuthorError(
                "the issue still opens with the line invoke new wrote for you to replace",
                "replace it with your own words to your readers, or put back the line 'Status: draft' "
                "until the issue is ready",
                needle=OPENING_PLACEHOLDER,
            )
        return
    if SUMMARY_PLACEHOLDER in raw:
        raise AuthorError(
            "the Summary: line is still the one invoke new wrote for you to replace",
            f"write one or two sentences of your own there (lists, feeds and emails show them), {wait}",
            needle=SUMMARY_PLACEHOLDER,
        )
    if TEXT_PLACEHOLDER in raw:
        raise AuthorError(
            "the post still starts with the line invoke new wrote for you to replace",
            f"replace it with your story, {wait}",
            needle=TEXT_PLACEHOLDER,
        )
