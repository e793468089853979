"""A progress line on a terminal: for runs longer than a second, stderr shows what tlslint is
doing, rewritten in place and erased at the end. Never on a pipe, a file or in CI logs."""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from collections.abc import Iterator

DELAY = 1.0  # seconds before the line appears: short runs print nothing
INTERVAL = 0.25

_stage = ["starting"]


def note(stage: str) -> None:
    """What the run is doing now (shown by the progress line, if any)."""
    _stage[0] = stage


@contextlib.contextmanager
def progress(enabled: bool = True) -> Iterator[None]:
    stream = sys.stderr
    if not enabled or not _is_terminal(stream):
        yield
        return
    done = threading.Event()
    shown = [False]
    started = time.monotonic()

    def show() -> None:
        if done.wait(DELAY):
            return
        while not done.is_set():
            elapsed = time.monotonic() - started
            stream.write(f"\r\033[Ktlslint: {_stage[0]}… {elapsed:.0f}s")
            stream.flush()
            shown[0] = True
            done.wait(INTERVAL)

    thread = threading.Thread(target=show, name="tlslint-progress", daemon=True)
    note("starting")
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
        if shown[0]:
            stream.write("\r\033[K")
            stream.flush()


def _is_terminal(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False
