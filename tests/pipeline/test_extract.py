"""Extraction in units: parallel runs agree with serial ones; crashes and hangs cost one unit."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

from tests.helpers import lint
from tlslint.sources.nginx import NGINX


def many_services(root: Path, services: int = 8, sites: int = 10) -> Path:
    for s in range(services):
        base = root / f"svc{s}"
        (base / "conf.d").mkdir(parents=True)
        (base / "nginx.conf").write_text(
            "http {\n    ssl_protocols TLSv1 TLSv1.2;\n    include conf.d/*.conf;\n}\n"
        )
        for i in range(sites):
            (base / "conf.d" / f"s{i}.conf").write_text(
                f"server {{\n    listen 443 ssl;\n    server_name s{i}.svc{s}.example.com;\n}}\n"
            )
    return root


def finding_keys(root: Path, jobs: int) -> list[tuple[str, str, int, str]]:
    result = lint(root, jobs=jobs)
    return [(f.rule_id, f.path, f.line, f.message) for f in result.findings]


def test_parallel_run_finds_exactly_what_a_serial_run_finds(tmp_path: Path) -> None:
    root = many_services(tmp_path)
    serial = finding_keys(root, jobs=1)
    assert serial and any(rule == "TLS101" for rule, *_ in serial)
    assert finding_keys(root, jobs=2) == serial


def test_nginx_partition_keeps_included_files_with_their_main_config(tmp_path: Path) -> None:
    from tests.helpers import NOW
    from tlslint.model.policy import load_profile
    from tlslint.pipeline.discover import discover
    from tlslint.sources.base import SourceContext

    root = many_services(tmp_path, services=3, sites=2)
    found = discover([root], root)
    ctx = SourceContext(root, load_profile(), NOW, files=found.files)
    units = NGINX.partition(found.files, ctx)
    assert sorted(sorted(f.path for f in unit) for unit in units) == [
        [f"svc{s}/conf.d/s0.conf", f"svc{s}/conf.d/s1.conf", f"svc{s}/nginx.conf"] for s in range(3)
    ]


def test_a_crash_in_one_file_costs_only_that_file(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    root = many_services(tmp_path, services=2, sites=1)
    original = type(NGINX).extract

    def fragile(self, files, ctx):  # type: ignore[no-untyped-def]
        if any(f.path.startswith("svc1/") for f in files):
            raise RuntimeError("boom")
        return original(self, files, ctx)

    monkeypatch.setattr(type(NGINX), "extract", fragile)
    result = lint(root)
    crashed = {f.path for f in result.findings if f.rule_id == "TLS000"}
    assert crashed == {"svc1/nginx.conf", "svc1/conf.d/s0.conf"}
    assert any(f.rule_id == "TLS101" and f.path == "svc0/nginx.conf" for f in result.findings)


def test_a_file_over_its_time_budget_is_skipped_not_waited_for(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    root = many_services(tmp_path, services=1, sites=1)
    (root / ".tlslint.yaml").write_text("limits:\n  file_timeout: 0.2\n")

    def hang(self, files, ctx):  # type: ignore[no-untyped-def]
        time.sleep(30)

    monkeypatch.setattr(type(NGINX), "extract", hang)
    started = time.monotonic()
    result = lint(root)
    assert time.monotonic() - started < 10
    skipped = [f for f in result.findings if f.rule_id == "TLS001"]
    assert skipped and "limits.file_timeout" in skipped[0].message
    assert result.model.incomplete


def test_the_time_budget_cuts_a_parser_that_swallows_every_exception(
    tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    # Parsers guard themselves with `except Exception` (the certificate issuer search does, for
    # every pair of certificates in a bundle): the budget must not be one of the things caught.
    root = many_services(tmp_path, services=1, sites=1)
    (root / ".tlslint.yaml").write_text("limits:\n  file_timeout: 0.2\n")

    def stubborn(self, files, ctx):  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(Exception):
                time.sleep(0.01)

    monkeypatch.setattr(type(NGINX), "extract", stubborn)
    started = time.monotonic()
    result = lint(root)
    assert time.monotonic() - started < 10
    skipped = [f for f in result.findings if f.rule_id == "TLS001"]
    assert skipped and "limits.file_timeout" in skipped[0].message


def test_a_parser_that_kills_its_worker_costs_only_its_unit(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import faulthandler
    import os
    import signal

    root = many_services(tmp_path)  # 88 files: enough for worker processes
    parent = os.getpid()
    original = type(NGINX).extract

    def segfaulting(self, files, ctx):  # type: ignore[no-untyped-def]
        if any(f.path.startswith("svc1/") for f in files):
            if os.getpid() == parent:  # never take the test run down
                raise RuntimeError("would have crashed the interpreter")
            faulthandler.disable()  # pytest's dump of the worker's stack is noise here
            os.kill(os.getpid(), signal.SIGSEGV)
        return original(self, files, ctx)

    monkeypatch.setattr(type(NGINX), "extract", segfaulting)
    result = lint(root, jobs=2)
    crashed = {f.path for f in result.findings if f.rule_id == "TLS000"}
    assert crashed == {"svc1/nginx.conf", *(f"svc1/conf.d/s{i}.conf" for i in range(10))}
    judged = {f.path for f in result.findings if f.rule_id == "TLS101"}
    assert {f"svc{s}/nginx.conf" for s in range(8)} - judged == {"svc1/nginx.conf"}


def test_answers_are_cut_into_messages_whatever_each_read_brings() -> None:
    """Several answers in one read, one answer over several: each arrives whole, once."""
    import os
    import pickle

    import pytest

    from tlslint.pipeline.extract import _HEADER, _Inbox

    def framed(payload: object) -> bytes:
        data = pickle.dumps(payload)
        return _HEADER.pack(len(data)) + data

    read_end, write_end = os.pipe()
    try:
        inbox = _Inbox()
        first, second, third = framed((0, 0.1, "a")), framed((1, 0.2, "b")), framed((2, 0.3, "c"))
        os.write(write_end, first + second + third[:5])
        assert inbox.read(read_end) == [(0, 0.1, "a"), (1, 0.2, "b")]
        os.write(write_end, third[5:])
        assert inbox.read(read_end) == [(2, 0.3, "c")]
        os.close(write_end)
        write_end = -1
        with pytest.raises(EOFError):
            inbox.read(read_end)
    finally:
        os.close(read_end)
        if write_end >= 0:
            os.close(write_end)


def test_a_worker_answering_out_of_form_is_not_trusted(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """An answer that is not (unit, CPU seconds, model) ends the worker like a crash: that
    unit is reported as not analysed, every other unit is read by a fresh worker."""
    from tlslint.pipeline import extract

    root = many_services(tmp_path, services=3, sites=2)
    original = extract._send

    def garbling(fd: int, payload: object) -> None:
        if isinstance(payload, tuple) and len(payload) == 3:
            index, _cpu, model = payload
            if any(f.path.startswith("svc1/") for f in model.files):
                payload = (index, model)  # missing the CPU seconds
        original(fd, payload)

    monkeypatch.setattr(extract, "_send", garbling)
    result = lint(root)
    crashed = {f.path for f in result.findings if f.rule_id == "TLS000"}
    assert crashed and all(path.startswith("svc1/") for path in crashed)
    judged = {f.path for f in result.findings if f.rule_id == "TLS101"}
    assert {"svc0/nginx.conf", "svc2/nginx.conf"} <= judged


def _units(root: Path) -> tuple[list[tuple[str, list]], object]:  # type: ignore[type-arg]
    from tests.helpers import NOW
    from tlslint.model.policy import load_profile
    from tlslint.pipeline.discover import discover
    from tlslint.pipeline.extract import tasks_of
    from tlslint.sources.base import SourceContext

    found = discover([root], root)
    ctx = SourceContext(root, load_profile(), NOW, files=found.files)
    return tasks_of(found.files, ctx), ctx  # type: ignore[return-value]


def test_units_found_meanwhile_are_read_after_the_first_ones(tmp_path: Path) -> None:
    """What the supervisor does while the workers read (taking units from the cache) may
    hand back units to read after all: each is read and shown, in the order given."""
    from tlslint.pipeline.extract import extract_tasks

    tasks, ctx = _units(many_services(tmp_path, services=3, sites=1))
    assert len(tasks) == 3
    for first, later in ((tasks[:1], tasks[1:]), ([], tasks), (tasks, [])):
        shown: list[str] = []
        model = extract_tasks(
            first,
            ctx,  # type: ignore[arg-type]
            each=lambda unit, part, shown=shown: shown.append(unit[0].path.split("/")[0]),
            meanwhile=lambda later=later: list(later),  # type: ignore[misc]
        )
        assert shown == ["svc0", "svc1", "svc2"]
        assert sorted({f.path.split("/")[0] for f in model.files}) == shown
        assert len([e for e in model.endpoints if e.tls]) == 3


def test_a_run_leaves_no_worker_behind(tmp_path: Path) -> None:
    """Workers are killed once their work is done, without waiting for them to go, and
    collected when the run ends: none is left (nor a zombie), and the CPU time they used is
    this process's children's, as ``time`` counts it."""
    import resource

    root = many_services(tmp_path, services=2, sites=1)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    for _ in range(3):
        finding_keys(root, jobs=2)
    assert _children() == []
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert after.ru_utime + after.ru_stime > before.ru_utime + before.ru_stime


def _children() -> list[int]:
    """This process's child processes, running or waiting to be reaped."""
    import os

    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError):
                fields = (entry / "stat").read_bytes().rsplit(b")", 1)[1].split()
                if int(fields[1]) == os.getpid():
                    found.append(int(entry.name))
    return found
