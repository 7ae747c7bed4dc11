"""Run one Pelican build safely: into a fresh folder, swapped into place only on success.

Stock Pelican logs author mistakes and exits 0, and a template error leaves a
half-written site. Here every ERROR fails the build, each problem is one line,
and the last good output stays exactly as it was until a new one is complete
(output_folder.py: the staging folder, its swap into place, the lock against a second
build, and what a killed build left).
"""

import contextlib
import copy
import errno
import logging
import os
import traceback
from dataclasses import dataclass, field

import jinja2
from pelican import Pelican
from pelican.log import LimitFilter, console
from pelican.settings import read_settings

from redirects import vanished
from writing_checks import links
from writing_checks.errors import AuthorError, display_path

from . import parallel, static_copies
from .output_folder import FolderProblem, StagedOutput, wait_for_deletions


class BuildFailed(Exception):
    """The build stopped; `lines` says why, one problem per line."""

    def __init__(self, lines):
        super().__init__("\n".join(lines))
        self.lines = lines


@dataclass
class BuildResult:
    output_path: str
    warnings: list = field(default_factory=list)


class _Collector(logging.Handler):
    """Keeps every WARNING and ERROR logged while the build runs."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.records = []

    def emit(self, record):
        self.records.append(record)


def _refused(record):
    """The OSError a log record reports (Pelican's "Could not process", its copy's warning)."""
    args = record.args if isinstance(record.args, tuple) else ()
    refused = next((a for a in args if isinstance(a, OSError)), None)
    if refused is None and record.exc_info and isinstance(record.exc_info[1], OSError):
        refused = record.exc_info[1]
    return refused


def _fails(record):
    """An ERROR, or a file Pelican's copy could not write (which it only warns of)."""
    return record.levelno >= logging.ERROR or (record.name == "pelican.utils" and _refused(record))


def _message(record, staged):
    refused = _refused(record) if _fails(record) else None
    if refused is not None:
        return file_problem(refused, staged)
    text = record.getMessage().strip()
    return " ".join(text.split("\n")[:2]) if record.levelno >= logging.ERROR else text


def template_problem(error):
    """One line for a Jinja error: the template file and line, and what to do."""
    where, line = getattr(error, "filename", None), getattr(error, "lineno", None)
    if not where:  # where it was raised: here, or in the worker that wrote the page (build.parallel)
        frames = getattr(error, "raised_in", None) or traceback.extract_tb(error.__traceback__)
        for filename, lineno, *_ in reversed(frames):
            if filename.endswith((".html", ".xml", ".txt")):
                where, line = filename, lineno
                break
    location = display_path(where) if where else "a template"
    if line:
        location += f":{line}"
    return (
        f"{location}: template error: {str(error).rstrip('.')}. Fix: correct the template "
        "(or undo the last change to it); the site was not changed"
    )


DISK_FULL = (errno.ENOSPC, errno.EDQUOT)
FILE_FIXES = {
    errno.ENOSPC: "free some space on that disk (empty the bin, delete old backups or downloads)",
    errno.EDQUOT: "free some space: your disk quota is full",
    errno.ENOENT: "it was moved, renamed or deleted while the build used it: put it back, or "
                  "update what links to it",
    errno.ELOOP: "delete the symbolic link that points back to a folder holding it",
    errno.EACCES: "give yourself access to it (after `sudo invoke ...` it belongs to root: "
                  "`sudo chown -R $USER` on it)",
    errno.EROFS: "it is on a read-only disk or mount: build on a disk you can write to",
}
FILE_FIXES[errno.EPERM] = FILE_FIXES[errno.EACCES]


def file_problem(error, staged):
    """One line for a file the system refused (a full disk, a file deleted mid-build, a loop
    of links): named as the coach knows it (output/..., not the staging folder)."""
    where = error.filename
    if error.errno in DISK_FULL and error.filename2:  # a copy: the copy is refused
        where = error.filename2
    if where is None:  # a write that found the disk full names no file: the site's folder
        where = staged.final
    where = os.fsdecode(where)
    if staged.path and where.startswith(staged.path):
        where = staged.final + where[len(staged.path):]
    fix = FILE_FIXES.get(error.errno, "check that file and the disk it is on")
    return f"{display_path(where)}: {error.strerror or error}. Fix: {fix}, then build again; the site was not changed"


def settings_problem(error, settings_file):
    """The line for a settings file Python cannot run (a missing quote, comma or bracket)."""
    if isinstance(error, SyntaxError):
        where, line, what = error.filename or settings_file, error.lineno, error.msg
    else:
        frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.endswith("conf.py")]
        where, line = (frames[-1].filename, frames[-1].lineno) if frames else (settings_file, None)
        what = f"{type(error).__name__}: {error}"
    location = display_path(where) + (f":{line}" if line else "")
    return (f"{location}: the settings file has a mistake ({what}). Fix: correct that line (often a "
            "missing quote, comma or bracket); the site was not changed")


def load_settings(settings_file, overrides=None):
    """Pelican's settings, with the dicts that readers and plugins extend copied, so
    that repeated builds in one process (tests, `invoke serve`) start clean."""
    settings = read_settings(settings_file, override=dict(overrides or {}))
    for name in ("MARKDOWN", "JINJA_ENVIRONMENT", "JINJA_FILTERS", "JINJA_GLOBALS"):
        if name in settings:
            settings[name] = copy.deepcopy(settings[name])
    return settings


def build(settings_file, overrides=None):
    """Build the site described by `settings_file`; return a BuildResult or raise BuildFailed."""
    wait_for_deletions()
    try:
        settings = load_settings(settings_file, overrides)
    except Exception as error:  # a typo in pelicanconf.py: one line, and `invoke serve` lives on
        raise BuildFailed([settings_problem(error, settings_file)]) from None
    final_output = settings["OUTPUT_PATH"]
    try:
        with StagedOutput(final_output) as staged:
            warnings = _build_into(settings, staged)
            staged.publish()
    except FolderProblem as problem:
        raise BuildFailed([str(problem)]) from None
    warnings += [f"{display_path(path)}: a folder an earlier build left could not be deleted ({reason}). "
                 f"Fix: delete it yourself (if it belongs to another user, as after `sudo invoke "
                 f"...`: sudo rm -r {display_path(path)})" for path, reason in staged.left_behind]
    return BuildResult(output_path=final_output, warnings=warnings)


def _build_into(settings, staged):
    """Run Pelican into the staging folder; return the warnings or raise BuildFailed."""
    _point_at_staging(settings, staged)
    with _collected_log() as collector:
        failure_lines, refusals = _run_pelican(settings, staged)
    failure_lines = _failure_lines(collector.records, failure_lines, refusals, staged)
    if failure_lines:
        raise BuildFailed(failure_lines)
    return [_message(r, staged) for r in collector.records if r.levelno < logging.ERROR]


def _point_at_staging(settings, staged):
    """Pelican writes into the staging folder; plugins still learn where the site will be."""
    settings["OUTPUT_PATH"] = staged.path
    settings["DELETE_OUTPUT_DIRECTORY"] = False
    settings["FINAL_OUTPUT_PATH"] = staged.final


@contextlib.contextmanager
def _collected_log():
    """Keep every WARNING and ERROR logged inside the block, with Pelican's console quiet."""
    # Pelican drops repeated log messages for the whole process; a second build
    # in the same process (tests, `invoke serve`) must see its problems again.
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()
    collector = _Collector()
    root = logging.getLogger()
    root.addHandler(collector)
    # Pelican prints "Done: Processed ..." even when a problem was logged; the caller
    # says whether the build worked, after it knows.
    quiet_before, console.quiet = console.quiet, True
    try:
        yield collector
    finally:
        root.removeHandler(collector)
        console.quiet = quiet_before


def _run_pelican(settings, staged):
    """Run Pelican and the checks of what it wrote; return the line for what stopped it (if
    anything) and the OSError the system refused with (if that was it), each as a list."""
    try:
        Pelican(settings).run()
        links.check_written_links(settings, staged.path)
        static_copies.check_copied(settings, staged.path)
        vanished.check_addresses(settings, staged.path)  # publish: no published address lost
    except AuthorError as error:
        return [str(error)], []
    except jinja2.TemplateError as error:
        return [template_problem(error)], []
    except OSError as error:  # a full disk, a file deleted while the build read it
        return [file_problem(error, staged)], [error]
    except Exception as error:  # any other crash still must not touch output/
        return [crash_problem(error)], []
    finally:  # Ctrl-C too: the caller's StagedOutput deletes the staging folder
        parallel.stop_all()  # a worker of a failed build must not write into staging
    return [], []


def crash_problem(error):
    """One line for a crash in a plugin or setting: where it was raised, and that it is no
    mistake of the coach's."""
    filename, lineno = getattr(error, "raised_at", None) or traceback.extract_tb(error.__traceback__)[-1][:2]
    return (
        f"{display_path(filename)}:{lineno}: {type(error).__name__}: {error}. "
        "Fix: this is a bug in a plugin or setting, not in your writing; the site was not changed"
    )


def _failure_lines(records, failure_lines, refusals, staged):
    """Every line the build fails with, once each: the coach's mistakes if any were logged
    (else the other errors), then what stopped the run; a full disk alone, as one line."""
    author_errors, other_errors = _logged_failures(records)
    if author_errors:
        failure_lines = [str(r.author_error) for r in author_errors] + failure_lines
    elif other_errors:
        failure_lines = [_message(r, staged) for r in other_errors] + failure_lines
    full = _disk_full([_refused(r) for r in other_errors] + refusals)
    if full is not None:  # every other write failed for the same reason: one line
        failure_lines = [file_problem(full, staged)]
    return list(dict.fromkeys(failure_lines))


def _logged_failures(records):
    """The records that fail the build: the coach's mistakes, and every other failure."""
    author_errors = [r for r in records if getattr(r, "author_error", None)]
    other_errors = [r for r in records if _fails(r) and r not in author_errors]
    return author_errors, other_errors


def _disk_full(refusals):
    """The first refusal that says the disk is full, or None."""
    return next((e for e in refusals if e is not None and e.errno in DISK_FULL), None)
