"""Colours written in pelicanconf.py: `#rgb` or `#rrggbb`, checked before the build starts."""

import re

from writing_checks.errors import AuthorError

HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")
KEYS = ("background", "text", "muted", "accent", "rule")  # what a social card is drawn with


def check_colours(colours, name):
    """AuthorError (naming pelicanconf.py) unless `colours` maps each of KEYS to a hex colour."""
    example = f'{name} = {{"background": "#fbfaf7", "text": "#1f2328", "muted": "#4f5661", ...}}'
    if not isinstance(colours, dict):
        raise AuthorError(f"{name} is {colours!r}, not a set of colours", f"write it as {example}",
                          path="pelicanconf.py")
    for key in KEYS:
        value = colours.get(key)
        if not isinstance(value, str) or not HEX_COLOUR.fullmatch(value.strip()):
            raise AuthorError(
                f"{name}[{key!r}] is {value!r}, not a colour" if key in colours else f"{name} has no {key!r} colour",
                f"give each of {', '.join(KEYS)} a colour written '#' and six hexadecimal digits, as in {example}",
                path="pelicanconf.py")
