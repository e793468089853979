"""Running the sources over the discovered files: in units, within time budgets, in parallel.

Each source splits its files into independent *units* (an nginx main config with everything it
includes; a single manifest); a unit is extracted as a whole, so cross-file meaning survives.
With ``--jobs N`` the units run in N worker processes; rules then run once, in this process, on
the merged model. A unit that crashes or exceeds ``limits.file_timeout`` costs its files (a
TLS000/TLS001 finding each), never the run.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import traceback
from collections.abc import Iterator
from typing import Any

from tlslint.linter.model import Location, Model, ReadProblem, SourceFile
from tlslint.linter.sources import SOURCES
from tlslint.linter.sources.base import SourceContext

PARALLEL_MIN_FILES = 64  # below this, starting workers costs more than it saves


class BudgetExceeded(BaseException):
    """Not an Exception: a parser's defensive ``except Exception`` must not swallow it."""


@contextlib.contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise BudgetExceeded in this thread after ``seconds`` (Unix main thread only)."""
    usable = hasattr(signal, "setitimer") and seconds > 0 and _in_main_thread()
    if not usable:
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise BudgetExceeded

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _in_main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def extract_all(files: list[SourceFile], ctx: SourceContext, jobs: int = 1) -> Model:
    by_kind: dict[str, list[SourceFile]] = {}
    for f in files:
        by_kind.setdefault(f.kind, []).append(f)
    model = Model()
    if jobs <= 1 or len(files) < PARALLEL_MIN_FILES:
        # One process: each source reads all its files at once (units are found only if
        # something fails and the work must be split).
        for kind, kind_files in by_kind.items():
            model.extend(extract_unit(kind, kind_files, ctx))
        return model
    tasks = [
        (kind, unit)
        for kind, kind_files in by_kind.items()
        for unit in SOURCES[kind].partition(kind_files, ctx)
    ]
    for part in _parallel(tasks, ctx, jobs):
        model.extend(part)
    return model


Task = tuple[str, list[SourceFile]]


def _batches(tasks: list[Task], jobs: int) -> list[list[Task]]:
    """Group units into about 4 batches per worker, balanced by bytes, largest first."""
    count = min(len(tasks), jobs * 4)
    batches: list[list[Task]] = [[] for _ in range(count)]
    weights = [0] * count
    for task in sorted(tasks, key=lambda t: -sum(f.size for f in t[1])):
        lightest = weights.index(min(weights))
        batches[lightest].append(task)
        weights[lightest] += sum(f.size for f in task[1]) + 1
    return [b for b in batches if b]


def _parallel(tasks: list[Task], ctx: SourceContext, jobs: int) -> Iterator[Model]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    method = "fork" if sys.platform.startswith("linux") else None
    context = multiprocessing.get_context(method)
    lost: list[Task] = []
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        batches = _batches(tasks, jobs)
        futures = [(pool.submit(_extract_batch, batch, ctx), batch) for batch in batches]
        for future, batch in futures:
            try:
                yield future.result()
            except BrokenProcessPool:
                lost.extend(batch)
    # A worker died (a parser crashed the interpreter) and took the pool with it: each unit of
    # the lost batches runs again alone, so the crash costs only the unit that causes it.
    for kind, unit in lost:
        with ProcessPoolExecutor(max_workers=1, mp_context=context) as alone:
            try:
                yield alone.submit(_extract_batch, [(kind, unit)], ctx).result()
            except BrokenProcessPool:
                yield _failed(
                    unit,
                    "parse-error",
                    "tlslint could not analyse this file (its parser crashed); please report it",
                )


def _extract_batch(batch: list[Task], ctx: SourceContext) -> Model:
    model = Model()
    for kind, unit in batch:
        model.extend(extract_unit(kind, unit, ctx))
    return model


def extract_unit(kind: str, files: list[SourceFile], ctx: SourceContext) -> Model:
    """Extract one unit; a crash or a blown time budget costs its files, never the run."""
    source = SOURCES[kind]
    budget = ctx.limits.file_timeout * max(1, len(files))
    try:
        with time_budget(budget):
            return source.extract(files, ctx)
    except BudgetExceeded:
        return _failed(
            files,
            "file-skipped",
            f"analysis took longer than {ctx.limits.file_timeout:g} s per file "
            "(limits.file_timeout); not analysed",
        )
    except Exception:
        if len(files) == 1:
            return _failed(files, "parse-error", _crash_message())
    # Retry unit by unit (then file by file), so one bad file does not hide the others.
    units = source.partition(files, ctx)
    if len(units) <= 1:
        units = [[f] for f in files]
    model = Model()
    for unit in units:
        model.extend(extract_unit(kind, unit, ctx))
    return model


def _crash_message() -> str:
    last = traceback.format_exc().strip().splitlines()[-1]
    kind = last.split(":", 1)[0]
    return f"tlslint could not analyse this file (internal error: {kind}); please report it"


def _failed(files: list[SourceFile], kind: str, message: str) -> Model:
    return Model(
        files=list(files),
        problems=[ReadProblem(kind, message, Location(f.path)) for f in files],
        incomplete={f.path: message for f in files},
    )
