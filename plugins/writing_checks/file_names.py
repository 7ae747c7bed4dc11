"""A file or folder under content/ whose name holds a line break or another control
character stops the build before anything is read.

Such a name comes from a paste into a Save dialog or a script: its post's address and
email folder would hold the character, links to it cannot be typed, and every message
naming it would be cut in two. Checked at `initialized`, so that it is the one line the
coach sees about that file.
"""

import os

from .errors import AuthorError, breaking_characters, display_path
from .stray_files import skipped

# Names the system makes itself: macOS keeps a folder's custom icon in "Icon\r".
SYSTEM_NAMES = frozenset({"Icon\r"})


def check_file_names(pelican):
    """`initialized`: stop on the first name under content/ with a control character."""
    settings = pelican.settings
    root = settings["PATH"]
    ignores = settings.get("IGNORE_FILES", ())
    for directory, subdirs, names in os.walk(root, followlinks=True):
        subdirs[:] = sorted(d for d in subdirs if not skipped(d, ignores))
        for name in sorted(names) + subdirs:
            if breaking_characters(name) and name not in SYSTEM_NAMES and not skipped(name, ignores):
                raise bad_name_error(os.path.join(directory, name), name)


def bad_name_error(path, name):
    """The error for a file or folder `name` (at `path`) with control characters in it."""
    kind = "folder" if os.path.isdir(path) else "file"
    shown = [repr(c)[1:-1] for c in breaking_characters(name)]
    line_break = any(c in "\n\r\x0b\x0c\x85\u2028\u2029" for c in name)
    what = "a line break" if line_break else "a control character"
    cleaned = "-".join(part for part in _split_on_breaks(name) if part) or "my-story.md"
    return AuthorError(
        f"the {kind} name has {what} in it ({', '.join(shown)}), which breaks its address and every "
        "message about it",
        f"rename the {kind} without line breaks or control characters, for example '{cleaned}'",
        path=path,
    )


def _split_on_breaks(name):
    part = ""
    for character in name:
        if breaking_characters(character):
            yield part.strip()
            part = ""
        else:
            part += character
    yield part.strip()
