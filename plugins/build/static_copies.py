"""Every picture and download Pelican was to copy is in the new site, whole.

Pelican copies static files with a warning, not an error, when the copy fails (a full
disk), and copies nothing, without a word, when the file was deleted after it was listed:
the site would be published with a picture missing or cut short. The files to copy are
noted once the content is read; after Pelican has written the site, the runner calls
`check_copied`, which copies again each file that is missing or of another size than its
source, so that the system's own error (the disk is full, the file is gone) stops the build.
"""

import os
import shutil

from blocks.state import STATE_KEY


def note_static_files(generators):
    """`all_generators_finalized`: what the static generator will copy (on the build's state).
    Not where to: asking a file's save_as now would keep an {attach} link from moving it."""
    path = generators[0].settings["PATH"]
    # Pelican also lists a {static} link's HTML-escaped name ('images/Q&amp'), which it then
    # passes over: only files that exist now are checked.
    generators[0].settings[STATE_KEY].static_files = [
        (source, static) for static in generators[0].context.get("staticfiles", [])
        for source in [os.path.join(path, static.source_path)] if os.path.isfile(source)
    ]


def check_copied(settings, output):
    """Raise the OSError that kept a static file from the site in `output`, if any."""
    state = settings.get(STATE_KEY)
    for source, static in getattr(state, "static_files", ()):
        target = os.path.join(output, static.save_as)
        size = os.stat(source).st_size  # FileNotFoundError names a file deleted mid-build
        try:
            whole = os.stat(target).st_size == size
        except FileNotFoundError:
            whole = False
        if not whole:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copyfile(source, target)
