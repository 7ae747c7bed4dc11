"""The folder a build writes (output/ or preview/): staged beside it, swapped in whole.

A build writes into `.NAME-build-XXXX` beside the folder NAME and, once it succeeded,
exchanges the two in one step (Linux's renameat2 RENAME_EXCHANGE, macOS's renamex_np
RENAME_SWAP): whenever the build is killed, NAME holds the last good site or the new one,
never half of one and never nothing. NAME stays a real folder (upload tools copy it as
they always did); the replaced site, now under the staging name, is renamed
`.NAME-old-XXXX` and deleted after the build returns. Where a disk cannot exchange (some
network disks) two renames are used, and a kill between them leaves NAME missing until
the next build.

`.NAME.lock` beside the folder (fcntl.flock, held for the whole build, holding the pid)
keeps two builds of one folder apart and tells the second which process is building. The
build holding it owns every `.NAME-build-*` and `.NAME-old-*` folder there: those a killed
build left are deleted when the next build starts, and by `invoke clean` (`remove`), but a
replaced site another process is still deleting is locked by that process and left to it.
"""

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import sys
import tempfile
import threading

from writing_checks.errors import display_path

NOT_SUPPORTED = {errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV}
RENAME_EXCHANGE = 2  # linux/fs.h
RENAME_SWAP = 2  # macOS sys/stdio.h
AT_FDCWD = -100


class FolderProblem(Exception):
    """The output folder cannot be used; str() is the one line for the coach."""


def _shown(path):
    return display_path(path).rstrip("/") + "/"


class StagedOutput:
    """The staging folder of one build of `final` (a context manager): `path` is where the
    build writes, `publish()` puts it in place; leaving the block without publishing deletes
    it, and the lock is always released."""

    def __init__(self, final):
        final = os.path.abspath(final)
        if os.path.islink(final):  # output/ linked to the web server's folder: replace that one
            final = os.path.realpath(final)
        self.final = final
        self.parent, self.name = os.path.split(final.rstrip(os.sep))
        self.path = None
        self.left_behind = []  # leftovers that could not be deleted: (path, reason)
        self._lock = None

    def __enter__(self):
        if os.path.lexists(self.final) and not os.path.isdir(self.final):
            raise FolderProblem(
                f"{display_path(self.final)}: this is a file, but the build writes the site into "
                f"a folder of that name. Fix: rename or move the file, then build again; it "
                f"was not changed")
        try:
            os.makedirs(self.parent, exist_ok=True)
            self._lock = BuildLock(self.parent, self.name)
            self.left_behind = remove_leftovers(self.parent, self.name)
            self.path = tempfile.mkdtemp(prefix=f".{self.name}-build-", dir=self.parent)
        except OSError as error:
            self.__exit__(None, None, None)
            raise FolderProblem(unwritable(error, self.parent)) from None
        return self

    def __exit__(self, *exc_info):
        if self.path is not None:
            shutil.rmtree(self.path, ignore_errors=True)
            self.path = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def publish(self):
        """Put the finished site in place of `final` (the replaced one is deleted later)."""
        staging, self.path = self.path, None
        try:
            os.chmod(staging, 0o755)  # mkdtemp made it private
            if not os.path.lexists(self.final):
                os.rename(staging, self.final)  # nothing to replace: one rename is atomic
                return
            exchanged = _exchange(staging, self.final)
            if not exchanged:
                retired = tempfile.mkdtemp(prefix=f".{self.name}-old-", dir=self.parent)
                os.rename(self.final, os.path.join(retired, self.name))
        except OSError as error:
            shutil.rmtree(staging, ignore_errors=True)
            raise FolderProblem(unwritable(error, self.final)) from None
        if exchanged:  # the new site is in place; the old one is under the staging name
            retired = os.path.join(self.parent, f".{self.name}-old-" + staging.rsplit("-", 1)[1])
            try:
                os.rename(staging, retired)
            except OSError:
                retired = staging
        else:
            try:
                os.rename(staging, self.final)
            except OSError as error:
                os.rename(os.path.join(retired, self.name), self.final)
                shutil.rmtree(staging, ignore_errors=True)
                raise FolderProblem(unwritable(error, self.final)) from None
        _delete_later(retired)


def unwritable(error, folder):
    """The line for a folder the build may not write in (read-only, another user's, in use)."""
    reason = error.strerror or str(error)
    hint = {
        errno.EROFS: "it is on a read-only disk or mount: build on a disk you can write to",
        errno.EBUSY: "it is in use (a mount point, or open in another program): close that "
                     "program, or build into a folder that is not a mount point",
        errno.ENOSPC: "the disk is full: free some space (empty the bin, delete old backups)",
        errno.EDQUOT: "your disk quota is full: free some space",
    }.get(error.errno, "give yourself write access to it (after `sudo invoke ...` it belongs to "
                       "root: `sudo chown -R $USER` on it), or build in a folder of your own")
    return (f"{_shown(folder)}: the build cannot write the site here ({reason}). Fix: {hint}, "
            f"then build again; the site was not changed")


class BuildLock:
    """`.NAME.lock` in `parent`, locked by this process (or FolderProblem naming the holder).

    The file is deleted on release; a build that locked a file just deleted tries again with
    the new one, so two builds never both hold a lock."""

    def __init__(self, parent, name):
        self.path = os.path.join(parent, f".{name}.lock")
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder, _, command = os.read(fd, 200).decode("utf-8", "replace").strip().partition("\n")
                os.close(fd)
                raise FolderProblem(busy(os.path.join(parent, name), holder, command.strip())) from None
            try:
                same = os.stat(self.path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n{running_command()}\n".encode())
        self.fd = fd

    def release(self):
        with contextlib.suppress(OSError):
            os.unlink(self.path)
        os.close(self.fd)


def running_command():
    """The invoke command this process runs ("invoke serve"), for the line a second build
    prints; "" when it is not run by invoke (a test, a script)."""
    program = os.path.normpath(sys.argv[0] if sys.argv else "")
    if os.path.basename(program) not in ("invoke", "inv") and not program.endswith(os.path.join("invoke", "__main__.py")):
        return ""
    task = next((arg for arg in sys.argv[1:] if not arg.startswith("-")), "")
    return f"invoke {task}".strip()


def busy(folder, holder, command=""):
    """The line for a second build of the same folder: the command that holds it when it is
    known, else the likely one (`invoke serve`, left running in another window)."""
    details = ", ".join(filter(None, [f"pid {holder}" if holder.isdigit() else "", command]))
    where = f"the window where {command} runs" if command else "its window"
    hint = "" if command else " (it may be invoke serve, in another window)"
    return (f"{_shown(folder)}: another build is running{f' ({details})' if details else ''} and writing "
            f"this folder{hint}. Fix: wait for it to finish or stop it (Ctrl-C in {where}), then build "
            "again; the site was not changed")


def _leftovers(parent, name):
    prefixes = (f".{name}-build-", f".{name}-old-")
    try:
        names = sorted(os.listdir(parent))
    except FileNotFoundError:
        return []
    return [os.path.join(parent, n) for n in names if n.startswith(prefixes)]


def remove_leftovers(parent, name):
    """Delete the staging and replaced folders a killed build left beside `name` (the
    caller holds its lock); return [(path, reason)] for those that could not be deleted."""
    failed = []
    for path in _leftovers(parent, name):
        if os.path.islink(path) or not os.path.isdir(path):
            with contextlib.suppress(OSError):
                os.unlink(path)
            continue
        try:
            fd = _lock_folder(path)
        except BlockingIOError:
            continue  # another process is deleting this replaced site
        except OSError as error:
            failed.append((path, error.strerror))
            continue
        errors = []
        try:
            shutil.rmtree(path, onerror=lambda *args: errors.append(args[2][1]))
        finally:
            os.close(fd)
        if errors and os.path.lexists(path):
            failed.append((path, getattr(errors[0], "strerror", None) or str(errors[0])))
    return failed


def remove(final):
    """`invoke clean`: delete `final` and its leftovers, unless a build is writing it.
    Returns the leftovers that could not be deleted, as remove_leftovers does."""
    final = os.path.abspath(final)
    parent, name = os.path.split(final.rstrip(os.sep))
    if not os.path.isdir(parent):
        return []
    lock = BuildLock(parent, name)
    try:
        failed = remove_leftovers(parent, name)
        if os.path.isdir(final) and not os.path.islink(final):
            shutil.rmtree(final)
        elif os.path.islink(final):
            os.unlink(final)
        return failed
    finally:
        lock.release()


def _lock_folder(path):
    """An open descriptor of folder `path`, locked (BlockingIOError if another holds it)."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BaseException:
        os.close(fd)
        raise
    return fd


_libc = ctypes.CDLL(None, use_errno=True)


def _exchange(first, second):
    """Swap two paths in one step; False where this system or disk cannot."""
    paths = (os.fsencode(first), os.fsencode(second))
    if sys.platform.startswith("linux") and hasattr(_libc, "renameat2"):
        function = _libc.renameat2
        function.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
        result = function(AT_FDCWD, paths[0], AT_FDCWD, paths[1], RENAME_EXCHANGE)
    elif sys.platform == "darwin" and hasattr(_libc, "renamex_np"):
        function = _libc.renamex_np
        function.argtypes = (ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint)
        result = function(paths[0], paths[1], RENAME_SWAP)
    else:
        return False
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in NOT_SUPPORTED:
        return False
    raise OSError(code, os.strerror(code), second)


_deletions = []  # threads deleting replaced sites


def _delete_later(path):
    """Delete the replaced site while the caller goes on: the new one is already in place,
    so `invoke serve` shows an edit sooner (a 1,000-post site took 0.3 s to over a second to
    delete here, with the disk). The thread holds a lock on the folder, so another process's
    build leaves it alone. Not a daemon thread: the process waits for it before it exits."""
    try:
        fd = _lock_folder(path)
    except OSError:
        return  # the next build deletes it

    def delete():
        try:
            shutil.rmtree(path, ignore_errors=True)
        finally:
            os.close(fd)

    thread = threading.Thread(target=delete, name="delete-replaced-site")
    thread.start()
    _deletions.append(thread)


def wait_for_deletions():
    """Let the replaced sites' deletion finish (at the start of every build: no thread runs
    while a build forks its second process, and old sites never pile up)."""
    while _deletions:
        _deletions.pop().join()


def link_or_copy(source, target):
    """Put a file kept elsewhere (a cache, the site being replaced) into the new site: a hard
    link, as its keeper only ever replaces such a file whole, never writes into it; a copy
    where links cannot be made (another disk)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
