"""A tag typed as text (`<div class="box">`, pasted from a web page) kept whole.

With raw HTML turned off (writing_checks.raw_html), Python-Markdown reads such a tag as
text, and smarty would curl its quotes (`<div class=”box”>`): it is no longer what was
typed. This inline pattern sets the tag aside as Python-Markdown sets real HTML aside (its
stash, with Markdown's own HTML pattern); the blocks' capture puts it back as the text it is
(blocks.capture: a stashed value that is no entity becomes escaped text), after smarty.
"""

from markdown.extensions import Extension
from markdown.inlinepatterns import HTML_RE, InlineProcessor

PRIORITY = 90  # where Python-Markdown's own `html` pattern is (taken out by raw_html)


class TagAsWritten(InlineProcessor):
    def handleMatch(self, match, data):
        return self.md.htmlStash.store(match.group(0)), match.start(0), match.end(0)


class TagsAsWrittenExtension(Extension):
    def extendMarkdown(self, md):
        md.inlinePatterns.register(TagAsWritten(HTML_RE, md), "typography_tags_as_written", PRIORITY)
