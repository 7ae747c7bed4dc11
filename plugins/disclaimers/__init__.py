"""Disclaimer footers: content/disclaimers/NAME.md, one at the end of each post.

`default.md` (DISCLAIMER_DEFAULT) ends every post and newsletter issue unless it says
`Disclaimer: NAME` or `Disclaimer: none`; pages get one only when they name one. It is appended to the post as
`<block type="disclaimer" name="NAME">`, before the end-of-post CTA. Its four forms:

    web    <aside class="disclaimer" aria-label="Disclaimer">…its text…</aside>
    feed   <div class="disclaimer">…</div>
    email  <table role="presentation" class="disclaimer"><tr><td class="disclaimer-cell">…</td></tr></table>
    text   its text
"""

import os

from blocks.files import BlockFileReader
from blocks.registry import BlockType, block_type, new_block
from build.settings import defaults
from writing_checks.errors import AuthorError, display_path
from writing_checks.metadata import intended_name, renamed_default

DEFAULTS = defaults({
    # Folder under PATH (content/) holding NAME.md disclaimer files.
    "DISCLAIMER_PATH": "disclaimers",
    # The disclaimer every post gets unless it says otherwise; None or "" for none. If its
    # file is missing the site simply has no default disclaimer, except when this setting is
    # written in pelicanconf.py and the folder holds other disclaimers: then the name is
    # surely a typo and the build stops.
    "DISCLAIMER_DEFAULT": "default",
})
OFF = "none"


@block_type
class Disclaimer(BlockType):
    name = "disclaimer"
    metadata = ("disclaimer",)
    folders = {"DISCLAIMER_PATH": "disclaimer"}
    attach_order = 10

    def __init__(self, build):
        super().__init__(build)
        self.files = {}
        self.default = None
        self.folder = ""

    def load(self):
        self.folder = os.path.join(self.settings["PATH"], self.setting("DISCLAIMER_PATH"))
        reader = BlockFileReader(self.settings, "disclaimer", ("title",), header_optional=True)
        self.files = reader.read_folder(self.folder)
        for name, block_file in self.files.items():
            if name.lower() == OFF:
                raise AuthorError("a disclaimer cannot be called 'none': that word turns disclaimers off",
                                  "rename the file, for example to 'general.md'", path=block_file.path)
            if not len(block_file.tree) and not (block_file.tree.text or "").strip():
                raise AuthorError(
                    "the disclaimer has no text",
                    "write one to three sentences below the metadata (after a blank line), or delete the file",
                    path=block_file.path,
                )
        self.default = self.default_name()

    def names(self):
        return ", ".join(sorted(self.files)) or "none yet"

    def default_name(self):
        """The default disclaimer's name, None when there is none, AuthorError for a likely typo."""
        name = self.setting("DISCLAIMER_DEFAULT")
        if not name or str(name).strip().lower() == OFF:
            return None
        if name in self.files:
            return name
        renamed = renamed_default("disclaimer", name, {other: f.path for other, f in self.files.items()})
        if renamed is not None:
            raise renamed
        if "DISCLAIMER_DEFAULT" in self.settings and self.files:
            raise AuthorError(
                f"DISCLAIMER_DEFAULT is '{name}', but there is no {name}.md in "
                f"{display_path(self.folder)} (disclaimers: {self.names()})",
                "set DISCLAIMER_DEFAULT in pelicanconf.py to one of those names, or to None for no default",
                path="pelicanconf.py",
            )
        return None

    def attach(self, document, root):
        if document.kind not in ("post", "page", "newsletter"):
            return
        wanted = document.value("disclaimer")
        # Posts and newsletter issues get the default; a page only the one it names.
        name = (self.default if document.kind != "page" else None) if wanted is None else self.chosen(wanted)
        if name is not None:
            new_block(root, "disclaimer", name=name)

    def chosen(self, written):
        """The disclaimer a `Disclaimer:` line names (None for none); AuthorError at that line."""
        if written.lower() == OFF:
            return None
        if written in self.files:
            return written
        meant, extras = intended_name(written)
        if extras and (meant in self.files or meant.lower() == OFF):
            raise AuthorError(
                f"the disclaimer is written '{written}', with {extras}: a disclaimer is named without them",
                f"write 'Disclaimer: {meant}'", key="disclaimer",
            )
        without = f" (without {extras})" if extras else ""
        raise AuthorError(
            f"unknown disclaimer '{written}' (disclaimers: {self.names()})",
            f"write 'Disclaimer: NAME' with one of those names{without}, 'Disclaimer: none' for no "
            f"disclaimer, or create {display_path(self.folder)}/{meant or written}.md",
            key="disclaimer",
        )

    # --- the four forms ---------------------------------------------------------------------

    def source_of(self, element):
        return self.files[element.get("name")].path

    def tree(self, element):
        return self.files[element.get("name")].tree

    def web(self, element, out):
        return out.fill(out.new("aside", {"class": "disclaimer", "aria-label": "Disclaimer"}), self.tree(element))

    def feed(self, element, out):
        return out.fill(out.new("div", {"class": "disclaimer"}), self.tree(element))

    def email(self, element, out):
        table = out.new("table", {"role": "presentation", "class": "disclaimer", "width": "100%",
                                  "cellpadding": "0", "cellspacing": "0", "border": "0"})
        out.fill(out.new("td", {"class": "disclaimer-cell"}, parent=out.new("tr", parent=table)), self.tree(element))
        return table

    def text(self, element, out):
        return out.block_text(self.tree(element))


def register():
    """Nothing to connect: the block type is registered (`@block_type`) when imported."""


__all__ = ["DEFAULTS", "Disclaimer", "register"]
