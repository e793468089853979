"""The issuer search costs one signature check per distinct candidate key, not per pair.

Structural, not timed: the number of signature checks is counted (the time is measured in
``bench/certificates_bench.py``).
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from tests.certfactory import ec_key, make, write
from tests.helpers import lint
from tlslint.sources.certificates import parse
from tlslint.sources.certificates.issuers import MAX_KEYS_TRIED, Facts, find_issuers


def _facts(subject: str, issuer: str, key: str, **extra: object) -> Facts:
    return Facts(subject, issuer, key, "", "", False, **extra)  # type: ignore[arg-type]


def test_distinct_roots_need_no_signature_check() -> None:
    roots = [Facts(f"CN=Root {i}", f"CN=Root {i}", f"k{i}", "", "", True) for i in range(2000)]
    checks: list[tuple[int, int]] = []
    found = find_issuers(roots, lambda i, j: checks.append((i, j)) or True)
    assert checks == []
    assert found.issuers == [()] * 2000


def test_one_check_per_distinct_key_and_every_copy_of_the_issuer_is_named() -> None:
    facts = [
        _facts("CN=leaf", "CN=CA", "leaf"),
        _facts("CN=CA", "CN=Root", "ca-key"),  # the intermediate…
        _facts("CN=CA", "CN=Root", "ca-key"),  # …twice (another copy)
        _facts("CN=CA", "CN=Root", "old-ca-key"),  # a re-keyed CA of the same name
    ]
    checks: list[tuple[int, int]] = []

    def verify(i: int, j: int) -> bool:
        checks.append((i, j))
        return facts[j].public_key == "ca-key"

    found = find_issuers(facts, verify)
    assert found.issuers[0] == (1, 2)
    assert len([c for c in checks if c[0] == 0]) <= 2  # one per distinct key at most


def test_key_identifiers_rule_out_candidates_before_any_check() -> None:
    facts = [
        Facts("CN=leaf", "CN=CA", "leaf", "aa", "", False),
        Facts("CN=CA", "CN=Root", "k1", "", "bb", False),  # another key identifier
        Facts("CN=CA", "CN=Root", "k2", "", "aa", False),
    ]
    checks: list[tuple[int, int]] = []
    found = find_issuers(facts, lambda i, j: checks.append((i, j)) or j == 2)
    assert found.issuers[0] == (2,)
    assert checks == [(0, 2)]


def test_thousands_of_same_named_certificates_give_up_after_a_bounded_search() -> None:
    same = [_facts("CN=same", "CN=same", f"k{i}") for i in range(1500)]
    checks: list[tuple[int, int]] = []
    found = find_issuers(same, lambda i, j: checks.append((i, j)) is not None)
    assert len(checks) <= MAX_KEYS_TRIED * len(same)
    assert found.gave_up == len(same)


def test_a_bundle_of_roots_is_described_without_pairwise_checks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    roots = [make(f"Root {i}", ca=True, key=ec_key(300 + i), days_after=900) for i in range(60)]
    write(tmp_path / "ca-bundle.crt", *(r.pem for r in roots))
    calls = 0
    real = parse._verifies  # every signature check, a root's own or a candidate issuer's

    def counted(cert: object, issuer: object) -> bool:
        nonlocal calls
        calls += 1
        return real(cert, issuer)  # type: ignore[arg-type]

    monkeypatch.setattr(parse, "_verifies", counted)
    monkeypatch.setenv("TLSLINT_ISOLATE", "0")  # count in this process, not a forked worker
    result = lint(tmp_path)
    assert len(result.model.objects["certificates"]) == 60
    assert calls == 60  # each root's own signature, nothing pairwise


def test_a_secret_of_same_named_certificates_is_judged_and_says_what_it_skipped(
    tmp_path: Path,
) -> None:
    issuers = [make("same.example.com", key=ec_key(400 + i)) for i in range(3)]
    leaves = [
        make("same.example.com", issuer=issuers[i % 3], key=ec_key(500 + i)) for i in range(40)
    ]
    blob = b"".join(c.pem for c in leaves)
    write(
        tmp_path / "secret.yaml",
        "apiVersion: v1\nkind: Secret\nmetadata: {name: same, namespace: shop}\n"
        f"type: kubernetes.io/tls\ndata:\n  tls.crt: {base64.b64encode(blob).decode()}\n",
    )
    result = lint(tmp_path)
    assert len(result.model.objects["certificates"]) == 40
    skipped = [f for f in result.findings if f.rule_id == "TLS001"]
    assert skipped and "not searched further" in skipped[0].message
