"""Show `<` and `>` that the coach types as text instead of treating them as HTML, and
never publish an HTML comment.

The coach is not writing HTML: a title or summary like `Why "no" hurts & <helps>`, or a
line `<div class="box">` pasted from somewhere, must read as written. Python-Markdown's
documented way is to drop its raw-HTML block preprocessor and inline pattern (autolinks like
`<https://...>` still work); `extra` (md_in_html) registers the block preprocessor again, so
this extension is loaded after every other.

Attribute lists (`{: ...}`, part of `extra`) may set a class or an id only.

A comment (`<!-- ask Jo before publishing -->`) is a private note: it is dropped before the
text is read, never sent to the page, the feeds or the emails. Code keeps it as written
(fenced blocks are set aside before, `inline code` is skipped; a comment starting on an
indented line is left alone too).
"""

import re

from markdown.extensions import Extension
from markdown.extensions.attr_list import AttrListTreeprocessor, get_attrs_and_remainder
from markdown.preprocessors import Preprocessor

# An inline code span (kept as it is) or a comment (dropped).
CODE_OR_COMMENT = re.compile(r"(?P<code>(`+).*?(?<!`)\2(?!`))|(?P<comment><!--.*?-->)", re.DOTALL)


class CommentStripper(Preprocessor):
    """Drop HTML comments from the text, keeping its line count (a comment's lines go blank)."""

    def run(self, lines):
        text = "\n".join(lines)
        if "<!--" not in text:
            return lines
        return CODE_OR_COMMENT.sub(self._drop, text).split("\n")

    @staticmethod
    def _drop(match):
        comment = match.group("comment")
        if comment is None:
            return match.group(0)
        start = match.string.rfind("\n", 0, match.start()) + 1
        if match.string[start:match.start()].startswith(("    ", "\t")):
            return comment  # in an indented code block
        return "\n" * comment.count("\n")


class ClassAndIdOnly(AttrListTreeprocessor):
    """`extra`'s attribute lists (`{: .lesson #first }`) set a class or an id, nothing else:
    `{: onerror="..."}`, `{: style=...}` or `{: href=...}` are left out (the sanitizer would
    drop most of them anyway; this keeps them out of the tree every target is made from)."""

    def assign_attrs(self, elem, attrs_string, *, strict=False):
        attrs, remainder = get_attrs_and_remainder(attrs_string)
        if strict and remainder:
            return remainder
        for key, value in attrs:
            if key == "." or (key == "class" and value):
                elem.set("class", f"{elem.get('class')} {value}" if elem.get("class") else value)
            elif key == "id" and value:
                elem.set("id", value)
        return remainder


class EscapeRawHtmlExtension(Extension):
    def extendMarkdown(self, md):
        md.preprocessors.deregister("html_block", strict=False)
        md.inlinePatterns.deregister("html", strict=False)
        if "attr_list" in md.treeprocessors:
            md.treeprocessors.register(ClassAndIdOnly(md), "attr_list", 8)
        # After fenced code blocks (25) are set aside.
        md.preprocessors.register(CommentStripper(md), "html_comments", 15)


def escape_raw_html(pelican):
    """`initialized`: add the extension, last. Pelican appends the extensions named only in
    `extension_configs` when it makes its reader (after this): they are listed first here, so
    `extra` cannot bring raw HTML back after us."""
    markdown = pelican.settings["MARKDOWN"]
    extensions = markdown.setdefault("extensions", [])
    for name in markdown.get("extension_configs", {}):
        if name not in extensions:
            extensions.append(name)
    if not any(isinstance(e, EscapeRawHtmlExtension) for e in extensions):
        extensions.append(EscapeRawHtmlExtension())
