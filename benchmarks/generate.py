"""Write N realistic, seeded posts (plus copies of the sample ctas, disclaimers, images and
pages) into a folder, so stock Pelican and our build can be timed on the same content.

    python benchmarks/generate.py DEST --posts 1000 [--seed 2026]

Each post has about 350-900 words (600 on average) in paragraphs under two to four headings, emphasis, a list,
links to earlier posts (`{filename}`), often an image, callouts of several types (one of
them folded), an inline CTA and sometimes a `Disclaimer:` line. The same seed always gives
the same files, byte for byte.
"""

import argparse
import datetime
import random
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_CONTENT = ROOT / "content"
SAMPLE_FOLDERS = ("ctas", "disclaimers", "images", "pages", "extra")
# Stock Pelican's theme has no `subscribe` template: its copy of pages/ omits `Template:`.
STOCK_PAGES = "stock-pages"
FIRST_DATE = datetime.datetime(2011, 1, 3, 7, 0)

WORDS = """
interview rejection feedback panel manager offer role career coach client answer question
story failure success decision team leader silence email follow-up network salary promotion
board director project deadline estimate supplier colleague mentor friend week month year
plan gap structure example rule habit courage clarity doubt pride fear hope patience energy
meeting conversation pause note list draft résumé portfolio reference recruiter company
chance door moment reason lesson evidence trust reach budget goal priority weakness strength
""".split()
VERBS = """
asked heard wrote prepared rehearsed noticed changed learned answered decided waited called
thanked explained admitted kept chose missed trusted shared listened argued promised built
""".split()
LINKERS = ["and", "but", "so", "because", "when", "while", "although", "after", "before", "until"]
ADJECTIVES = """
honest specific calm short generous vague polished careful quiet candid small public hard
useful patient clear practical sideways rough real
""".split()
CATEGORIES = [
    "Interviews", "Job search", "Leadership", "Feedback", "Career change",
    "Confidence", "Networking", "Negotiation",
]
TAGS = sorted({f"{a}-{w}" for a, w in zip(ADJECTIVES * 3, WORDS)})[:48]
BOX_TYPES = ["lesson", "remember", "note", "tip", "important", "caution"]
QUOTE_CHANCE, IMAGE_CHANCE, DISCLAIMER_CHANCE = 0.4, 0.5, 0.3


def sentence(rng, words=None):
    """One sentence of 8-22 words with a verb and, sometimes, a linking clause."""
    count = words or rng.randint(8, 22)
    parts = [rng.choice(WORDS) for _ in range(count)]
    parts[rng.randrange(1, count)] = rng.choice(VERBS)
    if count > 12:
        parts[rng.randrange(4, count - 3)] = rng.choice(LINKERS)
    if rng.random() < 0.25:
        i = rng.randrange(1, count)
        parts[i] = f"*{parts[i]}*" if rng.random() < 0.6 else f"**{parts[i]}**"
    text = " ".join(parts)
    return text[0].upper() + text[1:] + rng.choice(".....?")


def paragraph(rng, sentences=None):
    return " ".join(sentence(rng) for _ in range(sentences or rng.randint(2, 6)))


def wrap(text, prefix="", width=96):
    """Hard-wrap text at `width` like a person typing in an editor, each line prefixed."""
    lines, line = [], ""
    for word in text.split():
        if line and len(prefix) + len(line) + 1 + len(word) > width:
            lines.append(prefix + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(prefix + line)
    return "\n".join(lines)


def title_words(rng, count):
    return " ".join(rng.choice(WORDS + ADJECTIVES) for _ in range(count))


def admonition_callout(rng, kind):
    title = f' "{title_words(rng, 3).capitalize()}"' if rng.random() < 0.7 else ""
    body = [wrap(paragraph(rng, 2), "    ")]
    if rng.random() < 0.4:
        body.append("\n".join(f"    - {sentence(rng, rng.randint(4, 9))}" for _ in range(3)))
    return f"!!! {kind}{title}\n" + "\n\n".join(body)


def github_callout(rng, kind, fold=""):
    title = f" {title_words(rng, 3).capitalize()}" if rng.random() < 0.7 or fold else ""
    return f"> [!{kind.upper()}]{fold}{title}\n" + wrap(paragraph(rng, 2), "> ")


def callouts(rng):
    """Three to four callouts in both syntaxes, one of them folded, sometimes a pull quote."""
    first, second = rng.sample(BOX_TYPES, 2)
    blocks = [
        admonition_callout(rng, first),
        github_callout(rng, rng.choice(["tip", "note", "important"])),
        github_callout(rng, rng.choice(["warning", "caution", second]), fold=rng.choice("-+-")),
    ]
    if rng.random() < QUOTE_CHANCE:
        blocks.append(f'!!! quote "{title_words(rng, 2).capitalize()}, a client"\n'
                      + wrap(sentence(rng), "    "))
    rng.shuffle(blocks)
    return blocks


def a_list(rng):
    ordered = rng.random() < 0.4
    items = []
    for number in range(1, rng.randint(3, 6) + 1):
        marker = f"{number}." if ordered else "-"
        items.append(wrap(sentence(rng, rng.randint(6, 16)), "", 90).replace("\n", "\n   "))
        items[-1] = f"{marker} {items[-1]}"
    return "\n".join(items)


def inline_extras(rng, ctas):
    """The callouts, the list and the inline CTA, spread over the post's sections."""
    extras = callouts(rng) + [a_list(rng)]
    if ctas:
        name = rng.choice([None] + ctas)
        extras.append("[[cta]]" if name is None else f"[[cta:{name}]]")
    return extras


def section(rng, index, slugs):
    """A heading and one to three paragraphs, some ending with a link to an earlier post."""
    blocks = [f"## {title_words(rng, rng.randint(2, 6)).capitalize()}"]
    for _ in range(rng.randint(1, 3)):
        text = paragraph(rng, rng.randint(2, 5))
        if index and rng.random() < 0.3:
            target = slugs[rng.randrange(max(0, index - 200), index)]
            text += f" Read [{title_words(rng, 3)}]({{filename}}{target}.md) next."
        blocks.append(wrap(text))
    return blocks


def body(rng, index, slugs, ctas):
    """The post's text: an introduction, maybe a picture, two to four sections with the extras."""
    blocks = [wrap(paragraph(rng)) for _ in range(rng.randint(1, 2))]
    if rng.random() < IMAGE_CHANCE:
        blocks.append(f"![A {title_words(rng, 3)} on the way to work]({{static}}/images/stepping-stones.png)")
    extras = inline_extras(rng, ctas)
    sections = rng.randint(2, 4)
    for number in range(sections):
        blocks += section(rng, index, slugs)
        per_section = len(extras) // (sections - number) if number < sections - 1 else len(extras)
        blocks.extend(extras[:per_section])
        del extras[:per_section]
    if index:
        target = slugs[rng.randrange(0, index)]
        blocks.append(f"An older story: [{title_words(rng, 4)}]({{filename}}{target}.md).")
    return blocks


def header(rng, index, ctas, disclaimers, date):
    """The metadata lines: title, date, category, tags, summary, sometimes more."""
    tags = ", ".join(sorted(rng.sample(TAGS, rng.randint(1, 4))))
    lines = [
        f"Title: {title_words(rng, rng.randint(3, 8)).capitalize()} ({index + 1})",
        f"Date: {date:%Y-%m-%d %H:%M}",
        f"Category: {rng.choice(CATEGORIES)}",
        f"Tags: {tags}",
        f"Summary: {sentence(rng, rng.randint(12, 24))}",
    ]
    if rng.random() < 0.2:
        lines.append(f"Preheader: {sentence(rng, 12)}")
    if disclaimers and rng.random() < DISCLAIMER_CHANCE:
        lines.append(f"Disclaimer: {rng.choice(disclaimers)}")
    if ctas and rng.random() < 0.3:
        lines.append(f"CTA: {rng.choice(ctas)}")
    return lines


def post_text(rng, index, slugs, ctas, disclaimers, date):
    """The Markdown source of post `index`; links go only to posts written before it."""
    blocks = body(rng, index, slugs, ctas)
    return "\n".join(header(rng, index, ctas, disclaimers, date)) + "\n\n" + "\n\n".join(blocks) + "\n"


def sample_names(folder):
    """The names usable in `[[cta:NAME]]` / `Disclaimer: NAME`: the sample files there."""
    return sorted(p.stem for p in (SAMPLE_CONTENT / folder).glob("*.md") if p.stem != "default")


def copy_samples(content):
    for folder in SAMPLE_FOLDERS:
        source = SAMPLE_CONTENT / folder
        if source.is_dir():
            shutil.copytree(source, content / folder)
        else:
            (content / folder).mkdir(parents=True)
    stock_pages = content / STOCK_PAGES
    stock_pages.mkdir()
    for page in sorted((content / "pages").glob("*.md")):
        text = re.sub(r"(?m)^Template:.*\n", "", page.read_text(encoding="utf-8"))
        text = text.replace("{filename}/pages/", f"{{filename}}/{STOCK_PAGES}/")
        (stock_pages / page.name).write_text(text, encoding="utf-8")


def generate(dest, posts, seed=2026):
    """Write `posts` posts and the sample folders into DEST/content; return the post paths."""
    content = Path(dest) / "content"
    if content.exists():
        raise FileExistsError(f"{content} already exists: give an empty folder")
    copy_samples(content)
    rng = random.Random(seed)
    ctas = sample_names("ctas")
    disclaimers = sample_names("disclaimers")
    slugs = [f"post-{i + 1:05d}-{rng.choice(WORDS)}-{rng.choice(WORDS)}" for i in range(posts)]
    slugs = [s.encode("ascii", "ignore").decode() for s in slugs]
    (content / "posts").mkdir()
    paths = []
    for index, slug in enumerate(slugs):
        date = FIRST_DATE + datetime.timedelta(days=index, minutes=rng.randrange(0, 600))
        path = content / "posts" / f"{slug}.md"
        path.write_text(post_text(rng, index, slugs, ctas, disclaimers, date), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", help="an empty (or missing) folder; content/ is written in it")
    parser.add_argument("--posts", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    paths = generate(args.dest, args.posts, args.seed)
    print(f"Wrote {len(paths)} posts into {Path(args.dest) / 'content' / 'posts'}")


if __name__ == "__main__":
    main()
