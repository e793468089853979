"""The hostile corpus: what a pull request from a fork can contain, built at test time.

Every case runs the real command line in a watched subprocess (tests/hostile.py) and asserts
the three promises of the README's "Security model": the run ends by itself within its memory
with the status it should (never a traceback, never 1 for a crash); nothing is written or
revealed that should not be; and whatever tlslint declines or cannot read is listed as not
analysed (TLS001) or unparsable (TLS000).
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import stat
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.hostile import Outcome, held, tlslint

WEAK = (
    "server {\n    listen 443 ssl;\n    server_name a.example;\n"
    "    ssl_protocols TLSv1 TLSv1.2;\n}\n"
)
INGRESS = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  annotations:
    nginx.ingress.kubernetes.io/ssl-protocols: TLSv1 TLSv1.2
spec:
  tls:
  - hosts: [shop.example]
    secretName: shop-tls
  rules:
  - host: shop.example
"""


def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    return root


def check(root: Path, *args: str, **kwargs: object) -> Outcome:
    return tlslint(root, "check", ".", "--format", "json", "--now", "2026-06-01", *args, **kwargs)  # type: ignore[arg-type]


def _remove(root: Path) -> None:
    import subprocess

    subprocess.run(["rm", "-rf", str(root)], check=True)


def skipped(outcome: Outcome) -> dict[str, str]:
    """path -> reason of every file listed as not (fully) analysed."""
    return {entry["path"]: entry["reason"] for entry in outcome.json()["incomplete"]}


# --- (1) never a crash, a hang or a memory blow-up -----------------------------------------


def test_symlink_loops_are_reported_and_the_rest_is_analysed(tmp_path: Path) -> None:
    root = repo(tmp_path)
    (root / "nginx.conf").write_text(WEAK)
    os.symlink("b.conf", root / "a.conf")
    os.symlink("a.conf", root / "b.conf")
    (root / "sub").mkdir()
    os.symlink("..", root / "sub" / "up")
    outcome = check(root)
    held(outcome, codes=(1,))
    assert "TLS101" in outcome.rules("nginx.conf")
    assert "loop" in skipped(outcome)["a.conf"]


def test_a_thousand_nested_directories_are_walked_to_a_bound_and_reported(tmp_path: Path) -> None:
    root = repo(tmp_path)
    (root / "nginx.conf").write_text(WEAK)
    here = os.open(root, os.O_RDONLY)
    try:
        for _ in range(1000):
            os.mkdir("d", dir_fd=here)
            inner = os.open("d", os.O_RDONLY, dir_fd=here)
            os.close(here)
            here = inner
    finally:
        os.close(here)
    try:
        outcome = check(root)
        held(outcome, codes=(1,))
        assert any("levels deep" in reason for reason in skipped(outcome).values())
    finally:
        _remove(root)  # shutil.rmtree (and pytest's clean-up) recurse per level


def test_a_path_longer_than_the_system_allows_is_reported(tmp_path: Path) -> None:
    root = repo(tmp_path)
    (root / "nginx.conf").write_text(WEAK)
    here = os.open(root, os.O_RDONLY)
    try:
        for _ in range(25):  # 25 x 201 bytes: over PATH_MAX (4096)
            os.mkdir("x" * 200, dir_fd=here)
            inner = os.open("x" * 200, os.O_RDONLY, dir_fd=here)
            os.close(here)
            here = inner
        fd = os.open("nginx.conf", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=here)
        os.write(fd, WEAK.encode())
        os.close(fd)
    finally:
        os.close(here)
    try:
        outcome = check(root)
        held(outcome, codes=(1,))
        assert any("too long" in reason for reason in skipped(outcome).values())
    finally:
        _remove(root)  # shutil.rmtree cannot name paths over PATH_MAX


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github"])
def test_a_file_name_that_is_not_utf8_is_printed_escaped_in_every_format(
    tmp_path: Path, fmt: str
) -> None:
    root = repo(tmp_path)
    (root / os.fsdecode(b"bad\xff.conf")).write_text(WEAK)
    outcome = tlslint(root, "check", ".", "--format", fmt)
    held(outcome, codes=(1,))
    shown = {"json": "bad\\udcff.conf", "sarif": "bad%FF.conf"}.get(fmt, "bad\\xff.conf")
    assert shown in outcome.out
    if fmt in ("json", "sarif"):
        json.loads(outcome.out)


def test_device_links_and_fifos_are_never_read(tmp_path: Path) -> None:
    root = repo(tmp_path)
    (root / "nginx.conf").write_text(WEAK)
    os.symlink("/dev/zero", root / "README")
    os.symlink("/dev/zero", root / "zero.conf")
    (root / "inside").write_text("x")
    os.mkfifo(root / "site.conf")
    (root / "sites-enabled").mkdir()
    os.mkfifo(root / "sites-enabled" / "shop")
    outcome = check(root)
    held(outcome, codes=(1,), peak_mib=300)
    reasons = skipped(outcome)
    assert "FIFO" in reasons["site.conf"] and "FIFO" in reasons["sites-enabled/shop"]
    assert "outside the scanned root" in reasons["zero.conf"]
    assert "TLS101" in outcome.rules("nginx.conf")


def test_a_finding_on_a_device_link_is_never_read_for_suppressions(tmp_path: Path) -> None:
    # The suppression pass reads the files findings are in; a finding may name any path.
    root = repo(tmp_path)
    (root / "nginx.conf").write_text(WEAK)
    os.symlink("/dev/zero", root / "README.conf")
    outcome = check(root)
    held(outcome, codes=(1,), peak_mib=300)


@pytest.mark.parametrize("key", ["baseline", "controller"])
def test_config_paths_to_a_device_are_refused_not_read(tmp_path: Path, key: str) -> None:
    root = repo(tmp_path)
    (root / "nginx.conf").write_text(WEAK)
    (root / "ingress.yaml").write_text(INGRESS)
    os.symlink("/dev/zero", root / "zero.yaml")
    if key == "baseline":
        (root / ".tlslint.yaml").write_text("baseline: /dev/zero\n")
        outcome = check(root)
        held(outcome, codes=(2,), peak_mib=300)
        assert outcome.err.count("\n") == 1 and "not a regular file" in outcome.err
    else:
        (root / ".tlslint.yaml").write_text("kubernetes:\n  controller_configmap_file: zero.yaml\n")
        outcome = tlslint(root, "check", "ingress.yaml", "--format", "json")
        held(outcome, codes=(1,), peak_mib=300)
        assert "zero.yaml" in skipped(outcome)


def test_a_file_over_the_size_limit_is_not_read(tmp_path: Path) -> None:
    root = repo(tmp_path)
    big = root / "nginx.conf"
    with big.open("wb") as handle:  # sparse: 3 GiB that would exhaust memory if read
        handle.write(WEAK.encode())
        handle.truncate(3 * 1024**3)
    outcome = check(root)
    held(outcome, codes=(0,), peak_mib=300)
    assert "limits.max_file_size" in skipped(outcome)["nginx.conf"]


@pytest.mark.parametrize("where", [".gitignore", "exclude"])
def test_backtracking_globs_match_in_linear_time(tmp_path: Path, where: str) -> None:
    root = repo(tmp_path)
    pattern = "*a*a*a*a*a*a*a*a*a*a*b"
    if where == ".gitignore":
        (root / ".gitignore").write_text(pattern + "\n")
    else:
        (root / ".tlslint.yaml").write_text(f"exclude: ['{pattern}']\n")
    for i in range(20):
        (root / f"{'a' * 200}{i}.conf").write_text(WEAK)
    outcome = check(root, guard=60)
    held(outcome, codes=(1,))
    assert len({f["path"] for f in outcome.json()["findings"]}) == 20


def test_billion_laughs_in_the_config_is_one_error_line(tmp_path: Path) -> None:
    root = repo(tmp_path)
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    (root / ".tlslint.yaml").write_text("\n".join(lines) + "\nprofile: modern\n")
    (root / "nginx.conf").write_text(WEAK)
    outcome = check(root, guard=60)
    held(outcome, codes=(2,), peak_mib=300)
    assert outcome.err.startswith("tlslint: error:") and outcome.err.count("\n") == 1
    assert "aliases expand" in outcome.err


def _pkcs12(iterations_marker: int) -> bytes:
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "shop.example")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(7)
        .not_valid_before(dt.datetime(2026, 1, 1))
        .not_valid_after(dt.datetime(2026, 12, 1))
        .sign(key, hashes.SHA256())
    )
    encryption = (
        serialization.PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(iterations_marker)
        .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
        .hmac_hash(hashes.SHA256())
        .build(b"secret")
    )
    return pkcs12.serialize_key_and_certificates(b"shop", key, cert, None, encryption)


def test_a_pkcs12_store_asking_for_billions_of_iterations_is_not_opened(tmp_path: Path) -> None:
    root = repo(tmp_path)
    data = _pkcs12(0x010001)  # encoded 02 03 01 00 01; rewritten to 0x7fffff (8.4 million)
    assert data.count(b"\x02\x03\x01\x00\x01") >= 1
    (root / "store.p12").write_bytes(data.replace(b"\x02\x03\x01\x00\x01", b"\x02\x03\x7f\xff\xff"))
    (root / "nginx.conf").write_text(WEAK)
    outcome = check(root, guard=60)
    held(outcome, codes=(1,))
    assert "8,388,607 key-derivation iterations" in skipped(outcome)["store.p12"]
    assert "TLS101" in outcome.rules("nginx.conf")


def test_terraform_format_padding_is_not_evaluated(tmp_path: Path) -> None:
    root = repo(tmp_path)
    (root / "main.tf").write_text(
        'resource "aws_lb_listener" "web" {\n'
        '  protocol   = "HTTPS"\n'
        '  ssl_policy = format("%0999999999d", 1)\n'
        "}\n"
    )
    outcome = check(root)
    held(outcome, codes=(0, 1), peak_mib=300)
    assert "width or precision" in json.dumps(outcome.json()["findings"])


def test_terraform_locals_that_double_a_string_stay_bounded(tmp_path: Path) -> None:
    root = repo(tmp_path)
    steps = "".join(f'  s{i} = "${{local.s{i - 1}}}${{local.s{i - 1}}}"\n' for i in range(1, 40))
    (root / "main.tf").write_text(
        'locals {\n  s0 = "ELBSecurityPolicy-2016-08"\n' + steps + "}\n"
        'resource "aws_lb_listener" "web" {\n  protocol = "HTTPS"\n  ssl_policy = local.s39\n}\n'
    )
    outcome = check(root)
    held(outcome, codes=(0, 1), peak_mib=500)


def test_an_unterminated_quote_in_a_large_nginx_file_costs_no_memory(tmp_path: Path) -> None:
    root = repo(tmp_path)
    (root / "nginx.conf").write_text('server { ssl_ciphers "' + "A" * 4_800_000 + "\n")
    outcome = check(root)
    held(outcome, codes=(1,), peak_mib=300)
    assert "TLS000" in outcome.rules("nginx.conf")


def test_a_megabytes_long_cipher_string_is_evaluated_or_refused_quickly(tmp_path: Path) -> None:
    root = repo(tmp_path)
    ciphers = ":".join(["ECDHE-RSA-AES128-GCM-SHA256", "RC4-SHA"] * 60_000)
    (root / "nginx.conf").write_text(
        f'server {{\n    listen 443 ssl;\n    ssl_ciphers "{ciphers}";\n}}\n'
    )
    outcome = check(root)
    held(outcome, codes=(1,), peak_mib=400)


def test_ten_thousand_includes_are_capped(tmp_path: Path) -> None:
    root = repo(tmp_path)
    includes = "".join(f"    include inc/i{i}.conf;\n" for i in range(10_000))
    (root / "nginx.conf").write_text("http {\n" + includes + "}\n")
    (root / "inc").mkdir()
    for i in range(10_000):
        (root / "inc" / f"i{i}.conf").write_text("ssl_protocols TLSv1.2;\n")
    outcome = check(root)
    held(outcome, codes=(0, 1), peak_mib=500)


def test_absurd_nesting_in_every_language_is_reported_not_a_crash(tmp_path: Path) -> None:
    root = repo(tmp_path)
    (root / "deep.tf").write_text("locals {\n  x = " + "(" * 50_000 + "1" + ")" * 50_000 + "\n}\n")
    (root / "deep.tf.json").write_text('{"locals": ' + "[" * 100_000 + "]" * 100_000 + "}")
    (root / "plan.json").write_text(
        '{"format_version": "1.0", "planned_values": '
        + '{"a":' * 100_000
        + "1"
        + "}" * 100_000
        + "}"
    )
    (root / "deep.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n"
        + "".join(" " * (i + 2) + f"k{i}:\n" for i in range(3000))
    )
    (root / "deep.conf").write_text("http {" * 10_000 + "}" * 10_000)
    (root / "apache2.conf").write_text("<IfModule x>\n" * 10_000 + "</IfModule>\n" * 10_000)
    outcome = check(root)
    held(outcome, codes=(0, 1))
    reasons = skipped(outcome)
    assert {"deep.tf.json", "plan.json", "deep.yaml", "deep.conf", "apache2.conf"} <= set(reasons)


@pytest.mark.parametrize("field", ["data", "stringData"])
def test_a_tiny_encrypted_key_in_a_secret_is_judged_not_a_crash(tmp_path: Path, field: str) -> None:
    root = repo(tmp_path)
    der = bytes([0x30, 0x22]) + os.urandom(34)  # 36 bytes that only look like a key
    pem = (
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
        + base64.b64encode(der).decode()
        + "\n-----END ENCRYPTED PRIVATE KEY-----\n"
    )
    if field == "data":
        value = "  tls.key: " + base64.b64encode(pem.encode()).decode() + "\n"
    else:
        value = "  tls.key: |\n" + "".join(f"    {line}\n" for line in pem.splitlines())
    (root / "secret.yaml").write_text(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: shop-tls\ntype: kubernetes.io/tls\n"
        f"{field}:\n{value}"
    )
    outcome = check(root)
    held(outcome, codes=(0, 1))
    assert "internal error" not in outcome.out and base64.b64encode(der).decode() not in outcome.out


def test_an_output_outside_the_repository_by_an_explicit_path_is_still_written(
    tmp_path: Path,
) -> None:
    # Refusing links is not refusing the user: --output $RUNNER_TEMP/tlslint.sarif works.
    root = repo(tmp_path)
    (root / "nginx.conf").write_text(WEAK)
    target = tmp_path / "runner-temp" / "tlslint.sarif"
    target.parent.mkdir()
    outcome = tlslint(root, "check", ".", "--format", "sarif", "--output", str(target))
    held(outcome, codes=(1,))
    assert json.loads(target.read_text())["runs"]


# --- the execution model: a file over its limits costs only that file ---------------------

# A parser stuck in C code ignores Python's timer signal: blocking SIGALRM imitates that.
STUCK_IN_C = """
import signal, sys, time
from tlslint.cli import main
from tlslint.sources.nginx import NGINX
original = type(NGINX).extract
def extract(self, files, ctx):
    if any(f.path.startswith("stuck") for f in files):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(600)
    return original(self, files, ctx)
type(NGINX).extract = extract
sys.exit(main(sys.argv[1:]))
"""

HUNGRY = """
import sys
from tlslint.cli import main
from tlslint.sources.nginx import NGINX
original = type(NGINX).extract
def extract(self, files, ctx):
    if any(f.path.startswith("hungry") for f in files):
        hoard = [bytearray(64 * 1024 * 1024) for _ in range(64)]  # 4 GiB
    return original(self, files, ctx)
type(NGINX).extract = extract
sys.exit(main(sys.argv[1:]))
"""

CRASHING = """
import os, signal, sys
from tlslint.cli import main
from tlslint.sources.nginx import NGINX
original = type(NGINX).extract
def extract(self, files, ctx):
    if any(f.path.startswith("crash") for f in files):
        os.kill(os.getpid(), signal.SIGSEGV)
    return original(self, files, ctx)
type(NGINX).extract = extract
sys.exit(main(sys.argv[1:]))
"""


def _three_sites(root: Path, bad: str) -> None:
    for name in ("a", bad, "z"):
        (root / name).mkdir()
        (root / name / "nginx.conf").write_text(WEAK)
    # Short enough to wait for a stuck parser, long enough for the others on a busy machine.
    timeout = 0.5 if bad == "stuck" else 10
    (root / ".tlslint.yaml").write_text(f"limits:\n  file_timeout: {timeout}\n  file_memory: 256\n")


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize(
    ("script", "bad", "rule", "words"),
    [
        (STUCK_IN_C, "stuck", "TLS001", "limits.file_timeout"),
        (HUNGRY, "hungry", "TLS001", "limits.file_memory"),
        (CRASHING, "crash", "TLS000", "SIGSEGV"),
    ],
    ids=["stuck-in-c", "out-of-memory", "segfault"],
)
def test_a_unit_over_its_limits_costs_only_that_unit(
    tmp_path: Path, jobs: str, script: str, bad: str, rule: str, words: str
) -> None:
    root = repo(tmp_path)
    _three_sites(root, bad)
    outcome = tlslint(root, "check", ".", "--format", "json", "--jobs", jobs, code=script, guard=60)
    held(outcome, codes=(1,), peak_mib=600)
    lost = outcome.finding(rule, f"{bad}/nginx.conf")
    assert words in lost["message"]
    for other in ("a", "z"):
        assert "TLS101" in outcome.rules(f"{other}/nginx.conf")


def test_workers_die_with_a_killed_run(tmp_path: Path) -> None:
    # A CI job's timeout kills tlslint; a worker stuck in C code must not outlive it.
    import signal
    import subprocess
    import time

    from tests.helpers import REPO

    root = repo(tmp_path)
    _three_sites(root, "stuck")
    (root / ".tlslint.yaml").write_text("limits:\n  file_timeout: 600\n")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        [sys.executable, "-c", STUCK_IN_C, "check", "."],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while len(_group(process.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)  # until the worker is there
        assert len(_group(process.pid)) >= 2
        time.sleep(1)  # the worker reaches the stuck unit
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        deadline = time.monotonic() + 10
        while _group(process.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _group(process.pid) == []
    finally:
        with contextlib.suppress(OSError):
            os.killpg(process.pid, signal.SIGKILL)


def _group(pgid: int) -> list[int]:
    """Live (not zombie) processes of a process group, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_bytes().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != b"Z":
            found.append(int(entry.name))
    return found


def test_jobs_n_reports_exactly_what_jobs_1_reports_on_a_hostile_tree(tmp_path: Path) -> None:
    root = repo(tmp_path)
    for i in range(40):
        (root / f"site{i}.conf").write_text(WEAK.replace("a.example", f"s{i}.example"))
    (root / "broken.conf").write_text('server { ssl_ciphers "' + "A" * 1000 + "\n")
    os.symlink("/dev/zero", root / "zero.conf")
    os.mkfifo(root / "fifo.conf")
    (root / "ing.json").write_text(json.dumps(_ingress_json()))
    serial = check(root, "--jobs", "1")
    parallel = check(root, "--jobs", "2")
    held(serial, codes=(1,))
    held(parallel, codes=(1,))
    assert serial.json()["findings"] == parallel.json()["findings"]
    assert serial.json()["incomplete"] == parallel.json()["incomplete"]


def test_an_internal_error_exits_2_with_one_line_never_1(tmp_path: Path) -> None:
    root = repo(tmp_path)
    (root / "nginx.conf").write_text(WEAK)
    script = (
        "import sys\nimport tlslint.pipeline.run as run\n"
        "def boom(*a, **k):\n    raise IndexError('list index out of range')\n"
        "run._apply_rules = boom\nfrom tlslint.cli import main\nsys.exit(main(sys.argv[1:]))\n"
    )
    outcome = tlslint(root, "check", ".", code=script)
    held(outcome, codes=(2,))
    assert outcome.err == (
        "tlslint: error: internal error (IndexError: list index out of range); please report it\n"
    )


# --- (3) nothing silently skipped --------------------------------------------------------------


def _can_drop_read_override() -> list[str] | None:
    """A command prefix under which permissions apply (root ignores mode 000 otherwise)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    caps = "-dac_override,-dac_read_search"
    return [setpriv, f"--bounding-set={caps}", f"--inh-caps={caps}", "--"]


def test_unreadable_files_and_directories_are_reported(tmp_path: Path) -> None:
    prefix = _can_drop_read_override()
    if prefix is None:
        # A missing program, not a platform that lacks the case: CI (which has util-linux)
        # fails on this skip instead of passing without the check.
        pytest.skip("setpriv is not installed (util-linux): root would read mode-000 files")
    root = repo(tmp_path)
    (root / "nginx.conf").write_text(WEAK)
    (root / "key.pem").write_text("-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n")
    (root / "secret").mkdir()
    (root / "secret" / "tls.key").write_text("x")
    os.chmod(root / "key.pem", 0)
    os.chmod(root / "secret", 0)
    try:
        outcome = check(root, wrapper=tuple(prefix))
    finally:
        os.chmod(root / "secret", stat.S_IRWXU)
    held(outcome, codes=(1,))
    reasons = skipped(outcome)
    assert "Permission denied" in reasons["key.pem"]
    assert "Permission denied" in reasons["secret"]
    assert {"key.pem", "secret"} <= {f["path"] for f in outcome.json()["findings"]}


def _ingress_json() -> dict[str, object]:
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "Ingress",
        "metadata": {
            "name": "shop",
            "annotations": {"nginx.ingress.kubernetes.io/ssl-protocols": "TLSv1 TLSv1.2"},
        },
        "spec": {"tls": [{"hosts": ["shop.example"], "secretName": "shop-tls"}]},
    }


@pytest.mark.parametrize("form", ["json", "utf16", "long-comment"])
def test_manifests_in_every_form_kubectl_accepts_are_analysed(tmp_path: Path, form: str) -> None:
    root = repo(tmp_path)
    if form == "json":
        name = "ingress.json"
        (root / name).write_text(json.dumps(_ingress_json(), indent=2))
    elif form == "utf16":
        name = "ingress.yaml"
        (root / name).write_bytes(b"\xff\xfe" + INGRESS.encode("utf-16-le"))
    else:
        name = "ingress.yaml"
        (root / name).write_text("# " + "licence text " * 700 + "\n" + INGRESS)
    outcome = check(root)
    held(outcome, codes=(1,))
    assert "TLS102" in outcome.rules(name)  # the annotation's TLSv1 is judged


def test_an_empty_ssl_protocols_in_the_controller_configmap_hides_no_cipher(
    tmp_path: Path,
) -> None:
    root = repo(tmp_path)
    (root / "controller.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ingress-nginx-controller\n"
        '  namespace: ingress-nginx\ndata:\n  ssl-protocols: ""\n  ssl-ciphers: "RC4-SHA"\n'
    )
    (root / "ingress.yaml").write_text(
        INGRESS.replace("nginx.ingress.kubernetes.io/ssl-protocols: TLSv1 TLSv1.2", "a: b")
    )
    outcome = check(root)
    held(outcome, codes=(1,))
    assert any(r.startswith("TLS1") and r != "TLS101" for r in outcome.rules())
    assert "RC4" in json.dumps(outcome.json()["findings"])


def test_a_suppression_marker_inside_a_string_is_not_obeyed(tmp_path: Path) -> None:
    root = repo(tmp_path)
    (root / "nginx.conf").write_text(
        WEAK.replace("a.example", '"#tlslint: skip-file"').replace(
            "listen 443 ssl;", "listen 443 ssl; # tlslint: ignore[TLS999] a real comment"
        )
    )
    outcome = check(root)
    held(outcome, codes=(1,))
    assert "TLS101" in outcome.rules("nginx.conf")
    assert outcome.json()["summary"]["suppressed"] == 0


# --- (2) never writes or reveals what it should not ------------------------------------------


@pytest.mark.parametrize("option", ["--output", "--write-baseline"])
def test_outputs_are_never_written_through_a_committed_symlink(tmp_path: Path, option: str) -> None:
    root = repo(tmp_path)
    (root / "nginx.conf").write_text(WEAK)
    victim = tmp_path / "victim"
    victim.write_text("precious\n")
    os.symlink(victim, root / "tlslint.sarif")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    os.symlink(outside, root / "reports")
    for target in ("tlslint.sarif", "reports/out.json"):
        outcome = tlslint(root, "check", ".", option, target)
        held(outcome, codes=(2,))
        assert outcome.err.startswith("tlslint: error:") and outcome.err.count("\n") == 1
    assert victim.read_text() == "precious\n"
    assert list(outside.iterdir()) == []


HEX_KEY = "308204a40201000282010100" + "c0ffee" * 60


def test_key_material_is_redacted_in_every_message_reason_and_baseline(tmp_path: Path) -> None:
    root = repo(tmp_path)
    body = base64.b64encode(os.urandom(96)).decode()
    # A cipher string that quotes a key (hex and base64) and a manifest whose problem quotes it.
    (root / "nginx.conf").write_text(
        f'server {{\n    listen 443 ssl;\n    ssl_ciphers "{HEX_KEY}:{body}";\n}}\n'
    )
    (root / "main.tf").write_text(
        'resource "aws_lb_listener" "web" {\n  protocol   = "HTTPS"\n'
        '  ssl_policy = "ELBSecurityPolicy-TLS-1-0-2015-04"\n}\n'
        'resource "aws_api_gateway_domain_name" "api" {\n  domain_name = "api.example"\n'
        '  security_policy = "SecurityPolicy_TLS13_1_2_2021_06"\n}\n'
    )
    outputs = []
    for fmt in ("text", "json", "sarif", "junit", "github"):
        outcome = tlslint(root, "check", ".", "--format", fmt)
        held(outcome, codes=(1,))
        outputs.append(outcome.out + outcome.err)
    baseline = root / "baseline.json"
    held(tlslint(root, "check", ".", "--write-baseline", "baseline.json"), codes=(0,))
    outputs.append(baseline.read_text())
    for text in outputs:
        assert HEX_KEY[:40] not in text and body[:40] not in text
    joined = "\n".join(outputs)
    assert "ELBSecurityPolicy-TLS-1-0-2015-04" in joined
    assert "[redacted]" in joined


def test_fix_diff_never_prints_key_lines_near_a_change(tmp_path: Path) -> None:
    root = repo(tmp_path)
    body = base64.b64encode(os.urandom(48)).decode()
    (root / "nginx.conf").write_text(
        "server {\n    listen 443 ssl;\n    # -----BEGIN PRIVATE KEY-----\n"
        f"    # {body}\n    ssl_protocols TLSv1 TLSv1.2;\n}}\n"
    )
    outcome = tlslint(root, "fix", ".", "--diff")
    held(outcome)
    assert "ssl_protocols" in outcome.out and body not in outcome.out


def test_a_newline_in_a_file_name_cannot_inject_a_workflow_command(tmp_path: Path) -> None:
    root = repo(tmp_path)
    (root / "a\n::error file=x::pwned\x1b[2J.conf").write_text(WEAK)
    for fmt in ("text", "github"):
        outcome = tlslint(root, "check", ".", "--format", fmt)
        held(outcome, codes=(1,))
        for line in outcome.out.splitlines():
            assert not line.startswith("::error file=x"), line
            assert "\x1b" not in line


# --- fix against a changing tree -------------------------------------------------------------


def test_fix_leaves_read_only_files_alone_and_keeps_modes(tmp_path: Path) -> None:
    root = repo(tmp_path)
    (root / "a").mkdir()
    (root / "b").mkdir()
    (root / "a" / "nginx.conf").write_text(WEAK)
    (root / "b" / "nginx.conf").write_text(WEAK)
    os.chmod(root / "a" / "nginx.conf", 0o444)
    os.chmod(root / "b" / "nginx.conf", 0o640)
    outcome = tlslint(root, "fix", ".")
    held(outcome)
    assert (root / "a" / "nginx.conf").read_text() == WEAK
    assert "read-only" in outcome.err
    assert (root / "b" / "nginx.conf").read_text() != WEAK
    assert stat.S_IMODE((root / "b" / "nginx.conf").stat().st_mode) == 0o640
    assert not [p for p in root.rglob("*") if p.name.endswith(".tlslint-tmp")]


def test_fix_diff_skips_fifos_and_sockets(tmp_path: Path) -> None:
    import socket

    root = repo(tmp_path)
    (root / "nginx.conf").write_text(WEAK)
    os.mkfifo(root / "fifo")
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(root / "sock"))
        outcome = tlslint(root, "fix", ".", "--diff", guard=60)
    finally:
        sock.close()
    held(outcome)
    assert "+    ssl_protocols TLSv1.2" in outcome.out


def test_fix_refuses_a_file_that_changed_after_it_was_read(tmp_path: Path) -> None:
    from tests.helpers import lint
    from tlslint.pipeline.fix import fix_pass

    root = repo(tmp_path)
    conf = root / "nginx.conf"
    conf.write_text(WEAK)
    result = lint(root)
    edited = "# a colleague's edit\n" + WEAK
    conf.write_text(edited)
    os.utime(conf, ns=(0, 1))  # a different modification time, whatever the clock's grain
    refused: dict[str, str] = {}
    assert fix_pass(result, root, {}, refused) == 0
    assert "changed since" in refused["nginx.conf"]
    assert conf.read_text() == edited


def test_fix_rechecks_the_file_just_before_replacing_it(tmp_path: Path) -> None:
    from tlslint.pipeline.atomic import ChangedError, write_bytes

    target = tmp_path / "nginx.conf"
    target.write_text(WEAK)
    with pytest.raises(ChangedError):
        write_bytes(target, b"new", expect=b"what was read before someone else wrote")
    assert target.read_text() == WEAK
    assert [p.name for p in tmp_path.iterdir()] == ["nginx.conf"]


def test_two_fix_runs_are_kept_apart_by_a_lock(tmp_path: Path) -> None:
    from tlslint.pipeline.fix import FixLockedError, tree_lock

    root = repo(tmp_path)
    with (
        tree_lock(root.resolve()),
        pytest.raises(FixLockedError),
        tree_lock(root.resolve(), wait=0.2),
    ):
        pass
    with tree_lock(root.resolve(), wait=0.2):
        pass  # released when the first run ends
    left = [p for p in Path(tempfile.gettempdir()).glob("tlslint-fix-*") if _locks(p, root)]
    assert left == []  # the lock file goes with the run that held it


def _locks(lock: Path, root: Path) -> bool:
    import hashlib

    digest = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:24]
    return lock.name.endswith(f"-{digest}.lock")


def test_a_run_waiting_for_the_lock_gets_it_when_the_holder_ends(tmp_path: Path) -> None:
    """The holder removes the lock file as it ends; the waiter, which had opened that file,
    locks a file of its own instead, and keeps a third run out."""
    import threading

    from tlslint.pipeline.fix import FixLockedError, tree_lock

    root = repo(tmp_path).resolve()
    holding, waiting_done = threading.Event(), threading.Event()
    outcome: list[str] = []

    def waiter() -> None:
        holding.wait()
        with tree_lock(root, wait=10):
            try:
                with tree_lock(root, wait=0.2):
                    outcome.append("third run got in")
            except FixLockedError:
                outcome.append("third run kept out")
        waiting_done.set()

    thread = threading.Thread(target=waiter)
    thread.start()
    with tree_lock(root):
        holding.set()
        time.sleep(0.3)  # the waiter opens the lock file and waits on it
    thread.join(20)
    assert waiting_done.is_set() and outcome == ["third run kept out"]


def test_a_temporary_file_left_by_a_killed_fix_is_removed_by_the_next(tmp_path: Path) -> None:
    root = repo(tmp_path)
    (root / "nginx.conf").write_text(WEAK)
    stale = root / ".nginx.conf.k1ll3d.tlslint-tmp"
    stale.write_text(WEAK)
    listed = check(root)
    held(listed, codes=(1,))
    assert "interrupted tlslint run" in skipped(listed)[stale.name]
    outcome = tlslint(root, "fix", ".")
    held(outcome)
    assert not stale.exists()
