"""A tag typed as text (`<div class="box">`, pasted from a web page) keeps its straight quotes.

With raw HTML turned off (writing_checks.raw_html), Python-Markdown reads such a tag as
text, and smarty would curl its quotes (`<div class=”box”>`): it would no longer be what was
typed. This inline pattern, where Python-Markdown's own HTML pattern was, leaves the tag as
text and sets each of its quotes aside as the character reference it is (`&quot;`, `&#39;`,
in Python-Markdown's stash, as smarty sets aside the curly ones it makes), which smarty does
not see; the blocks' capture puts them back as references, shown as the quotes they are.
Nothing of the tag is stashed as HTML: it stays text in every target.
"""

import re

from markdown.extensions import Extension
from markdown.inlinepatterns import HTML_RE, InlineProcessor

PRIORITY = 90  # where Python-Markdown's own `html` pattern is (taken out by raw_html)
QUOTE = re.compile("[\"']")
REFERENCES = {'"': "&quot;", "'": "&#39;"}


class TagAsWritten(InlineProcessor):
    def handleMatch(self, match, data):
        tag = QUOTE.sub(lambda quote: self.md.htmlStash.store(REFERENCES[quote.group()]), match.group(0))
        return tag, match.start(0), match.end(0)


class TagsAsWrittenExtension(Extension):
    def extendMarkdown(self, md):
        md.inlinePatterns.register(TagAsWritten(HTML_RE, md), "typography_tags_as_written", PRIORITY)
