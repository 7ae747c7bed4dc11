"""A check-only post that uses every block the site can render, written into a COPY of content/.

The accessibility and layout checks need one article that shows every callout type (open,
folded, with and without a title), the CTA and disclaimer blocks, a table and code. The sample
posts may not cover them all, so this post is added to the check build only.
"""

from pathlib import Path

SLUG = "check-every-block"

# Types used when the callouts plugin cannot tell us its own list.
FALLBACK_TYPES = ["note", "tip", "important", "warning", "caution", "lesson", "remember", "quote"]


def callout_types():
    """The callout types the callouts plugin knows, else those the sample content uses."""
    try:
        import callouts  # noqa: PLC0415  (a plugin: on sys.path only once plugins/ is)
    except ImportError:
        return FALLBACK_TYPES
    defaults = getattr(callouts, "DEFAULTS", None)
    if defaults is None:
        for module_name in ("settings", "extension", "types"):
            module = getattr(callouts, module_name, None)
            defaults = getattr(module, "DEFAULTS", None) if module else None
            if defaults:
                break
    for key, value in (defaults or {}).items():
        if key.endswith("TYPES") and value:
            return list(value)
    return FALLBACK_TYPES


def _first_name(folder, suffixes=(".md", ".yaml", ".yml", ".toml", ".json", ".txt")):
    """Slug of the first file in `folder` (a CTA or disclaimer name), or None."""
    if not folder.is_dir():
        return None
    names = sorted(p.stem for p in folder.iterdir() if p.suffix in suffixes)
    return names[0] if names else None


def body(content):
    """The fixture post's Markdown, for the content folder `content` (a copy)."""
    lines = [
        "A post that exists only in the check build, so that every block is checked once.",
        "",
        "## Callouts",
        "",
    ]
    for name in callout_types():
        label = name.replace("_", " ").replace("-", " ").capitalize()
        lines += [
            f'!!! {name} "{label} with a title"',
            f"    The body of a {label.lower()} callout, with a [link](#tables) inside.",
            "",
            f"!!! {name}",
            f"    A {label.lower()} callout without a title.",
            "",
        ]
    lines += [
        "> [!TIP]- A folded tip",
        "> Hidden until the reader opens it.",
        "",
        "> [!WARNING]+ An open warning that can be folded",
        "> Shown until the reader closes it.",
        "",
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
    ]
    cta = _first_name(Path(content) / "ctas")
    if cta:
        lines += ["## Call to action", "", f"[[cta:{cta}]]", ""]
    return "\n".join(lines)


def write(content):
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
    path.write_text("\n".join(meta) + "\n\n" + body(content), encoding="utf-8")
    return SLUG

