"""Build guard: symbolic links under content/ checked before anything follows them
(content_links.py), the strict Markdown reader, raw-HTML escaping, the broken-link checks, a
file of its own for every post and page (saved_paths.py), file names without line breaks
(file_names.py), no near-twin categories (categories.py), pictures that open and are not
too heavy (pictures.py), a
content cache that is dropped when its inputs change, posts read by two processes where
the machine has the cores (parallel.py), each post's finished HTML let go once its page
is written (memory.py), each post's address worked out once (addresses.py), and every static file
checked to be in the new site (static_copies.py).

The runner (`build_guard.runner.build`) is what `invoke build` calls; this
plugin adds the checks that must run inside Pelican.
"""

from pelican import signals

from .addresses import keep_addresses
from .block_links import forget_build, resolve_block_links
from .categories import check_categories
from .content_cache import drop_stale_cache
from .content_links import check_content_links
from .file_names import check_file_names
from .links import check_links
from .memory import forget_written
from .pictures import check_pictures
from .raw_html import escape_raw_html
from .reader import StrictMarkdownReader, finish_reading, share_reading
from .saved_paths import check_saved_paths
from .static_copies import note_static_files
from .stray_files import check_markdown_in_static, check_stray_files


def use_strict_reader(readers):
    for extension in StrictMarkdownReader.file_extensions:
        readers.reader_classes[extension] = StrictMarkdownReader


def register():
    signals.initialized.connect(check_content_links)  # before anything follows a link
    signals.initialized.connect(check_file_names)
    signals.initialized.connect(escape_raw_html)
    signals.initialized.connect(drop_stale_cache)
    signals.initialized.connect(forget_build)
    signals.readers_init.connect(use_strict_reader)
    signals.article_generator_preread.connect(share_reading)
    signals.article_generator_finalized.connect(finish_reading)
    signals.all_generators_finalized.connect(check_stray_files)
    signals.all_generators_finalized.connect(check_markdown_in_static)
    signals.all_generators_finalized.connect(note_static_files)
    signals.all_generators_finalized.connect(check_saved_paths)
    signals.all_generators_finalized.connect(check_categories)
    signals.all_generators_finalized.connect(keep_addresses)
    signals.all_generators_finalized.connect(resolve_block_links)
    signals.all_generators_finalized.connect(check_links)
    signals.all_generators_finalized.connect(check_pictures)
    signals.content_written.connect(forget_written)
