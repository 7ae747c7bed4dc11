"""The plugin's settings and their defaults, in one place."""

DEFAULTS = {
    # Folder under PATH (content/) holding NAME.md call-to-action files.
    "CTA_PATH": "ctas",
    # The CTA that `[[cta]]` places and that ends every post without `CTA:` metadata.
    # None: no default. If its file is missing while content/ctas/ holds other CTAs,
    # the build stops (a typo); with no CTA files at all there is simply no default.
    "CTA_DEFAULT": None,
    # Visible label of the email field in sign-up forms.
    "CTA_EMAIL_LABEL": "Your email address",
    # Where feeds and emails send readers for a sign-up CTA (a form cannot work there):
    # the site's Subscribe page, relative to SITEURL or absolute. A sign-up CTA's own
    # `URL:` wins over this.
    "CTA_SUBSCRIBE_URL": "subscribe/",
    # Colours of the email button and panel (mail clients need literal colours).
    "CTA_EMAIL_COLORS": {
        "button": "#8a3b12",
        "button_text": "#ffffff",
        "panel": "#f2efe8",
        "rule": "#8a3b12",
        "text": "#1f2328",
    },
}


def setting(settings, name):
    """A CTA_* setting from Pelican's settings, else its default."""
    return settings.get(name, DEFAULTS[name])
