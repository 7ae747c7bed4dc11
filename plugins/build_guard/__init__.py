"""Build guard: the strict Markdown reader, raw-HTML escaping and the broken-link check.

The runner (`build_guard.runner.build`) is what `invoke build` calls; this
plugin adds the checks that must run inside Pelican.
"""

from pelican import signals

from .links import check_links
from .raw_html import escape_raw_html
from .reader import StrictMarkdownReader


def use_strict_reader(readers):
    for extension in StrictMarkdownReader.file_extensions:
        readers.reader_classes[extension] = StrictMarkdownReader


def register():
    signals.initialized.connect(escape_raw_html)
    signals.readers_init.connect(use_strict_reader)
    signals.all_generators_finalized.connect(check_links)
