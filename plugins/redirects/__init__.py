"""Old addresses keep working.

`Redirect-From: /2026/old-slug/` on a post or page (several: commas, or one more line)
writes a page at each old address that sends readers on to the new one (pages.py: a
`meta refresh`, a canonical link, `noindex` and a visible link; listed nowhere), so a
changed `Slug:` breaks no link in emails already sent. addresses.py reads what the coach
wrote. In `invoke publish`, vanished.py compares the new site with the one it replaces:
an address that disappeared stops the build with the fix (a `Redirect-From:` line, or the
address in content/removed.txt for a page removed on purpose).
"""

from pelican import signals

from writing_checks.metadata import allow_metadata
from writing_checks.stray_files import allow_file

from .pages import METADATA, plan_redirects, write_redirects
from .vanished import REMOVED_FILE, note_pages

allow_metadata(__name__, METADATA, kinds=("post", "page", "newsletter"), several_lines=True)
allow_file(REMOVED_FILE)


def register():
    signals.all_generators_finalized.connect(plan_redirects)
    signals.all_generators_finalized.connect(note_pages)
    signals.finalized.connect(write_redirects)
