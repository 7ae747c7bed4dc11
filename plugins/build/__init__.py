"""The build: a new site in a staging folder swapped into place only when it is complete
(runner.py, output_folder.py), the preview server (preview.py), work shared with a second
process (parallel.py: reading the posts, writing their pages with writer.py), the content
cache kept honest (content_cache.py), every static file checked to be in the new site
(static_copies.py), and the settings helper (settings.py)."""

from pelican import signals


def register():
    # Imported here, not with the package: every plugin imports build.settings.
    from .content_cache import drop_stale_cache
    from . import writer
    from .static_copies import note_static_files

    signals.initialized.connect(drop_stale_cache)
    signals.all_generators_finalized.connect(note_static_files)
    signals.all_generators_finalized.connect(writer.remember_generators)
    signals.get_writer.connect(writer.choose_writer)
    signals.article_writer_finalized.connect(writer.stop_sharing)
    signals.finalized.connect(writer.finish)
