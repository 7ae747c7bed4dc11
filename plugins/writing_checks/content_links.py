"""Symbolic links under content/ stay inside it and lead nowhere back.

Pelican follows links when it looks for posts, pages and pictures and copies what it finds
in the picture folders as it is. A link back to a folder that holds it
(`content/images/loop -> ../../content`) made it copy content/ into the site again and
again, 40 levels deep: every Markdown source, drafts included, published hundreds of times.
A link to a folder outside content/ publishes whatever is there (a Pictures or Documents
folder). So before anything is read, one walk of content/ (following the links that stay
inside) stops the build at each link that leaves content/, points back to a folder that
holds it, or leads nowhere, one line each, naming the link and the fix.

What IGNORE_FILES names is passed over, as Pelican passes it over.
"""

import errno
import fnmatch
import os

from .errors import AuthorError, display_path, report


def check_content_links(pelican_object):
    """`initialized`: stop the build at the first bad link (after reporting every one)."""
    settings = pelican_object.settings
    errors = list(bad_links(settings["PATH"], settings.get("IGNORE_FILES", ())))
    if errors:
        for error in errors:
            report(error)
        raise errors[0]


def bad_links(root, ignores=()):
    """An AuthorError for each link under `root` that leaves it, loops or leads nowhere."""
    real_root = os.path.realpath(root)
    shown_root = display_path(root).rstrip("/") + "/"
    reported = set()
    # (folder as reached, its real path, the real paths of the folders above it)
    pending = [(root, real_root, (real_root,))]
    while pending:
        folder, real_folder, above = pending.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            continue  # Pelican skips what it cannot list, and so does this walk
        for entry in entries:
            if ignores and any(fnmatch.fnmatch(entry.name, pattern) for pattern in ignores):
                continue
            if entry.is_symlink():
                # Named where it really is in content/, not by the path through other links.
                link = os.path.join(root, os.path.relpath(os.path.join(real_folder, entry.name), real_root))
                error = _link_error(link, real_root, shown_root, above)
                if error is not None:
                    if link not in reported:
                        reported.add(link)
                        yield error
                    continue
                if entry.is_dir():
                    real = os.path.realpath(entry.path)
                    if real not in above:  # else reported at its link
                        pending.append((entry.path, real, above + (real,)))
            elif entry.is_dir(follow_symlinks=False):
                real = os.path.join(real_folder, entry.name)
                pending.append((entry.path, real, above + (real,)))


def _link_error(link, real_root, shown_root, above):
    target = os.readlink(link)
    try:
        os.stat(link)
    except OSError as error:
        loop = error.errno == errno.ELOOP  # links pointing at each other
        return AuthorError(
            f"this link points to {target}, " + ("which leads back to this link through other "
                                                  "links" if loop else "which does not exist"),
            "delete the link" + ("" if loop else ", or put what it should show there"),
            path=link,
        )
    real = os.path.realpath(link)
    if os.path.commonpath([real, real_root]) != real_root:
        return AuthorError(
            f"this link points to {real}, outside {shown_root}, so the build would publish "
            "whatever is there",
            f"copy what the site should show into {shown_root} and delete the link",
            path=link,
        )
    if real in above:
        return AuthorError(
            f"this link points back to {display_path(real).rstrip('/')}/, a folder that holds it "
            "(or holds a link to it), so the build would copy that folder into itself again and again (your Markdown "
            "sources and drafts included)",
            "delete the link",
            path=link,
        )
    return None
