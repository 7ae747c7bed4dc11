"""Smarty only where it has work: the text pieces with no quote, `--`, `...`, `<<` or `>>`
are marked atomic for its pass, and unmarked after it.

Python-Markdown's smarty is a second inline pass over every piece of text in the tree
(each paragraph's text, and the line break after each element), trying its fifteen patterns
on each: it was 40% of converting a post's Markdown (4 of 10 ms a post). Every one of its
patterns needs one of those characters, so a piece without any is left as it was, and the
page is the same to the byte; `AtomicString` is Python-Markdown's own way to say "no inline
patterns here". The marks are taken off right after smarty, so every later step sees the
tree it saw before.
"""

import re

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

SMARTY_PRIORITY = 6  # Python-Markdown's smarty treeprocessor (abbr, at 7, must see plain text)
# What any of smarty's patterns starts from (the angled quotes as typed or escaped).
SMARTY_WORK = re.compile(r"""['"]|--|\.\.\.|<<|>>|&[lg]t;&[lg]t;""")


class MarkQuietText(Treeprocessor):
    """Before smarty: the pieces of text it would leave as they are, marked atomic."""

    def __init__(self, md, marked):
        super().__init__(md)
        self.marked = marked

    def run(self, root):
        self.marked.clear()
        for element in root.iter():
            text, tail = element.text, element.tail
            if text and type(text) is str and not SMARTY_WORK.search(text):
                element.text = AtomicString(text)
                self.marked.append((element, "text"))
            if tail and type(tail) is str and not SMARTY_WORK.search(tail):
                element.tail = AtomicString(tail)
                self.marked.append((element, "tail"))


class UnmarkQuietText(Treeprocessor):
    """After smarty: the marks taken off again."""

    def __init__(self, md, marked):
        super().__init__(md)
        self.marked = marked

    def run(self, root):
        for element, side in self.marked:
            setattr(element, side, str(getattr(element, side)))
        self.marked.clear()


class QuietTextExtension(Extension):
    def extendMarkdown(self, md):
        marked = []
        md.treeprocessors.register(MarkQuietText(md, marked), "smarty_skip_quiet", SMARTY_PRIORITY + 0.5)
        md.treeprocessors.register(UnmarkQuietText(md, marked), "smarty_unmark_quiet", SMARTY_PRIORITY - 0.5)
