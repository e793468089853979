"""What reading a manifest or a certificate file gave, kept between runs (pipeline/units.py):
a run that takes units from the cache gives exactly the run that reads every file, and an
entry is never used for a file, or a context, that changed."""

from __future__ import annotations

import io
import os
import pickle
import shutil
from pathlib import Path

import pytest

from tests.helpers import NOW, REPO
from tests.repogen import build
from tlslint.pipeline import cache, extract, reading, units
from tlslint.pipeline.run import Options, Result, run

FIXTURE = REPO / "tests/fixtures/rules/TLS103/kubernetes/fires"


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("TLSLINT_CACHE_DIR", str(directory))
    monkeypatch.setattr(cache, "RACY_NS", 0)  # trust fresh test files to the clock
    return directory


def check(root: Path, *paths: Path, jobs: int = 1) -> Result:
    return run(
        Options(paths=list(paths or [root]), root=root, now=NOW, per_file_config=True, jobs=jobs)
    )


def observed(result: Result) -> list[tuple[object, ...]]:
    return [
        (f.rule_id, f.path, f.line, f.location.column, f.severity, f.message, f.endpoint)
        for f in result.findings
    ]


def model_of(result: Result) -> tuple[object, ...]:
    objects = {kind: len(values) for kind, values in result.model.objects.items() if values}
    return (
        [f.path for f in result.files],
        [(e.name, e.location) for e in result.model.endpoints],
        objects,
        result.model.incomplete,
    )


def ingress_repository(tmp_path: Path, name: str = "ingress.yaml") -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    shutil.copy(FIXTURE / "ingress.yaml", root / name)
    return root


def entries(cache_dir: Path) -> list[Path]:
    return sorted((cache_dir / "units").glob("*/*.pickle"))


def count_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files each run hands to the sources to read."""
    read: list[str] = []
    original = extract.extract_tasks

    def counting(tasks, ctx, jobs, each, meanwhile):  # type: ignore[no-untyped-def]
        def loading():  # type: ignore[no-untyped-def]
            rest = meanwhile()
            read.extend(f.path for _, unit in rest for f in unit)
            return rest

        read.extend(f.path for _, unit in tasks for f in unit)
        return original(tasks, ctx, jobs, each, loading)

    monkeypatch.setattr("tlslint.pipeline.run.extract_tasks", counting)
    return read


def test_a_warm_run_is_the_cold_run_on_a_repository_of_every_source(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = build(tmp_path / "repo", copies=2)
    cold = check(root)
    assert entries(cache_dir)  # manifests and certificate files were stored
    read = count_reads(monkeypatch)
    warm = check(root)
    again = [f for f in warm.files if f.path in read and f.kind in ("kubernetes", "certificates")]
    # Read again: only manifests holding certificate or key material (never stored).
    assert all(b"LS0tLS1CRUdJTi" in (root / f.path).read_bytes() for f in again), again
    kept = [f for f in warm.files if f.path not in read and f.kind == "kubernetes"]
    assert kept and not [f for f in again if f.kind == "certificates"]
    assert observed(warm) == observed(cold)
    assert model_of(warm) == model_of(cold)
    assert observed(check(root, jobs=2)) == observed(cold)
    monkeypatch.setenv("TLSLINT_NO_CACHE", "1")
    assert observed(check(root)) == observed(cold)


def test_one_file_checks_agree_with_the_whole_scan_on_a_warm_cache(
    tmp_path: Path, cache_dir: Path
) -> None:
    root = build(tmp_path / "repo", copies=1)
    whole = check(root)
    check(root)  # every unit stored, then taken from the cache
    for rel in ("team0/k8s/ingress.yaml", "team0/pki/api.pem", "team0/nginx/conf.d/shop.conf"):
        path = root / rel
        assert path.is_file(), rel  # the generated repository has each kind of file checked
        alone = check(root, path)
        expected = [o for o in observed(whole) if o[1] == rel]
        assert observed(alone) == expected, rel


def test_a_changed_manifest_is_read_again(tmp_path: Path, cache_dir: Path) -> None:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    shutil.copy(FIXTURE / "controller.yaml", root / "controller.yaml")
    shutil.copy(FIXTURE / "ingress.yaml", root / "ingress.yaml")
    before = {f.rule_id for f in check(root).findings}
    assert "TLS103" in before
    check(root)
    controller = root / "controller.yaml"
    controller.write_text(controller.read_text().replace('"TLSv1.2"', '"TLSv1.2 TLSv1.3"'))
    assert "TLS103" not in {f.rule_id for f in check(root).findings}


def test_a_kustomization_namespace_is_part_of_what_a_manifest_says(
    tmp_path: Path, cache_dir: Path
) -> None:
    """The namespace a kustomization gives is read from another file: changing it changes
    the manifest's objects, cached or not."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    app = root / "apps/shop"
    app.mkdir(parents=True)
    text = (FIXTURE / "ingress.yaml").read_text().replace("  namespace: shop\n", "")
    (app / "ingress.yaml").write_text(text)
    (app / "kustomization.yaml").write_text("namespace: blue\nresources: [ingress.yaml]\n")

    def endpoints() -> set[str | None]:
        return {f.endpoint for f in check(root).findings if f.path == "apps/shop/ingress.yaml"}

    assert "Ingress blue/web" in endpoints()
    assert "Ingress blue/web" in endpoints()  # warm
    (app / "kustomization.yaml").write_text("namespace: green\nresources: [ingress.yaml]\n")
    names = endpoints()
    assert "Ingress green/web" in names and "Ingress blue/web" not in names


def test_a_unit_read_with_problems_is_stored_with_them(tmp_path: Path, cache_dir: Path) -> None:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "broken.yaml").write_text("apiVersion: v1\nkind: Secret\nmetadata: [unclosed\n")
    (root / "nginx.conf").write_text("events {}\nhttp {\n    include missing/*.conf;\n}\n")
    (root / "site.conf").write_text("server {\n    listen 443 ssl;\n    include tls.inc;\n}\n")
    first = check(root)
    assert len({p.location.path for p in first.model.problems}) == 2
    assert len(entries(cache_dir)) == 3
    warm = check(root)
    assert [p.message for p in warm.model.problems] == [p.message for p in first.model.problems]
    assert observed(warm) == observed(first)


def test_a_unit_whose_problem_quotes_a_secret_is_not_stored(
    tmp_path: Path, cache_dir: Path
) -> None:
    """The run redacts what a message quotes before any output; the cache keeps nothing the
    run would have redacted."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "site.conf").write_text(
        "server {\n    listen 443 ssl;\n    include password=hunter2hunter2;\n}\n"
    )
    first = check(root)
    (problem,) = first.model.problems
    assert "hunter2" not in problem.message
    assert entries(cache_dir) == []


def test_entries_that_are_not_a_model_are_misses(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = ingress_repository(tmp_path)
    cold = observed(check(root))
    (entry,) = entries(cache_dir)
    marker = tmp_path / "pwned"
    for planted in (b"garbage", pickle.dumps(["a list"]), _calls_a_function(marker)):
        entry.write_bytes(planted)
        read = count_reads(monkeypatch)
        assert observed(check(root)) == cold
        assert read == ["ingress.yaml"]
    assert not marker.exists()  # the planted command never ran


class _Planted:
    """Unpickled, it would run a shell command that leaves a file named by ``marker``."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (os.system, (f"touch {self.marker}",))


def _calls_a_function(marker: Path = Path("/nonexistent/pwned")) -> bytes:
    return pickle.dumps(_Planted(marker))


def test_the_unpickler_builds_only_the_model() -> None:
    with pytest.raises(pickle.UnpicklingError):
        units._ModelUnpickler(io.BytesIO(_calls_a_function())).load()
    with pytest.raises(pickle.UnpicklingError):
        units._ModelUnpickler(io.BytesIO(pickle.dumps(shutil.rmtree))).load()


def test_an_entry_others_can_write_is_not_read(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = ingress_repository(tmp_path)
    check(root)
    (entry,) = entries(cache_dir)
    entry.chmod(0o646)
    read = count_reads(monkeypatch)
    check(root)
    assert read == ["ingress.yaml"]


def test_no_unit_is_taken_while_edited_texts_are_held_in_memory(
    tmp_path: Path, cache_dir: Path
) -> None:
    root = ingress_repository(tmp_path)
    check(root)
    index = cache.open_index(root)
    with reading.overlay() as texts:
        texts[str(root / "ingress.yaml")] = b"edited"
        assert units.open_units(index, _context(root, index)) is None
    assert units.open_units(index, _context(root, index)) is not None


def _context(root: Path, index: cache.Index):  # type: ignore[no-untyped-def]
    from tlslint.model.policy import build_policy
    from tlslint.sources.base import SourceContext

    return SourceContext(root, build_policy("intermediate", {}), NOW, facts=index)


def test_each_file_has_an_entry_of_its_own(tmp_path: Path, cache_dir: Path) -> None:
    """Keys name the file and its signature: an entry made for one file is never another's."""
    root = ingress_repository(tmp_path, "a.yaml")
    check(root)
    (entry,) = entries(cache_dir)
    shutil.copy(FIXTURE / "controller.yaml", root / "b.yaml")
    both = check(root)
    assert {f.path for f in both.files} == {"a.yaml", "b.yaml"}
    assert len(entries(cache_dir)) == 2 and entry in entries(cache_dir)


def test_a_server_holding_its_key_inline_is_never_stored(tmp_path: Path, cache_dir: Path) -> None:
    """nginx takes a key as a ``data:`` value: such a unit is read every time, so no key
    material is copied into the cache."""
    from tests.certfactory import leaf

    body = leaf("shop.example.com").key_pem().decode()
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "site.conf").write_text(
        "server {\n    listen 443 ssl;\n    server_name shop.example.com;\n"
        f'    ssl_certificate_key "data:{body}";\n}}\n'
    )
    (root / "plain.conf").write_text("server {\n    listen 443 ssl;\n    server_name a.b;\n}\n")
    check(root)
    check(root)
    stored = entries(cache_dir)
    assert len(stored) == 1  # plain.conf's unit, not site.conf's
    secret = body.splitlines()[1].encode()
    for entry in cache_dir.rglob("*"):
        if entry.is_file():
            assert secret not in entry.read_bytes(), entry
            assert b"PRIVATE KEY-----" not in entry.read_bytes(), entry
