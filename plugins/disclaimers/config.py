"""The plugin's settings and their defaults, in one place."""

DEFAULTS = {
    # Folder under PATH (content/) holding NAME.md disclaimer files.
    "DISCLAIMER_PATH": "disclaimers",
    # The disclaimer every post gets unless it says otherwise; None or "" for none.
    # If its file is missing the site simply has no default disclaimer, except when
    # this setting is written in pelicanconf.py and the folder holds other
    # disclaimers: then the name is surely a typo and the build stops.
    "DISCLAIMER_DEFAULT": "default",
}


def setting(settings, name):
    """A DISCLAIMER_* setting from Pelican's settings, else its default."""
    return settings.get(name, DEFAULTS[name])
