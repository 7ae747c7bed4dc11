"""The issue `invoke new --newsletter "Title"` starts: a draft with `Posts: new`, and, as a
private note (an HTML comment, never published), the posts `new` would show today."""

import datetime

from writing_checks.metadata import HEADER_LINE
from writing_checks.new_post import OPENING_PLACEHOLDER


def metadata_of(path):
    """The `Name: value` lines at the top of a Markdown file, lower-case names (a quick look)."""
    found = {}
    for line in path.read_text(encoding="utf-8-sig", errors="replace").splitlines():
        match = HEADER_LINE.match(line)
        if not line.strip() or match is None:
            break
        found[match.group("key").lower()] = match.group("value")
    return found


def _date(value):
    try:
        return datetime.datetime.fromisoformat(str(value).strip().replace("_", " ")[:16]).replace(tzinfo=None)
    except ValueError:
        return None


def unsent(meta, now):
    """A draft issue, or one dated later than now (the build keeps it as a draft)."""
    date = _date(meta.get("date"))
    return meta.get("status", "").strip().lower() == "draft" or date is None or date > now


def new_posts(content, issues_folder, now):
    """(title, date) of the published posts dated after the newest published issue (as the
    build's 'Posts: new' counts: a draft issue is not sent yet), up to `now`."""
    issues = [metadata_of(path) for path in issues_folder.glob("*.md")]
    since = max((date for date in (_date(meta.get("date")) for meta in issues if not unsent(meta, now)) if date),
                default=None)
    found = []
    for path in sorted((content / "posts").rglob("*.md")):
        meta = metadata_of(path)
        date = _date(meta.get("date"))
        if meta.get("status", "").strip().lower() in ("draft", "hidden", "skip") or date is None:
            continue
        if date <= now and (since is None or date > since):
            found.append((meta.get("title", path.stem), date))
    return sorted(found, key=lambda post: post[1], reverse=True)


def new_issue_text(title, now, slug, content, issues_folder):
    """The new issue's text. Its date has the time too: an issue started the day the last one
    was sent comes after it ('Posts: new' shows what was published between them)."""
    listed = new_posts(content, issues_folder, now)
    shown = "\n".join(f"  - {name} ({date:%Y-%m-%d})" for name, date in listed) or "  (none yet: publish a post first)"
    return (
        f"Title: {' '.join(title.split())}\n"
        f"Date: {now:%Y-%m-%d %H:%M}\n"
        f"Slug: {slug}\n"
        "Posts: new\n"
        "Status: draft\n"
        "\n"
        "<!-- A private note, never published. 'Posts: new' shows the posts published since the\n"
        "     last issue; as of today:\n"
        f"{shown}\n"
        "     Or name them: 'Posts: first-slug, second-slug'. Remove 'Status: draft' to send it. -->\n"
        "\n"
        f"{OPENING_PLACEHOLDER}\n"
    )
