"""The callout types: built-in defaults (the one place they are defined) and the
`CALLOUT_TYPES` setting that adds or overrides them.

A type says how a callout reads without colour (its label, and the title used when
the author gives none), which web form it takes ("box": an aside; "quote": a pull
quote), and the colours the email form paints inline (mail clients drop stylesheets).
"""

import difflib
import re
from dataclasses import dataclass

from writing_checks.errors import AuthorError

# Every key a type may set; CALLOUT_TYPES entries may give any subset.
#   label             visible word in front of the title ("Tip: ...")
#   title             title when the author writes none ("" = just the label)
#   icon              decorative symbol before the label on the web page (hidden from
#                     screen readers; "" = none)
#   form              "box" (an <aside>) or "quote" (a <figure> pull quote)
#   email_border      left border colour of the email box
#   email_background  background colour of the email box
DEFAULTS = {
    "CALLOUT_TYPES": {
        "note": {
            "label": "Note", "title": "", "icon": "\u2139\ufe0e", "form": "box",
            "email_border": "#3b6ea8", "email_background": "#eef4fb",
        },
        "tip": {
            "label": "Tip", "title": "", "icon": "\u2713", "form": "box",
            "email_border": "#2f7d4f", "email_background": "#edf7f0",
        },
        "important": {
            "label": "Important", "title": "", "icon": "!", "form": "box",
            "email_border": "#6b4fbb", "email_background": "#f3f0fb",
        },
        "warning": {
            "label": "Warning", "title": "", "icon": "\u26a0\ufe0e", "form": "box",
            "email_border": "#a86a00", "email_background": "#fdf5e6",
        },
        "caution": {
            "label": "Caution", "title": "", "icon": "\u2298", "form": "box",
            "email_border": "#b3261e", "email_background": "#fcefee",
        },
        "lesson": {
            "label": "Lesson", "title": "", "icon": "\u2605", "form": "box",
            "email_border": "#0f766e", "email_background": "#ecf8f6",
        },
        "remember": {
            "label": "Remember", "title": "", "icon": "\u270e\ufe0e", "form": "box",
            "email_border": "#9a3f6b", "email_background": "#fbf0f5",
        },
        "quote": {
            "label": "Quote", "title": "", "icon": "", "form": "quote",
            "email_border": "#8a3b12", "email_background": "#f6f4ef",
        },
    },
}

# Names other Markdown tools (GitHub, Obsidian, MkDocs) give a callout, and the built-in type
# that means the same: what an unknown type's message suggests before a look-alike spelling.
SAME_MEANING = {
    "hint": "tip", "advice": "tip", "info": "note", "information": "note", "aside": "note",
    "danger": "caution", "error": "caution", "attention": "warning", "alert": "warning",
    "cite": "quote", "quotation": "quote", "takeaway": "lesson", "reminder": "remember",
}

FORMS = ("box", "quote")
NAME = re.compile(r"^[a-z][a-z0-9-]*$")
COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


@dataclass(frozen=True)
class CalloutType:
    name: str
    label: str
    title: str
    icon: str
    form: str
    email_border: str
    email_background: str


def _setting_error(problem, fix):
    return AuthorError(problem, fix, path="pelicanconf.py")


def resolve_types(custom=None):
    """{name: CalloutType}: the defaults with CALLOUT_TYPES (`custom`) merged over them.

    A new name needs only what differs from a plain box (its label defaults to the
    capitalised name); an existing name changes only the keys it gives.
    """
    merged = {name: dict(spec) for name, spec in DEFAULTS["CALLOUT_TYPES"].items()}
    for raw_name, spec in (custom or {}).items():
        name = str(raw_name).lower()
        if not NAME.match(name):
            raise _setting_error(
                f"CALLOUT_TYPES has a type named {raw_name!r}, which cannot be written in a callout",
                "use letters, digits and hyphens, starting with a letter (for example 'exercise')",
            )
        if not isinstance(spec, dict):
            raise _setting_error(
                f"CALLOUT_TYPES[{raw_name!r}] is not a dict",
                "write it as a dict, for example {'label': 'Exercise', 'title': 'Try this'}, "
                "with any of: " + ", ".join(DEFAULTS["CALLOUT_TYPES"]["note"]),
            )
        unknown = set(spec) - set(DEFAULTS["CALLOUT_TYPES"]["note"])
        if unknown:
            raise _setting_error(
                f"CALLOUT_TYPES[{raw_name!r}] has unknown keys: {', '.join(sorted(unknown))}",
                "use only: " + ", ".join(DEFAULTS["CALLOUT_TYPES"]["note"]),
            )
        base = merged.get(name) or {
            **DEFAULTS["CALLOUT_TYPES"]["note"], "label": name.replace("-", " ").capitalize(), "icon": "",
        }
        merged[name] = {**base, **spec}
    types = {}
    for name, spec in merged.items():
        if spec["form"] not in FORMS:
            raise _setting_error(
                f"CALLOUT_TYPES[{name!r}] has form {spec['form']!r}",
                "use form 'box' or 'quote'",
            )
        for key in ("email_border", "email_background"):
            if not COLOUR.match(str(spec[key])):
                raise _setting_error(
                    f"CALLOUT_TYPES[{name!r}] has {key} {spec[key]!r}, which mail clients cannot use",
                    "write the colour as #rrggbb, for example '#3b6ea8'",
                )
        if not str(spec["label"]).strip():
            raise _setting_error(
                f"CALLOUT_TYPES[{name!r}] has an empty label",
                "give it a label, the word that names the box without colour (for example 'Exercise')",
            )
        types[name] = CalloutType(name=name, **{key: str(value) for key, value in spec.items()})
    return types


def unknown_type_error(name, types, needle):
    """The AuthorError for a callout whose type does not exist, with the closest match."""
    known = ", ".join(sorted(types))
    close = [SAME_MEANING[name.lower()]] if SAME_MEANING.get(name.lower()) in types else \
        difflib.get_close_matches(name.lower(), list(types), n=1, cutoff=0.5)
    suggestion = f"did you mean '{close[0]}'? Otherwise use" if close else "use"
    return AuthorError(
        f"unknown callout type '{name}' (known types: {known})",
        f"{suggestion} one of the known types, or add '{name.lower()}' to CALLOUT_TYPES "
        "in pelicanconf.py",
        needle=needle,
    )
