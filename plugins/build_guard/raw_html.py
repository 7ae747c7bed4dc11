"""Show `<` and `>` that the coach types as text instead of treating them as HTML.

The coach is not writing HTML: a title or summary like `Why "no" hurts & <helps>`
must read as written. Python-Markdown's documented way is to drop its raw-HTML
block preprocessor and inline pattern; autolinks like `<https://...>` still work.
"""

from markdown.extensions import Extension


class EscapeRawHtmlExtension(Extension):
    def extendMarkdown(self, md):
        md.preprocessors.deregister("html_block", strict=False)
        md.inlinePatterns.deregister("html", strict=False)


def escape_raw_html(pelican):
    """`initialized`: add the extension unless MARKDOWN_RAW_HTML is True."""
    if pelican.settings.get("MARKDOWN_RAW_HTML", False):
        return
    extensions = pelican.settings["MARKDOWN"].setdefault("extensions", [])
    if not any(isinstance(e, EscapeRawHtmlExtension) for e in extensions):
        extensions.append(EscapeRawHtmlExtension())
