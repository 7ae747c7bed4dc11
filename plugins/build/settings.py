"""Every plugin's settings and their defaults, read at run time from Pelican's settings.

Each plugin declares its settings once, with their defaults and what they mean, as
`DEFAULTS = defaults({...})` in its own module; `setting(settings, NAME)` is the value a build
uses: the one in pelicanconf.py / publishconf.py, else the default.
"""

DEFAULTS = {}


def defaults(values):
    """Register a plugin's settings and their defaults; returns them for the module to keep."""
    DEFAULTS.update(values)
    return values


def setting(settings, name):
    """The value of setting `name` for this build: the settings', else its declared default."""
    return settings.get(name, DEFAULTS[name])
