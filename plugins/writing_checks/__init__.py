"""The coach's writing, checked: every mistake stops the build with one line naming the
file, the line and the fix, before anything is published.

    reader.py        the strict Markdown reader: metadata, dates, characters, pictures
    metadata.py      the metadata block: names, statuses, the line of a name
    links.py         links to nothing, relative links, links to the preview or a draft
    stray_files.py   writing no part of the build reads; Markdown among the pictures
    saved_paths.py   a file of its own for every post and page
    near_twins.py    categories, tags and series one or two letters apart
    pictures.py      pictures that open, and are not too heavy
    file_names.py    file names without line breaks
    content_links.py symbolic links that leave content/ or loop
    raw_html.py      what the coach types is never HTML
    new_post.py      the post `invoke new` starts
    errors.py        AuthorError, the one-line message

Block types add their own checks with their syntax (callouts, signup_cta, disclaimers);
nothing here names them: the metadata names and folders they read come from the registry.
"""

from pelican import signals


def use_strict_reader(readers):
    from .reader import StrictMarkdownReader

    for extension in StrictMarkdownReader.file_extensions:
        readers.reader_classes[extension] = StrictMarkdownReader


def register():
    # Imported here, not when the package is: block types import writing_checks.errors and
    # .metadata, and these modules import the blocks' registry.
    from .near_twins import check_categories
    from .content_links import check_content_links
    from .file_names import check_file_names
    from .links import check_links
    from .pictures import check_pictures
    from .raw_html import escape_raw_html
    from .reader import finish_reading, share_reading
    from .saved_paths import check_saved_paths
    from .stray_files import check_markdown_in_static, check_stray_files

    signals.initialized.connect(check_content_links)  # before anything follows a link
    signals.initialized.connect(check_file_names)
    signals.initialized.connect(escape_raw_html)
    signals.readers_init.connect(use_strict_reader)
    signals.article_generator_preread.connect(share_reading)
    signals.article_generator_finalized.connect(finish_reading)
    signals.all_generators_finalized.connect(check_stray_files)
    signals.all_generators_finalized.connect(check_markdown_in_static)
    signals.all_generators_finalized.connect(check_saved_paths)
    signals.all_generators_finalized.connect(check_categories)
    signals.all_generators_finalized.connect(check_links)
    signals.all_generators_finalized.connect(check_pictures)
