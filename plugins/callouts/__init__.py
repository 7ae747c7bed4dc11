"""Callouts: key lessons, tips, warnings, "remember" boxes and pull quotes.

All four forms of a callout live here: the Markdown syntax and web markup
(`extension.py`), the types and their defaults (`types.py`), and the feed and email
forms (`forms.py`, receivers for content_forms' signals). The plain-text form is
drawn by the email export from the `.callout` / `.callout-title` classes.

Setting: CALLOUT_TYPES (name -> dict of label, title, icon, form, email_border,
email_background), merged over the built-in types in `types.DEFAULTS`.
"""

import content_forms
from pelican import signals

from .extension import CalloutExtension
from .forms import email_callouts, feed_callouts
from .types import DEFAULTS, resolve_types

__all__ = ["CalloutExtension", "DEFAULTS", "register"]


def add_extension(pelican):
    """`initialized`: put one CalloutExtension, configured from the settings, in MARKDOWN."""
    custom = pelican.settings.get("CALLOUT_TYPES") or {}
    resolve_types(custom)  # a bad setting stops the build here, once, not per file
    extensions = pelican.settings["MARKDOWN"].setdefault("extensions", [])
    extensions[:] = [e for e in extensions if not isinstance(e, CalloutExtension)]
    extensions.append(CalloutExtension(types=custom))


def register():
    signals.initialized.connect(add_extension)
    content_forms.feed_form.connect(feed_callouts)
    content_forms.email_form.connect(email_callouts)
