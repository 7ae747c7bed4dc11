"""One card as a PNG: the site's name, the title and the author, in the site's colours.

    | site name (accent)                      |
    | The title, as large as fits,            |
    | on up to as many lines as fit           |
    | ─────────────────────────────────────── |
    | author (muted)                          |

with a band of the accent colour down the left edge, as the site's own card.
"""

import io
from dataclasses import dataclass

from PIL import Image, ImageColor, ImageDraw

from .layout import fit

WIDTH, HEIGHT = 1200, 630
# Part of every card's inputs: change it when the drawing below changes, and every card is
# made again (the cached ones were drawn the old way).
DESIGN = 2

BAND = 36
LEFT, RIGHT = 100, WIDTH - 90
SITE = dict(baseline=112, largest=34, smallest=24)
TITLE = dict(top=160, bottom=482, largest=78, smallest=40)
RULE_Y = 516
AUTHOR = dict(baseline=578, largest=32, smallest=22)
SHADES = 16  # shades of each colour at the edges of the letters


@dataclass(frozen=True)
class CardText:
    """What a card says."""

    title: str
    site: str
    author: str


def _draw_line(canvas, chain, line, size, x, baseline, fill):
    """One line, each run in the font that has its characters, on one baseline."""
    for index, run in chain.runs(line):
        font = chain.font(index, size)
        canvas.text((x, baseline), run, font=font, fill=fill, anchor="ls")
        x += font.getlength(run)


def _one_line(canvas, chain, text, part, fill):
    text = chain.drawable(text)
    if not text:
        return
    fitted = fit(text, RIGHT - LEFT, round(part["largest"] * 1.2), chain.width, part["largest"], part["smallest"])
    _draw_line(canvas, chain, fitted.lines[0], fitted.size, LEFT, part["baseline"], fill)


def draw(text, colors, chains):
    """The card for `text` (CardText) as PNG bytes; `chains` maps each part to its fonts."""
    image = Image.new("RGB", (WIDTH, HEIGHT), colors["background"])
    canvas = ImageDraw.Draw(image)
    canvas.rectangle((0, 0, BAND - 1, HEIGHT), fill=colors["accent"])
    _one_line(canvas, chains["site"], text.site, SITE, colors["accent"])

    title_chain = chains["title"]
    title = title_chain.drawable(text.title) or title_chain.drawable(text.site)
    height = TITLE["bottom"] - TITLE["top"]
    fitted = fit(title, RIGHT - LEFT, height, title_chain.width, TITLE["largest"], TITLE["smallest"])
    ascent, descent = title_chain.font(0, fitted.size).getmetrics()
    top = TITLE["top"] + (height - len(fitted.lines) * fitted.line_height) / 2
    for number, line in enumerate(fitted.lines):
        baseline = top + number * fitted.line_height + (fitted.line_height - ascent - descent) / 2 + ascent
        _draw_line(canvas, title_chain, line, fitted.size, LEFT, baseline, colors["text"])

    canvas.rectangle((LEFT, RULE_Y, RIGHT, RULE_Y + 1), fill=colors["rule"])
    _one_line(canvas, chains["author"], text.author, AUTHOR, colors["muted"])
    out = io.BytesIO()
    image.quantize(palette=_palette(colors), dither=Image.Dither.NONE).save(out, "PNG")
    return out.getvalue()


def _palette(colors):
    """The card's colours and the shades between the background and each of them (the edges
    of the letters): a PNG of a few dozen colours is a third of the size, and made faster."""
    background = ImageColor.getrgb(colors["background"])
    shades = [background]
    for name in ("text", "accent", "muted", "rule"):
        ink = ImageColor.getrgb(colors[name])
        shades += [tuple(round(b + (i - b) * step / SHADES) for b, i in zip(background, ink))
                   for step in range(1, SHADES + 1)]
    palette = Image.new("P", (1, 1))
    palette.putpalette([value for shade in shades for value in shade])
    return palette
