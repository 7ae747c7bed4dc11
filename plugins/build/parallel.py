"""A second process for part of a build step: a `concurrent.futures` pool of one forked worker.

Pelican works on one core. Reading a post and writing a page do not depend on the other
posts, so on a machine with two or more cores a forked worker, which holds everything the
build has made so far, does part of them. `Worker(job)` forks it; `submit(items)` runs
`job(item)` there for each item. Each result comes back pickled with the log records its
item made and its error, if any: `take()` logs the records in this process and returns the
value or raises the error, so the build guard sees every warning and error once, as in a
one-process build. `SharedItems` splits a list of items: the worker takes chunks from the
back, this process items from the front, and a chunk the worker has not begun is done here.

The worker ends with the build: killed with it (Linux's parent-death signal), deaf to Ctrl-C
(the build stops it), and ended by `stop_all()` when a build stops.

Settings (read at run time): BUILD_PARALLEL (True; False keeps every step in one process)
and BUILD_PARALLEL_MIN_ITEMS (40: below that, a second process costs more than it saves).
"""

import concurrent.futures
import copy
import ctypes
import io
import itertools
import logging
import multiprocessing
import os
import pickle
import signal
import sys
import traceback
from concurrent.futures.process import BrokenProcessPool

DEFAULTS = {
    "BUILD_PARALLEL": True,
    "BUILD_PARALLEL_MIN_ITEMS": 40,
}
CHUNK = 8  # items the worker is given at once: this process waits for two chunks at most

_running = set()  # workers that may still be alive; see stop_all()
_jobs = {}  # worker key -> (job, shared): what a worker runs, in place before it is forked
_keys = itertools.count()
_records = []  # in a worker: the log records of the item being done


def setting(settings, name):
    return settings.get(name, DEFAULTS[name])


def cores():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def worth_sharing(settings, count):
    """Whether `count` items are worth a second process here."""
    return (
        bool(setting(settings, "BUILD_PARALLEL"))
        and count >= setting(settings, "BUILD_PARALLEL_MIN_ITEMS")
        and cores() > 1
        and "fork" in multiprocessing.get_all_start_methods()
    )


class WorkerStopped(RuntimeError):
    """The worker process ended without sending its results (killed, out of memory)."""


class Worker:
    """One forked process running `job(item)` for the items it is given.

    `shared` names objects both processes hold (the settings dict, say): results that refer to
    them are sent by name, and this process puts in its own object, not a copy.
    """

    def __init__(self, job, shared=None):
        self.key = next(_keys)
        self._shared = dict(shared or {})
        _jobs[self.key] = (job, self._shared)
        for stream in (sys.stdout, sys.stderr):  # or the worker prints a copy of them
            stream.flush()
        self._pool = concurrent.futures.ProcessPoolExecutor(
            max_workers=1, mp_context=multiprocessing.get_context("fork"),
            initializer=_started, initargs=(os.getpid(),),
        )
        _running.add(self)
        self.pid = self._pool.submit(os.getpid).result()  # forks it now, with the job in place

    def submit(self, items):
        """A future of the items' pickled outcomes, done in the worker."""
        try:
            return self._pool.submit(_run, self.key, list(items))
        except BrokenProcessPool:
            raise self._gone() from None

    def take(self, future, index=0):
        """Item `index` of a future's items: its records logged here, its value or its error."""
        try:
            pickled = future.result()[index]
        except BrokenProcessPool:
            raise self._gone() from None
        records, (kind, value) = _SharedUnpickler(io.BytesIO(pickled), self._shared).load()
        for record in records:
            logging.getLogger(record.name).handle(record)
        if kind == "error":
            raise value
        return value

    def close(self):
        """Wait for the items given, then end the worker."""
        self._pool.shutdown(wait=True)
        self._forget()

    def stop(self, kill=True):
        """End the worker at once: the build failed and nothing it makes is wanted."""
        if kill and self in _running:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._forget()

    def _gone(self):
        """The error for a worker that ended by itself (killed, out of memory)."""
        self.stop(kill=False)
        return WorkerStopped(
            "the second build process stopped before it finished. Fix: run the build again; "
            "if it happens again, set BUILD_PARALLEL = False in pelicanconf.py"
        )

    def _forget(self):
        _jobs.pop(self.key, None)
        _running.discard(self)


class SharedItems:
    """`work(item)` for each of `items`, shared with a worker. This process does the items from
    the front as they are asked for (`result`); the worker is kept busy with chunks from the back,
    never more than AHEAD chunks ahead, so the two meet where the slower one happens to be."""

    AHEAD = 2  # chunks given to the worker and not done yet, at most

    def __init__(self, items, work, shared=None, chunk=CHUNK):
        self.items = list(items)
        self.work = work
        self.worker = Worker(work, shared)
        self._chunks = [self.items[start:start + chunk] for start in range(0, len(self.items), chunk)]
        self._place = {item: (number, index) for number, part in enumerate(self._chunks)
                       for index, item in enumerate(part)}
        self._given = {}  # chunk number -> (its future, its items not asked for yet)
        self._busy = []  # futures given and not done
        self._next = len(self._chunks) - 1  # the next chunk to give the worker
        self._feed(0)

    def __contains__(self, item):
        return item in self._place

    def _feed(self, here):
        """Give the worker chunks from the back, down to the one after chunk `here`."""
        self._busy = [future for future in self._busy if not future.done()]
        while self._next > here and len(self._busy) < self.AHEAD:
            chunk = self._chunks[self._next]
            future = self.worker.submit(chunk)
            self._given[self._next] = (future, len(chunk))
            self._busy.append(future)
            self._next -= 1

    def result(self, item):
        number, index = self._place.pop(item)
        self._feed(number)
        if number not in self._given:
            return self.work(item)
        future, left = self._given[number]
        if left == 1:  # the chunk's last item: its results are let go
            del self._given[number]
        else:
            self._given[number] = (future, left - 1)
        return self.worker.take(future, index)

    def results(self):
        """Every item's result, in item order."""
        return [self.result(item) for item in self.items]

    def close(self):
        self.worker.close()


def stop_all():
    """End every worker still running (the runner calls this when a build stops)."""
    for worker in list(_running):
        worker.stop()


# --- in the worker ---------------------------------------------------------------------------


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(parent):
    """In the worker: be killed when the main process dies (Linux), and end now if it already
    has (it may die between the fork and this call)."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # no prctl: the pool notices a dead main process
    if os.getppid() != parent:
        os._exit(1)


class _Keeper(logging.Handler):
    def emit(self, record):
        _records.append(record)


def _started(parent):
    """The worker's start: die with the build, leave Ctrl-C to it, keep log records for it."""
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(_Keeper(logging.NOTSET))


def _run(key, items):
    """Each item's (log records, ("ok", value) or ("error", exception)), pickled."""
    job, shared = _jobs[key]
    done = []
    for item in items:
        _records.clear()
        try:
            outcome = ("ok", job(item))
        except Exception as error:
            outcome = ("error", _portable_error(error))
        buffer = io.BytesIO()
        _SharedPickler(buffer, shared).dump(([_portable_record(r) for r in _records], outcome))
        done.append(buffer.getvalue())
    _records.clear()
    return done


def _portable_record(record):
    """A copy of `record` that pickles: message formatted, traceback as text."""
    record = copy.copy(record)
    record.msg, record.args = record.getMessage(), None
    if record.exc_info:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.exc_info = None
    for name, value in list(vars(record).items()):
        try:
            pickle.dumps(value)
        except Exception:
            setattr(record, name, repr(value))
    return record


def _portable_error(error):
    """`error` if it survives pickling, else a RuntimeError that says what it was; either
    way it remembers where in the worker it was raised (`raised_in`, outermost first, and
    `raised_at`, the last: the runner names a template's line, or that place)."""
    frames = traceback.extract_tb(error.__traceback__)
    try:
        portable = pickle.loads(pickle.dumps(error))
    except Exception:
        portable = RuntimeError(f"{type(error).__name__}: {error}")
    if frames:
        portable.raised_in = [(frame.filename, frame.lineno) for frame in frames]
        portable.raised_at = portable.raised_in[-1]
    return portable


class _SharedPickler(pickle.Pickler):
    def __init__(self, file, shared):
        super().__init__(file, pickle.HIGHEST_PROTOCOL)
        self._names = {id(value): name for name, value in shared.items()}

    def persistent_id(self, obj):
        return self._names.get(id(obj))


class _SharedUnpickler(pickle.Unpickler):
    def __init__(self, file, shared):
        super().__init__(file)
        self._shared = shared

    def persistent_load(self, pid):
        return self._shared[pid]
