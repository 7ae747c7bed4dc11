"""A check-only post that uses every block the site can render, written into a COPY of content/.

The accessibility and layout checks need one article that shows every callout type (both
syntaxes, folded closed and open, with and without a title), the CTA and disclaimer blocks, a table and code. The sample
posts may not cover them all, so this post is added to the check build only.
"""

from pathlib import Path

SLUG = "check-every-block"

def callout_types(settings=None):
    """{name: form} of the callout types the callouts plugin knows with these settings
    (its defaults plus CALLOUT_TYPES), or {} when the plugin is not there."""
    try:
        from callouts.types import resolve_types  # noqa: PLC0415  (a plugin, on sys.path)
    except ImportError:
        return {}
    types = resolve_types((settings or {}).get("CALLOUT_TYPES"))
    return {name: kind.form for name, kind in types.items()}


def _names(folder):
    """Names of the CTAs or disclaimers defined in `folder` (one Markdown file each)."""
    return sorted(p.stem for p in folder.glob("*.md")) if folder.is_dir() else []


def _first_name(folder):
    names = _names(folder)
    return names[0] if names else None


def body(content, settings=None):
    """The fixture post's Markdown, for the content folder `content` (a copy)."""
    lines = [
        "A post that exists only in the check build, so that every block is checked once.",
        "",
        "## Callouts",
        "",
    ]
    for name, form in callout_types(settings).items():
        label = name.replace("-", " ").capitalize()
        lines += [
            f'!!! {name} "{label} with a title: \'quotes\' & <angles>"',
            f"    The body of a {label.lower()} callout, with a [link](#tables) inside.",
            "",
            f"> [!{name.upper()}]",
            f"> A {label.lower()} callout in the quoted syntax, without a title.",
            "",
        ]
        if form == "box":
            lines += [
                f"> [!{name.upper()}]- A folded {label.lower()}",
                "> Hidden until the reader opens it.",
                "",
                f"> [!{name.upper()}]+ An open {label.lower()} that can be folded",
                "> Shown until the reader closes it.",
                "",
            ]
    lines += [
        "## Tables",
        "",
        "| Stage | What to say |",
        "| ----- | ----------- |",
        "| First call | Thank them for their time. |",
        "| After the no | Ask one question about what would have changed their mind. |",
        "",
        "## Code",
        "",
        "```",
        "Subject: Thank you, and one question",
        "```",
        "",
        "## A talk and a podcast",
        "",
        'https://www.youtube.com/watch?v=dQw4w9WgXcQ "A talk about hearing no"',
        "",
        "https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk",
        "",
        "Written as it is, an address in a sentence is a link too: https://example.org/a-page.",
        "",
    ]
    ctas = _names(Path(content) / "ctas")
    if ctas:
        lines += ["## Calls to action", ""]
        for cta in ctas:
            lines += [f"[[cta:{cta}]]", ""]
    return "\n".join(lines)


def write(content, settings=None):
    """Write the fixture post into the content COPY `content`; return its slug."""
    content = Path(content)
    meta = [
        'Title: Every block, checked: "quotes" & <angles> and café',
        "Date: 2020-01-01 09:00",
        "Category: Check fixtures",
        "Tags: check fixture, quotes & ampersands",
        f"Slug: {SLUG}",
        "Summary: A post that exists only in the check build, so that every block is checked once.",
    ]
    disclaimer = _first_name(content / "disclaimers")
    if disclaimer:
        meta.append(f"Disclaimer: {disclaimer}")
    cta = _first_name(content / "ctas")
    if cta:
        meta.append(f"CTA: {cta}")
    path = content / "posts" / f"{SLUG}.md"
    path.write_text("\n".join(meta) + "\n\n" + body(content, settings), encoding="utf-8")
    return SLUG

