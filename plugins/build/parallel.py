"""Share a build step's independent items with one forked worker process.

Pelican works on one core. Reading a post's Markdown and exporting a post as an email
do not depend on the other posts, so on a machine with two or more cores a second
process can do part of each step. The main process takes items from the front, the
worker from the back, until they meet: nothing is done twice, and whichever side is
slower simply gets fewer items. The worker keeps its results, and the log records it
made, and sends them in one piece when it runs out of items; the main process re-logs
an item's records when it takes that item's result, in the order it asks for them, so
the build guard sees every warning and error as if the step had run in one process.

The worker ends with the main process: killed with it (Linux's parent-death signal), and
wherever it waits for the main process it gives up when the main process is gone, so a
killed build leaves no process behind.

Settings (read at run time): BUILD_PARALLEL (True; False keeps every step in one
process) and BUILD_PARALLEL_MIN_ITEMS (40: below that, starting a process costs more
than it saves).
"""

import copy
import ctypes
import io
import logging
import multiprocessing
import os
import pickle
import signal
import sys
import traceback

DEFAULTS = {
    "BUILD_PARALLEL": True,
    "BUILD_PARALLEL_MIN_ITEMS": 40,
}

_FREE, _MAIN, _WORKER = 0, 1, 2
_running = set()  # shares whose worker may still be alive; see stop_all()


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


class SharedWork:
    """`work(item)` for every item, split between this process and one forked worker.

    `result(key)` returns the result for one item (its key, by default the item itself),
    computing it here or waiting for the worker. `shared` names objects both processes
    hold (the settings dict, say): results that refer to them are sent by name, and the
    main process puts in its own object, not a copy. Call `close()` when done.
    """

    def __init__(self, items, work, keys=None, shared=None):
        self.items = list(items)
        self.work = work
        self._positions = {key: position for position, key in enumerate(keys or self.items)}
        self._shared = dict(shared or {})
        context = multiprocessing.get_context("fork")
        self._claims = context.RawArray("b", len(self.items))
        self._lock = context.Lock()
        self._inbox, outbox = context.Pipe(duplex=False)
        self._from_worker = None
        self._parent = os.getpid()
        for stream in (sys.stdout, sys.stderr):  # or the child flushes a copy of them
            stream.flush()
        self._process = context.Process(target=self._worker, args=(outbox,), daemon=True)
        self._process.start()
        outbox.close()
        _running.add(self)

    def __contains__(self, key):
        return key in self._positions

    def _claim(self, position, side):
        while not self._lock.acquire(timeout=1):
            if side == _WORKER and os.getppid() != self._parent:
                os._exit(1)  # the main process was killed holding the lock
        try:
            if self._claims[position] == _FREE:
                self._claims[position] = side
            return self._claims[position] == side
        finally:
            self._lock.release()

    def result(self, key):
        return self._result_at(self._positions[key])

    def _result_at(self, position):
        if self._claim(position, _MAIN):
            return self.work(self.items[position])
        records, outcome = self._take_from_worker(position)
        for record in records:
            logging.getLogger(record.name).handle(record)
        kind, value = outcome
        if kind == "error":
            raise value
        return value

    def results(self):
        """Every item's result, in item order."""
        try:
            results = [self._result_at(position) for position in range(len(self.items))]
        except BaseException:
            self.stop()  # the build stops: neither wait for the worker nor hide this error
            raise
        self.close()
        return results

    def close(self):
        """Collect the worker (its remaining results are dropped)."""
        if self._process is not None:
            self._worker_results()

    def stop(self):
        """End the worker at once: the build failed and nothing it makes is wanted."""
        if self._process is not None:
            self._process.kill()
            self._release()
        _running.discard(self)

    def _release(self):
        """The worker has ended (or been killed): collect it and close our end of the pipe."""
        self._process.join()
        self._process = None
        self._inbox.close()
        _running.discard(self)

    # --- the main process's side of the pipe ---------------------------------------
    def _worker_results(self):
        """{position: pickled (records, outcome)}, received once; each is unpickled only
        when taken, so the results never sit in memory twice."""
        if self._from_worker is None:
            received = {}
            try:
                while header := self._inbox.recv_bytes():
                    received[int.from_bytes(header, "little")] = self._inbox.recv_bytes()
            except EOFError:
                self._process.join()
                code = self._process.exitcode
                self.stop()
                raise WorkerStopped(
                    f"the second build process stopped (exit code {code}) before it finished. "
                    "Fix: run the build again; if it happens again, set BUILD_PARALLEL = False "
                    "in pelicanconf.py"
                ) from None
            self._from_worker = received
            self._release()
        return self._from_worker

    def _take_from_worker(self, position):
        pickled = self._worker_results().pop(position)
        return _SharedUnpickler(io.BytesIO(pickled), self._shared).load()

    # --- the worker process ----------------------------------------------------------
    def _worker(self, outbox):
        """Take items from the back; keep each result pickled (smaller than the objects)
        and send them all once the main process is met: the pipe is read only then."""
        die_with_parent(self._parent)
        self._inbox.close()  # our copy of the main process's end: else a send to a dead
        # main process would wait for a reader forever instead of failing
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C: the main process stops us
        records = _capture_log_records()
        done = {}
        for position in range(len(self.items) - 1, -1, -1):
            if not self._claim(position, _WORKER):
                break  # met the main process
            try:
                outcome = ("ok", self.work(self.items[position]))
            except Exception as error:
                outcome = ("error", _portable_error(error))
            buffer = io.BytesIO()
            _SharedPickler(buffer, self._shared).dump(([_portable_record(r) for r in records], outcome))
            records.clear()
            done[position] = buffer.getvalue()
        for position, pickled in done.items():
            outbox.send_bytes(position.to_bytes(4, "little"))
            outbox.send_bytes(pickled)
        outbox.send_bytes(b"")
        outbox.close()


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(parent):
    """In the worker: be killed when the main process dies (Linux), and end now if it
    already has (it may die between the fork and this call)."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # no prctl: the waits below notice a dead main process
    if os.getppid() != parent:
        os._exit(1)


def stop_all():
    """End every worker still running (the runner calls this when a build stops)."""
    for share in list(_running):
        share.stop()


class _ListHandler(logging.Handler):
    def __init__(self, records):
        super().__init__(logging.NOTSET)
        self.records = records

    def emit(self, record):
        self.records.append(record)


def _capture_log_records():
    """In the worker: keep log records for the main process instead of printing them."""
    records = []
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(_ListHandler(records))
    return records


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
    way it remembers where in the worker it was raised (the runner names that place)."""
    frames = traceback.extract_tb(error.__traceback__)
    try:
        portable = pickle.loads(pickle.dumps(error))
    except Exception:
        portable = RuntimeError(f"{type(error).__name__}: {error}")
    if frames:
        portable.raised_at = (frames[-1].filename, frames[-1].lineno)
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
