"""A seeded, bounded mutation fuzz of every parser, through the whole pipeline.

Real files of each kind (nginx and Apache httpd configs, Kubernetes manifests, Terraform,
certificates and keys in PEM, DER and PKCS#12, the config file) are mutated — bytes flipped,
cut, duplicated, spliced with tokens that parsers treat specially — and each mutant is linted like a
repository holding it, then rendered in every format. A mutant may be reported as unparsable
(TLS000) but must never crash a parser (an "internal error"), exhaust its budget, or break a
renderer. The seed is fixed, so a failure names a mutant that can be replayed; the number of
mutants is fixed, so the run stays well under a minute (``TLSLINT_FUZZ_MUTANTS`` raises it).
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.certfactory import leaf
from tests.helpers import FIXTURES, NOW, REPO
from tlslint.formats import renderer
from tlslint.pipeline.config import Config, ConfigError, load_config
from tlslint.pipeline.run import Options, run

SEED = 20261204
MUTANTS = int(os.environ.get("TLSLINT_FUZZ_MUTANTS", "150"))  # per kind
FORMATS = ("text", "json", "sarif", "junit", "github")
# Tokens that parsers give meaning to: quotes, brackets, anchors, includes, PEM armour, DER
# headers, HCL interpolation, huge numbers.
TOKENS = [
    b'"',
    b"'",
    b"{",
    b"}",
    b"[",
    b"]",
    b";",
    b"\\",
    b"#",
    b"\n",
    b"\r\n",
    b"\x00",
    b"\xff",
    b"&a ",
    b"*a",
    b"<<: *a",
    b"---\n",
    b"include *.conf;",
    b"include ../../etc/passwd;",
    b"Include ../../etc/passwd\n",
    b"<VirtualHost *:443>\n",
    b"</IfModule>\n",
    b"${",
    b"%{",
    b'format("%09999d", 1)',
    b"-----BEGIN CERTIFICATE-----\n",
    b"-----END CERTIFICATE-----\n",
    b"-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n",
    b"\x30\x82\xff\xff",
    b"\x30\x80",
    b"\x02\x04\x7f\xff\xff\xff",
    b"99999999999999999999",
    b"-1",
    b"TLSv1",
    b"ssl_protocols",
    b"apiVersion: v1\nkind: Secret\n",
    b"\xef\xbb\xbf",
]


def _seeds(kind: str) -> list[tuple[str, bytes]]:
    if kind == "nginx":
        files = sorted(p for p in FIXTURES.rglob("*.conf") if "apache" not in p.parts)[:12]
    elif kind == "apache":
        files = sorted((FIXTURES / "apache").rglob("*.conf"))[:12]
    elif kind == "kubernetes":
        files = sorted(p for p in FIXTURES.rglob("*.yaml") if "kubernetes" in p.parts)[:12]
    elif kind == "terraform":
        files = sorted(FIXTURES.rglob("*.tf"))[:12]
    elif kind == "cfssl":
        files = sorted(p for p in FIXTURES.rglob("*.json") if "cfssl" in p.parts)[:12]
    else:
        return []
    return [(p.name, p.read_bytes()) for p in files]


def _certificate_seeds() -> list[tuple[str, bytes]]:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    issued = leaf("fuzz.example")
    key = issued.key
    der = issued.cert.public_bytes(serialization.Encoding.DER)
    store = pkcs12.serialize_key_and_certificates(
        b"fuzz",
        key,  # type: ignore[arg-type]
        issued.cert,
        None,
        serialization.NoEncryption(),
    )
    return [
        ("bundle.pem", issued.pem + issued.key_pem()),
        ("leaf.crt", issued.pem),
        ("leaf.der", der),
        ("store.p12", store),
        ("locked.key", issued.key_pem(b"secret")),
    ]


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One to four random edits of ``data``."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        choice = rng.random()
        at = rng.randrange(len(out) + 1)
        if choice < 0.25 and out:  # flip a byte
            out[min(at, len(out) - 1)] = rng.randrange(256)
        elif choice < 0.45:  # insert a special token
            out[at:at] = rng.choice(TOKENS)
        elif choice < 0.6 and out:  # cut a span
            out[at : at + rng.randint(1, 64)] = b""
        elif choice < 0.75 and out:  # duplicate a span many times (amplification)
            span = bytes(out[at : at + rng.randint(1, 32)])
            out[at:at] = span * rng.randint(2, 200)
        elif choice < 0.9:  # truncate
            del out[at:]
        else:  # splice in another part of the file
            start = rng.randrange(len(out) + 1)
            out[at:at] = out[start : start + rng.randint(1, 128)]
    return bytes(out)


def _lint_and_render(root: Path) -> tuple[bool, list[str]]:
    """Whether the mutant was read as a file of its kind, and the problems that must not
    happen on any input (none when the mutant held)."""
    options = Options(paths=[root], root=root, config=_config(root), now=NOW)
    result = run(options)
    for fmt in FORMATS:
        renderer(fmt)(result, color=False)
    return bool(result.files), [
        f"{p.location.path}: {p.message}"
        for p in result.model.problems
        if "internal error" in p.message
        or "limits.file_timeout" in p.message
        or "parser crashed" in p.message
    ]


def _config(root: Path) -> Config:
    path = root / ".tlslint.yaml"
    if not path.exists():
        return Config()
    try:
        return load_config(path)
    except ConfigError:
        return Config()


Writer = Callable[[Path, str, bytes], None]


def _as_file(root: Path, name: str, data: bytes) -> None:
    (root / name).write_bytes(data)


@pytest.fixture(autouse=True)
def _in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    # In this process, so a parser's exception is seen here (a worker would turn it into
    # TLS000), with a budget that turns a hang into a failure below rather than a stuck suite.
    monkeypatch.setenv("TLSLINT_ISOLATE", "0")


@pytest.mark.parametrize(
    "kind", ["nginx", "apache", "kubernetes", "terraform", "cfssl", "certificates"]
)
def test_mutants_of_every_source_never_crash_hang_or_break_a_renderer(
    tmp_path: Path, kind: str
) -> None:
    seeds = _certificate_seeds() if kind == "certificates" else _seeds(kind)
    assert seeds, f"no seed files for {kind}"
    rng = random.Random(f"{SEED}-{kind}")
    failures: list[str] = []
    read = 0
    for number in range(MUTANTS):
        name, data = rng.choice(seeds)
        mutant = mutate(data, rng)
        root = tmp_path / f"m{number}"
        root.mkdir()
        (root / ".tlslint.yaml").write_text("limits:\n  file_timeout: 10\n")
        _as_file(root, name, mutant)
        try:
            claimed, problems = _lint_and_render(root)
            read += claimed
        except Exception as exc:  # the pipeline itself crashed
            problems = [f"{type(exc).__name__}: {exc}"]
        if problems:
            replay = tmp_path / f"failed-{number}-{name}"
            replay.write_bytes(mutant)
            failures.append(f"mutant {number} of {name} ({replay}): {problems[0]}")
    assert not failures, "\n".join(failures[:10])
    assert read > MUTANTS // 2, f"only {read} of {MUTANTS} mutants reached the {kind} source"


def test_mutants_of_the_config_file_are_one_clear_error_or_a_config(tmp_path: Path) -> None:
    base = (REPO / "examples" / ".tlslint.yaml").read_bytes()
    rng = random.Random(f"{SEED}-config")
    for number in range(MUTANTS):
        path = tmp_path / f"c{number}" / ".tlslint.yaml"
        path.parent.mkdir()
        path.write_bytes(mutate(base, rng))
        try:
            load_config(path)
        except ConfigError as exc:
            assert "\n" not in str(exc), str(exc)


@pytest.mark.filterwarnings("ignore::FutureWarning")  # pathspec's own regular expressions
def test_gitignore_mutants_match_like_pathspec_does() -> None:
    import pathspec

    from tlslint.pipeline.globs import GitIgnore

    rng = random.Random(f"{SEED}-globs")
    alphabet = "ab*?/![]\\-.#"
    paths = ["a", "b", "a/b", "ab/", "a.b", "b/a/", "x/a/b", "[a]", "a*b", "!a", "#a", "a-b"]
    for _ in range(MUTANTS * 20):
        pattern = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8)))
        mine = GitIgnore([pattern])
        try:
            theirs = pathspec.GitIgnoreSpec.from_lines([pattern])
        except Exception:
            continue  # pathspec refuses some patterns that git (and tlslint) accept
        for path in paths:
            if "!" in pattern or "\\" in pattern or "//" in pattern:
                continue  # corner cases where pathspec's reading differs from git's
            assert mine.match_file(path) == bool(theirs.match_file(path)), (pattern, path)


def test_gitignore_remembered_directories_answer_as_each_pattern_alone() -> None:
    """A walk's questions, one directory after another: the per-directory shortcut for
    one-component patterns answers exactly as matching every pattern against every path."""
    from tlslint.pipeline.globs import GitIgnore, matches

    rng = random.Random(f"{SEED}-walk")
    alphabet = "ab*?/!."
    names = ["a", "b", "ab", "a.b", "ba", ".a", "b.b"]
    for _ in range(MUTANTS * 4):
        lines = [
            "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6)))
            for _ in range(rng.randint(1, 6))
        ]
        mine = GitIgnore(lines)
        forgetful = GitIgnore(lines)
        forgetful._directory_limit = 2  # its memory of directories is cleared all the time
        for _ in range(40):
            parts = [rng.choice(names) for _ in range(rng.randint(1, 5))]
            path = "/".join(parts) + ("/" if rng.random() < 0.3 else "")
            expected = False
            for pattern in mine.patterns:
                if pattern.negated == expected and matches(pattern, parts, path.endswith("/")):
                    expected = not pattern.negated
            assert mine.match_file(path) == expected, (lines, path)
            assert forgetful.match_file(path) == expected, (lines, path)
