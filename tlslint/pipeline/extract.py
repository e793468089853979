"""Running the sources over the discovered files: in units, each within hard limits.

Each source splits its files into independent *units* (an nginx main config with everything it
includes; a single manifest); a unit is extracted as a whole, so cross-file meaning survives.
Rules then run once, in this process, on the merged model.

The execution model (Linux and every platform with ``fork``): units are extracted in a small
pool of forked worker processes — one with ``--jobs 1``, N with ``--jobs N`` — supervised by
this process. Each unit has its own budget: ``limits.file_timeout`` seconds of CPU time per
file in it and ``limits.file_memory`` MiB of address space (``RLIMIT_AS``) in its worker. A
parser that overruns either, blocks, loops in C code that no signal interrupts, or crashes the
interpreter is killed with its worker; the worker is replaced, a unit of several files is
retried file by file, and a single file is reported as not analysed (TLS001) or unparsable
(TLS000). Only that file is lost, never its neighbours or the run. Results are merged in unit
order, so ``--jobs N`` reports exactly what ``--jobs 1`` does. Forking and supervising the
worker costs a one-file pre-commit run a few milliseconds: the parsers a source's ``extract``
imports (``Source.extract_modules``) are imported before the fork, once, and inherited.

Without ``fork`` (or with ``TLSLINT_ISOLATE=0``, for debugging) the units run in this process
under the soft budget alone (a wall-clock timer signal).
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import struct
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from tlslint.model import Location, Model, ReadProblem, SourceFile
from tlslint.sources import SOURCES
from tlslint.sources.base import SourceContext

# In a worker, a unit's budget is CPU time (a timer signal inside it: the soft limit). From
# outside, the supervisor looks at a unit once its budget has passed in wall time plus this
# grace: a worker that is blocked (no timer can fire without CPU) or has used its CPU budget
# twice over (stuck in C code, where the signal is not seen) is killed (the hard limit); one
# that is merely starved by a busy machine is given more time, up to STARVED_FACTOR budgets.
HARD_GRACE = 1.0
STARVED_FACTOR = 10
_IN_WORKER = False
_OUT_OF_MEMORY = 3  # a worker's exit status when even reporting a MemoryError failed
# Units handed to a worker at a time: few enough that a killed worker has little queued work
# to hand back (it goes to the next worker).
CHUNK = 16
# ... and few enough that a chunk of slow units (a chart to render) does not keep the other
# workers idle at the end: a chunk holds about this many seconds of units of its kind.
CHUNK_SECONDS = 0.02

Task = tuple[str, list[SourceFile]]


class BudgetExceeded(BaseException):
    """Not an Exception: a parser's defensive ``except Exception`` must not swallow it."""


@contextlib.contextmanager
def time_budget(seconds: float, cpu: bool = False) -> Iterator[None]:
    """Raise BudgetExceeded in this thread after ``seconds`` (Unix main thread only): of wall
    time, or with ``cpu`` of this process's CPU time (what a worker measures, so a verdict does
    not depend on how busy the machine is)."""
    usable = hasattr(signal, "setitimer") and seconds > 0 and _in_main_thread()
    if not usable:
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise BudgetExceeded

    which, number = (
        (signal.ITIMER_PROF, signal.SIGPROF) if cpu else (signal.ITIMER_REAL, signal.SIGALRM)
    )
    previous = signal.signal(number, expire)
    signal.setitimer(which, seconds)
    try:
        yield
    finally:
        signal.setitimer(which, 0)
        signal.signal(number, previous)


def _in_main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def tasks_of(files: list[SourceFile], ctx: SourceContext) -> list[Task]:
    """Every unit of every source, in a fixed order (sources, then their partitions)."""
    by_kind: dict[str, list[SourceFile]] = {}
    for f in files:
        by_kind.setdefault(f.kind, []).append(f)
    return [
        (kind, unit)
        for kind, kind_files in by_kind.items()
        for unit in SOURCES[kind].partition(kind_files, ctx)
    ]


def extract_all(
    files: list[SourceFile],
    ctx: SourceContext,
    jobs: int = 1,
    each: Callable[[list[SourceFile], Model], None] | None = None,
) -> Model:
    """The merged model of every unit; the same whatever ``jobs`` is. ``each`` is shown every
    unit with what it gave, before the merge (the unit cache stores them)."""
    if not files:
        return Model()
    return extract_tasks(tasks_of(files, ctx), ctx, jobs, each)


def extract_tasks(
    tasks: list[Task],
    ctx: SourceContext,
    jobs: int = 1,
    each: Callable[[list[SourceFile], Model], None] | None = None,
    meanwhile: Callable[[], list[Task]] | None = None,
) -> Model:
    """``extract_all`` of units already made (``tasks_of``). ``meanwhile`` is this process's
    own work while the workers read (taking units from the cache): it runs once, and the units
    it returns are read too."""
    model = Model()
    if hasattr(os, "fork") and _isolate():
        _preload({kind for kind, _ in tasks})
        done = Supervisor(tasks, ctx, max(1, jobs)).run(meanwhile)  # forks only for units
    else:
        tasks = [*tasks, *(meanwhile() if meanwhile is not None else ())]
        done = [(task, extract_unit(*task, ctx)) for task in tasks]
    for (_, unit), part in done:
        if each is not None:
            each(unit, part)
        model.extend(part)
    return model


def _preload(kinds: set[str]) -> None:
    """Import the modules these sources' ``extract`` needs, here, before any fork, and let
    them build their tables: workers inherit them (each would otherwise import and build them
    again, and then so would linking and the rules, here). Only code and tlslint's own data
    are loaded, no input is read; a module that fails to import is left to the worker, which
    reports it per unit."""
    import importlib

    for kind in sorted(kinds):
        for name in SOURCES[kind].extract_modules:
            with contextlib.suppress(Exception):
                module = importlib.import_module(name)
                prepare = getattr(module, "prepare", None)
                if callable(prepare):
                    prepare()


def _isolate() -> bool:
    """Whether units run in worker processes (TLSLINT_ISOLATE=0 turns it off, for debugging)."""
    return os.environ.get("TLSLINT_ISOLATE", "1") != "0"


def extract_unit(kind: str, files: list[SourceFile], ctx: SourceContext) -> Model:
    """Extract one unit under its soft time budget; a crash, a blown budget or a memory error
    costs its files, never the run (a unit of several files is retried file by file)."""
    source = SOURCES[kind]
    budget = ctx.limits.file_timeout * max(1, len(files))
    try:
        with time_budget(budget, cpu=_IN_WORKER):
            return source.extract(files, ctx)
    except BudgetExceeded:
        if len(files) == 1:
            return _failed(files, "file-skipped", over_time(ctx))
    except MemoryError:
        if len(files) == 1:
            return _failed(files, "file-skipped", over_memory(ctx))
    except RecursionError:
        if len(files) == 1:
            return _failed(files, "parse-error", "nested too deeply to analyse; not analysed")
    except Exception:
        if len(files) == 1:
            return _failed(files, "parse-error", _crash_message())
    model = Model()
    for unit in _split(kind, files, ctx):
        model.extend(extract_unit(kind, unit, ctx))
    return model


def _split(kind: str, files: list[SourceFile], ctx: SourceContext) -> list[list[SourceFile]]:
    """Smaller units of a unit that failed: its source's partition, else one file each."""
    try:
        units = SOURCES[kind].partition(files, ctx)
    except Exception:
        units = []
    if len(units) <= 1:
        units = [[f] for f in files]
    return units


def over_time(ctx: SourceContext) -> str:
    return (
        f"analysis took longer than {ctx.limits.file_timeout:g} s per file "
        "(limits.file_timeout); not analysed"
    )


def over_memory(ctx: SourceContext) -> str:
    return (
        f"analysis needed more than {ctx.limits.file_memory:,} MiB (limits.file_memory); "
        "not analysed"
    )


def _crash_message() -> str:
    import traceback  # only when a unit failed

    last = traceback.format_exc().strip().splitlines()[-1]
    kind = last.split(":", 1)[0]
    return f"tlslint could not analyse this file (internal error: {kind}); please report it"


def _failed(files: list[SourceFile], kind: str, message: str) -> Model:
    return Model(
        files=list(files),
        problems=[ReadProblem(kind, message, Location(f.path)) for f in files],
        incomplete={f.path: message for f in files},
    )


# --- the supervised pool ----------------------------------------------------------------------

_HEADER = struct.Struct("!Q")
_READ_SIZE = 1 << 16  # what a pipe holds by default: no read returns more


def _send(fd: int, payload: object) -> None:
    data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_HEADER.pack(len(data)) + data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _receive(fd: int) -> Any:
    """One framed message; raises EOFError when the other side is gone."""
    header = _read_exactly(fd, _HEADER.size)
    (length,) = _HEADER.unpack(header)
    return pickle.loads(_read_exactly(fd, length))


def _well_formed(answer: object) -> bool:
    """A worker's answer: (unit index, its CPU seconds, the unit's model)."""
    return (
        isinstance(answer, tuple)
        and len(answer) == 3
        and isinstance(answer[0], int)
        and isinstance(answer[1], float)
        and isinstance(answer[2], Model)
    )


class _Inbox:
    """What a worker has answered: everything its pipe holds, read at once and cut into
    framed messages (a worker answers small units faster than one read per answer)."""

    def __init__(self) -> None:
        self.pending = bytearray()

    def read(self, fd: int) -> list[Any]:
        """The complete messages now readable; raises EOFError when the worker is gone."""
        data = os.read(fd, _READ_SIZE)
        if not data:
            raise EOFError
        self.pending += data
        frames: list[bytes] = []
        at = 0
        while len(self.pending) - at >= _HEADER.size:
            (length,) = _HEADER.unpack_from(self.pending, at)
            end = at + _HEADER.size + length
            if end > len(self.pending):
                break
            frames.append(bytes(self.pending[at + _HEADER.size : end]))
            at = end
        del self.pending[:at]
        # Unpickling models allocates thousands of objects and frees none: a garbage
        # collection it triggered would only walk this process's whole heap.
        enabled = gc.isenabled()
        gc.disable()
        try:
            return [pickle.loads(frame) for frame in frames]
        finally:
            if enabled:
                gc.enable()


def _read_exactly(fd: int, count: int) -> bytes:
    chunks: list[bytes] = []
    while count:
        chunk = os.read(fd, min(count, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        count -= len(chunk)
    return b"".join(chunks)


@dataclass(eq=False)  # one worker is itself only: list membership by identity
class _Worker:
    pid: int
    to_worker: int
    from_worker: int
    generation: int
    queue: list[int] = field(default_factory=list)  # unit indexes sent, not yet answered
    inbox: _Inbox = field(default_factory=_Inbox)
    started: float = 0.0  # when the unit at the head of the queue began
    cpu_started: float = 0.0  # the worker's CPU seconds then
    next_look: float = 0.0  # when the supervisor looks at the unit again

    def close(self) -> None:
        for fd in (self.to_worker, self.from_worker):
            with contextlib.suppress(OSError):
                os.close(fd)


class Supervisor:
    """Forked workers, each extracting the units it is sent, watched against their deadlines.

    A unit is a task index; workers inherit the tasks and the context at fork time, so only
    indexes go out and models come back. A worker answers each unit in the order it was sent,
    so the unit it is busy with is always the first unanswered one, and its deadline runs from
    the previous answer, which gives the worker's CPU seconds at that moment.
    """

    def __init__(self, tasks: list[Task], ctx: SourceContext, jobs: int) -> None:
        self.tasks = list(tasks)
        self.ctx = ctx
        self.requested = max(1, jobs)
        self.jobs = max(1, min(jobs, len(tasks)))
        self.results: dict[int, Model] = {}
        self.given = list(range(len(tasks)))  # the units asked for (not the pieces of one)
        self.pending: list[int] = list(reversed(self.given))  # popped from the end
        self.workers: list[_Worker] = []
        self.splits: dict[int, list[int]] = {}  # a unit retried file by file -> its pieces
        self.generation = 0  # bumped when tasks are added: older workers cannot see them
        self._crashed = False
        self.spent: dict[str, tuple[int, float]] = {}  # kind -> (units answered, seconds)

    def run(self, meanwhile: Callable[[], list[Task]] | None = None) -> list[tuple[Task, Model]]:
        """Each unit asked for with its model, in order; ``meanwhile`` runs here once the
        workers have their first units (and the units it returns are read after them)."""
        try:
            self._feed()
            if meanwhile is not None:
                self._add(meanwhile())
            while self.pending or any(w.queue for w in self.workers):
                self._feed()
                self._wait()
        finally:
            for worker in self.workers:
                _end(worker)
        return [(self.tasks[i], self._merged(i)) for i in self.given]

    def _add(self, tasks: list[Task]) -> None:
        """More units to read, after those pending (workers forked before know nothing of
        them: they are replaced once their queues are done)."""
        if not tasks:
            return
        _preload({kind for kind, _ in tasks})
        first = len(self.tasks)
        self.tasks.extend(tasks)
        added = list(range(first, len(self.tasks)))
        self.given.extend(added)
        self.pending[:0] = reversed(added)
        self.jobs = max(self.jobs, min(self.requested, len(self.given)))
        self._restart_all()

    def _merged(self, index: int) -> Model:
        if index not in self.splits:
            return self.results[index]
        model = Model()
        for piece in self.splits[index]:
            model.extend(self._merged(piece))
        return model

    # -- scheduling

    def _chunk(self) -> int:
        if self.jobs == 1:
            return CHUNK  # no other worker to share with: fewest round trips
        share = len(self.pending) // (self.jobs * 4) if self.pending else 1
        if self.pending:
            done, seconds = self.spent.get(self.tasks[self.pending[-1]][0], (0, 0.0))
            if done and seconds > 0:
                share = min(share, int(CHUNK_SECONDS * done / seconds))
        return max(1, min(CHUNK, share))

    def _answered(self, worker: _Worker) -> None:
        """Count the time the unit at the head of the worker's queue took, for its kind."""
        kind = self.tasks[worker.queue[0]][0]
        done, seconds = self.spent.get(kind, (0, 0.0))
        self.spent[kind] = (done + 1, seconds + time.monotonic() - worker.started)

    def _feed(self) -> None:
        for worker in list(self.workers):
            if not worker.queue and not self._fresh(worker):
                _end(worker)
                self.workers.remove(worker)
        while len(self.workers) < self.jobs and self.pending:
            self.workers.append(self._spawn())
        for worker in list(self.workers):  # a worker lost while fed leaves the list
            if not self._fresh(worker):
                continue
            # The next chunk goes out while the worker is still busy with the end of its
            # last one, so it never idles waiting for the supervisor's round trip.
            if len(worker.queue) > self._chunk() // 2 or not self.pending:
                continue
            chunk = [self.pending.pop() for _ in range(min(self._chunk(), len(self.pending)))]
            idle = not worker.queue
            worker.queue.extend(chunk)
            if idle:
                self._begin(worker)
            try:
                _send(worker.to_worker, chunk)
            except OSError:
                self._lost(worker, "crash")

    def _budget(self, worker: _Worker) -> float:
        _, files = self.tasks[worker.queue[0]]
        return self.ctx.limits.file_timeout * max(1, len(files))

    def _begin(self, worker: _Worker, cpu: float | None = None) -> None:
        """The unit at the head of the worker's queue starts now; ``cpu``: the worker's CPU
        seconds, as its last answer gave them (else read from /proc: it was idle)."""
        worker.started = time.monotonic()
        if worker.queue:
            worker.cpu_started = _cpu_seconds(worker.pid)[0] if cpu is None else cpu
            worker.next_look = worker.started + self._budget(worker) + HARD_GRACE

    def _deadline(self, worker: _Worker) -> float:
        return worker.next_look

    def _overrun(self, worker: _Worker, now: float) -> bool:
        """At a look: kill the worker (True) or look again later (False)."""
        budget = self._budget(worker)
        cpu, running = _cpu_seconds(worker.pid)
        used = cpu - worker.cpu_started
        # The soft budget, then the same again for the worker's own file-by-file retry.
        if not running or used >= 2 * budget or cpu < 0:
            return True
        if now - worker.started >= STARVED_FACTOR * budget + HARD_GRACE:
            return True
        worker.next_look = now + max(HARD_GRACE, budget / 2)
        return False

    def _wait(self) -> None:
        import select

        busy = [w for w in self.workers if w.queue]
        if not busy:
            return
        now = time.monotonic()
        timeout = max(0.0, min(self._deadline(w) for w in busy) - now)
        by_fd = {w.from_worker: w for w in busy}
        try:
            ready, _, _ = select.select(list(by_fd), [], [], timeout)
        except InterruptedError:
            return
        for fd in ready:
            worker = by_fd[fd]
            try:
                answers = worker.inbox.read(fd)
            except (EOFError, OSError, pickle.UnpicklingError, ValueError, TypeError):
                self._lost(worker, "crash")
                continue
            for answer in answers:
                if not (_well_formed(answer) and worker.queue and answer[0] == worker.queue[0]):
                    self._lost(worker, "crash")  # out of step: never trust it again
                    break
                index, cpu, model = answer
                self.results[index] = model
                self._answered(worker)
                worker.queue.pop(0)
                self._begin(worker, cpu)
        now = time.monotonic()
        for worker in busy:
            due = worker.queue and worker in self.workers and now >= self._deadline(worker)
            if due and self._overrun(worker, now):
                self._lost(worker, "time")

    def _lost(self, worker: _Worker, why: str) -> None:
        """The worker died or overran: its current unit fails or is split, the rest go back."""
        self._crashed = why == "crash"
        status = self._stop(worker)
        self.workers.remove(worker)
        if not worker.queue:
            return
        current, *rest = worker.queue
        self.pending.extend(reversed(rest))
        kind, files = self.tasks[current]
        if len(files) > 1:
            # Retry piece by piece (new workers know the new tasks: they fork after this):
            # each file gets its own budget, and only the culprit is lost.
            first = len(self.tasks)
            self.tasks.extend((kind, piece) for piece in _split(kind, files, self.ctx))
            self.splits[current] = list(range(first, len(self.tasks)))
            self._restart_all()
            self.pending.extend(reversed(self.splits[current]))
            return
        if why == "time":
            self.results[current] = _failed(files, "file-skipped", over_time(self.ctx))
        elif status == "memory":
            self.results[current] = _failed(files, "file-skipped", over_memory(self.ctx))
        else:
            self.results[current] = _failed(
                files,
                "parse-error",
                f"tlslint could not analyse this file (its parser crashed{status}); "
                "please report it",
            )

    def _restart_all(self) -> None:
        """Workers forked before new tasks were added do not know them: idle ones are
        replaced (busy ones finish their chunk first, then are replaced)."""
        self.generation += 1

    def _fresh(self, worker: _Worker) -> bool:
        return worker.generation == self.generation

    # -- processes

    def _spawn(self) -> _Worker:
        to_read, to_write = os.pipe()
        from_read, from_write = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the worker
            try:
                os.close(to_write)
                os.close(from_read)
                for other in self.workers:
                    other.close()
                _worker_main(self.tasks, self.ctx, to_read, from_write)
            finally:
                os._exit(0)
        os.close(to_read)
        os.close(from_write)
        return _Worker(pid, to_write, from_read, self.generation)

    def _stop(self, worker: _Worker) -> str:
        """End a lost worker; how it ended, in words for a message ("" when unknown)."""
        worker.close()
        status = 0
        with contextlib.suppress(ChildProcessError, OSError):
            # A worker that crashed is exiting: give it a moment to be reaped with its real
            # status (a signal says what happened), then make sure it is gone.
            deadline = time.monotonic() + (0.5 if self._crashed else 0)
            while True:
                pid, status = os.waitpid(worker.pid, os.WNOHANG)
                if pid or time.monotonic() >= deadline:
                    break
                time.sleep(0.005)
            if pid == 0:
                os.kill(worker.pid, signal.SIGKILL)
                _, status = os.waitpid(worker.pid, 0)
                return ""
        if os.WIFSIGNALED(status):
            number = os.WTERMSIG(status)
            with contextlib.suppress(ValueError):
                return f": {signal.Signals(number).name}"
            return f": signal {number}"
        if os.WIFEXITED(status) and os.WEXITSTATUS(status) == _OUT_OF_MEMORY:
            return "memory"
        return ""


_UNREAPED: list[int] = []  # workers ended without waiting for them to go


def _end(worker: _Worker) -> None:
    """End a worker whose work is done, without waiting for its exit (the kernel tears its
    memory down while this process links and applies the rules): ``reap_workers`` collects
    it at the end of the run."""
    worker.close()
    with contextlib.suppress(OSError):
        os.kill(worker.pid, signal.SIGKILL)
    _UNREAPED.append(worker.pid)


def reap_workers() -> None:
    """Wait for the workers this process ended (killed once their work was done, so normally
    long gone by the end of a run: this costs nothing then). None is left behind, and their
    CPU time counts in this process's children's usage, as ``time`` shows it."""
    while _UNREAPED:
        pid = _UNREAPED.pop()
        with contextlib.suppress(ChildProcessError, OSError):
            os.waitpid(pid, 0)


def _cpu_seconds(pid: int) -> tuple[float, bool]:
    """(CPU seconds used, whether it is running or ready to run) of a process, from /proc;
    (-1, False) where there is no /proc (then a unit's wall time decides alone)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
    except (OSError, IndexError):
        return -1.0, False
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    return (int(fields[11]) + int(fields[12])) / ticks, fields[0] == b"R"


def _worker_main(tasks: list[Task], ctx: SourceContext, inbox: int, outbox: int) -> None:
    """Extract the units sent, one answer per unit, until the input ends."""
    global _IN_WORKER
    _IN_WORKER = True
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the supervisor handles ^C and ends us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent()
    _limit_memory(ctx.limits.file_memory)
    # What the worker inherited lives until it exits: moved out of the collector's sight, so
    # collections walk only what the worker allocates (and do not copy the inherited pages).
    gc.freeze()
    # The cyclic collector runs between units, when a unit's objects are gone, rather than
    # in the middle of one, where it would walk (and promote) everything the unit is still
    # building: a sixth of the worker's time on small certificate files. A unit's garbage
    # cycles wait for its end; its memory is bounded by the worker's limit all the same.
    gc.disable()
    while True:
        try:
            chunk = _receive(inbox)
        except (EOFError, OSError):
            return
        for index in chunk:
            kind, files = tasks[index]
            try:
                model = extract_unit(kind, files, ctx)
            except MemoryError:
                os._exit(_OUT_OF_MEMORY)
            # With its CPU seconds so far: the supervisor times the next unit from there
            # (the same count /proc gives, without the supervisor reading it per answer).
            try:
                _send(outbox, (index, time.process_time(), model))
            except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
                message = "tlslint could not pass on what it read here (internal error)"
                _send(outbox, (index, time.process_time(), _failed(files, "parse-error", message)))
            del model
            _collect_between_units()


def _collect_between_units() -> None:
    """Collect what the last units left, once as many objects as the collector's threshold
    were allocated; what survives outlives units (caches, modules imported on first use)
    and is frozen with what the worker inherited, so no collection walks it again."""
    if gc.get_count()[0] < gc.get_threshold()[0]:
        return
    gc.collect(0)
    gc.freeze()


def _die_with_parent() -> None:
    """Linux: be killed when the supervisor dies (a CI job's timeout kills it, not us)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the supervisor died before the request took effect
        os._exit(0)


def _limit_memory(mib: int) -> None:
    """Cap this worker's address space at what it already uses plus ``mib`` MiB."""
    try:
        import resource
    except ImportError:  # not a Unix
        return
    try:
        with open("/proc/self/statm", "rb") as handle:
            pages = int(handle.read().split()[0])
        used = pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        used = 0
    limit = used + mib * 1024 * 1024
    with contextlib.suppress(ValueError, OSError):
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
