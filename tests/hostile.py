"""Running tlslint as a CI job would on a hostile tree: a subprocess, watched.

Each run is a real ``python -m tlslint`` in its own process group, killed if it outlives a
generous hang guard; its peak memory (its workers included) comes from ``wait4``. Nothing here
times anything: the guard only turns a hang into a failure instead of a stuck suite.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.helpers import REPO

HANG_GUARD = 120.0  # seconds; the runs below take about a second each
ADDRESS_SPACE = 4 * 1024**3  # the whole run, workers included, may not map more than this


@dataclass
class Outcome:
    code: int
    out: str
    err: str
    seconds: float
    peak_mib: int
    timed_out: bool

    def json(self) -> dict[str, Any]:
        return json.loads(self.out)  # type: ignore[no-any-return]

    def rules(self, path: str | None = None) -> list[str]:
        return [f["rule"] for f in self.json()["findings"] if path is None or f["path"] == path]

    def finding(self, rule: str, path: str | None = None) -> dict[str, Any]:
        for f in self.json()["findings"]:
            if f["rule"] == rule and (path is None or f["path"] == path):
                return f  # type: ignore[no-any-return]
        raise AssertionError(f"no {rule} finding for {path}: {self.out[:2000]}")


def tlslint(
    cwd: Path,
    *args: str,
    guard: float = HANG_GUARD,
    wrapper: tuple[str, ...] = (),
    code: str | None = None,
) -> Outcome:
    """Run ``python -m tlslint ARGS`` (or a ``-c`` script) in ``cwd``; never hangs the suite."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "TLSLINT_NO_CACHE": "1", "NO_COLOR": "1"}
    command = (
        [sys.executable, "-c", code, *args] if code else [sys.executable, "-m", "tlslint", *args]
    )

    def limits() -> None:
        os.setsid()
        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))

    started = time.monotonic()
    process = subprocess.Popen(
        [*wrapper, *command],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=limits,
    )
    expired = threading.Event()

    def kill() -> None:
        expired.set()
        with contextlib.suppress(OSError):
            os.killpg(process.pid, signal.SIGKILL)

    timer = threading.Timer(guard, kill)
    timer.start()
    try:
        out, err = _communicate(process)
        _, status, usage = os.wait4(process.pid, 0)
    finally:
        timer.cancel()
    seconds = time.monotonic() - started
    code_ = os.waitstatus_to_exitcode(status)
    return Outcome(
        code_,
        out.decode("utf-8", "replace"),
        err.decode("utf-8", "replace"),
        seconds,
        usage.ru_maxrss // 1024,
        expired.is_set(),
    )


def _communicate(process: subprocess.Popen[bytes]) -> tuple[bytes, bytes]:
    """Read both pipes to the end without waiting for the process (wait4 reaps it after)."""
    chunks: dict[str, list[bytes]] = {"out": [], "err": []}

    def drain(name: str, stream: Any) -> None:
        for block in iter(lambda: stream.read(65536), b""):
            chunks[name].append(block)

    readers = [
        threading.Thread(target=drain, args=("out", process.stdout)),
        threading.Thread(target=drain, args=("err", process.stderr)),
    ]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    return b"".join(chunks["out"]), b"".join(chunks["err"])


def held(outcome: Outcome, codes: tuple[int, ...] = (0, 1), peak_mib: int = 700) -> None:
    """The run ended by itself, within its memory, with an expected status and no traceback."""
    assert not outcome.timed_out, f"hung: killed after {HANG_GUARD:g} s\n{outcome.err[-2000:]}"
    assert outcome.code in codes, f"exit {outcome.code}\n{outcome.err[-3000:]}"
    assert "Traceback" not in outcome.err, outcome.err[-3000:]
    assert outcome.peak_mib < peak_mib, f"{outcome.peak_mib} MiB"
