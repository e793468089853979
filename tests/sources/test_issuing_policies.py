"""Issuing policies: what CFSSL profiles and CSRs, Vault PKI roles and CAs in Terraform,
cert-manager Vault issuers and certbot renewal configurations say an issuer may issue."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import lint
from tlslint.model.issuing import IssuingPolicy, PolicyKey, bare_wildcard, parse_duration
from tlslint.pipeline.discover import classify
from tlslint.sources.cfssl import jsonlines


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def policies(root: Path) -> dict[str, IssuingPolicy]:
    found = lint(root).model.objects.get("issuing_policies", ())
    return {p.name: p for p in found}


# --- CFSSL -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rel", "head", "kind"),
    [
        ("pki/ca-config.json", b'{\n  "signing": {\n    "default": {}\n  }\n}\n', "cfssl"),
        ("pki/csr.json", b'{"CN": "a", "key": {"algo": "rsa", "size": 2048}}', "cfssl"),
        ("pki/host.json", b'{"CN": "a.example", "hosts": ["a.example"]}', "cfssl"),
        ("package.json", b'{"name": "x", "version": "1.0.0"}', None),
        # a Kubernetes manifest in JSON that happens to have a "key" object is not a CSR
        (
            "k8s/secret.json",
            b'{"apiVersion": "v1", "kind": "Secret", "key": {"algo": "x"}}',
            "kubernetes",
        ),
    ],
)
def test_cfssl_files_are_claimed_by_content(rel: str, head: bytes, kind: str | None) -> None:
    assert classify(rel.rsplit("/", 1)[-1], rel, head) == kind


def test_json_lines_are_exact_for_keys_and_elements() -> None:
    text = '{\n  "a": {\n    "b": [\n      1,\n      {"c": "x"}\n    ]\n  },\n  "d": true\n}\n'
    value, lines = jsonlines.load(text)
    assert value == json.loads(text)
    assert lines[("a",)] == 2
    assert lines[("a", "b")] == 3
    assert lines[("a", "b", 0)] == 4
    assert lines[("a", "b", 1, "c")] == 5
    assert lines[("d",)] == 8


def test_json_reader_refuses_hostile_nesting() -> None:
    with pytest.raises(jsonlines.TooDeep):
        jsonlines.load("[" * 100 + "]" * 100)


def test_invalid_or_deep_cfssl_json_is_a_parse_error_at_its_line(tmp_path: Path) -> None:
    write(tmp_path, "ca-config.json", '{\n  "signing": {\n    "default": {,\n  }\n}\n')
    write(tmp_path, "deep.json", '{"signing": {"default": ' + "[" * 100 + "]" * 100 + "}}")
    result = lint(tmp_path)
    problems = {(p.location.path, p.location.line) for p in result.model.problems}
    assert ("ca-config.json", 3) in problems
    assert ("deep.json", 1) in problems
    assert set(result.model.incomplete) == {"ca-config.json", "deep.json"}


CONFIG = """\
{
  "signing": {
    "default": {
      "expiry": "2160h"
    },
    "profiles": {
      "server": {
        "usages": ["signing", "key encipherment", "server auth"],
        "name_whitelist": "svc\\\\.example\\\\.internal"
      },
      "client": {
        "expiry": "24h",
        "usages": ["client auth"]
      },
      "ca": {
        "expiry": "43800h",
        "usages": ["cert sign", "crl sign"],
        "ca_constraint": {"is_ca": true, "max_path_len": 0}
      }
    }
  }
}
"""


def test_cfssl_profiles_inherit_the_default_expiry_and_usages(tmp_path: Path) -> None:
    write(tmp_path, "pki/ca-config.json", CONFIG)
    found = policies(tmp_path)
    server = found["server (pki/ca-config.json)"]
    assert server.max_lifetime is not None
    assert server.max_lifetime.value == 2160 * 3600
    assert server.max_lifetime.location.line == 4  # the default profile's expiry decides
    assert server.server_auth
    # An unanchored whitelist that restricts names still restricts them.
    assert server.allowed_names is not None
    assert server.allowed_names.value == ("svc\\.example\\.internal",)
    assert server.allowed_names.location.line == 9
    client = found["client (pki/ca-config.json)"]
    assert not client.server_auth
    assert client.max_lifetime is not None and client.max_lifetime.value == 86400
    assert found["ca (pki/ca-config.json)"].issues_ca
    # The default profile sets no usages: CFSSL's own default includes server auth.
    default = found["default (pki/ca-config.json)"]
    assert default.server_auth and default.allowed_names is not None
    assert default.allowed_names.value is None


def test_cfssl_default_expiry_is_a_week_when_no_profile_sets_one(tmp_path: Path) -> None:
    write(tmp_path, "ca-config.json", '{"signing": {"profiles": {"s": {"usages": []}}}}')
    lifetime = policies(tmp_path)["s (ca-config.json)"].max_lifetime
    assert lifetime is not None and lifetime.value == 168 * 3600 and lifetime.is_default


@pytest.mark.parametrize(
    ("key", "expected", "line"),
    [
        ('"key": {"algo": "rsa", "size": 4096}', PolicyKey("RSA", 4096), 3),
        ('"key": {"algo": "ecdsa", "size": 384}', PolicyKey("EC", 384, "secp384r1"), 3),
        ('"key": {"algo": "ecdsa"}', PolicyKey("EC", 256, "secp256r1"), 3),
        ('"hosts": ["a.example"]', PolicyKey("EC", 256, "secp256r1"), 1),  # CFSSL's default
    ],
)
def test_cfssl_csr_keys(tmp_path: Path, key: str, expected: PolicyKey, line: int) -> None:
    write(tmp_path, "csr.json", f'{{\n  "CN": "a.example",\n  {key}\n}}\n')
    policy = policies(tmp_path)["a.example (csr.json)"]
    assert policy.is_request and policy.key is not None
    assert (policy.key.value, policy.key.location.line) == (expected, line)


# --- Vault PKI in Terraform --------------------------------------------------------------------


def test_vault_role_defaults_and_unknowns(tmp_path: Path) -> None:
    write(
        tmp_path,
        "main.tf",
        """\
variable "bits" {}

resource "vault_pki_secret_backend_role" "plain" {
  backend         = "pki"
  name            = "plain"
  allowed_domains = ["svc.example.internal"]
}

resource "vault_pki_secret_backend_role" "unknown" {
  backend         = "pki"
  name            = "unknown"
  key_bits        = var.bits
  allowed_domains = ["svc.example.internal"]
}
""",
    )
    found = policies(tmp_path)
    plain = found["vault_pki_secret_backend_role.plain"]
    assert plain.key is not None and plain.key.value == PolicyKey("RSA", 2048)
    assert plain.key.is_default
    assert plain.max_lifetime is not None and plain.max_lifetime.value == 32 * 86400
    assert plain.allowed_names is not None
    assert plain.allowed_names.value == ("svc.example.internal",)
    # A key size that depends on a variable without a value is not guessed.
    assert found["vault_pki_secret_backend_role.unknown"].key is None


@pytest.mark.parametrize(
    ("pattern", "any_name"),
    [("*", True), ("*.*", True), ("**", True), ("*.example.com", False), ("a*", False)],
)
def test_bare_wildcards(pattern: str, any_name: bool) -> None:
    assert bare_wildcard(pattern) is any_name


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("72h", 259200), ("1h30m", 5400), ("30d", 2592000), ("3600", 3600), ("90s", 90)],
)
def test_durations(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "h", "1y", "72 h", "-1h"])
def test_not_durations(text: str) -> None:
    assert parse_duration(text) is None


# --- certbot ---------------------------------------------------------------------------------


RENEWAL = """\
version = 2.9.0
fullchain = /etc/letsencrypt/live/example.com/fullchain.pem

[renewalparams]
authenticator = dns-route53
server = https://acme-v02.api.letsencrypt.org/directory
{params}
"""


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ("key_type = ecdsa", PolicyKey("EC", 256, "secp256r1")),
        ("key_type = ecdsa\nelliptic_curve = secp384r1", PolicyKey("EC", 384, "secp384r1")),
        ("key_type = rsa", PolicyKey("RSA", 2048)),
        ("key_type = rsa\nrsa_key_size = 3072", PolicyKey("RSA", 3072)),
        ("rsa_key_size = 4096", PolicyKey("RSA", 4096)),  # a certbot 1.x RSA lineage
        ("", None),  # certbot keeps the lineage's key type: nothing to say
    ],
)
def test_certbot_requested_keys(tmp_path: Path, params: str, expected: PolicyKey | None) -> None:
    write(tmp_path, "letsencrypt/renewal/example.com.conf", RENEWAL.format(params=params))
    found = [p for p in policies(tmp_path).values() if p.source == "renewal"]
    if expected is None:
        assert found == []
        return
    (policy,) = found
    assert policy.key is not None and policy.key.value == expected
    assert policy.kind == "certbot renewal (dns-route53 authenticator)"
    assert policy.allowed_names is None  # the public CA validates every name


# --- cert-manager ------------------------------------------------------------------------------


def test_vault_issuers_on_a_role_path_publish_no_policy(tmp_path: Path) -> None:
    write(
        tmp_path,
        "issuer.yaml",
        """\
apiVersion: cert-manager.io/v1
kind: Issuer
metadata: {name: vault, namespace: shop}
spec:
  vault:
    server: https://vault.example.internal:8200
    path: pki_int/sign/web
    auth: {kubernetes: {role: shop, mountPath: /v1/auth/kubernetes}}
---
apiVersion: cert-manager.io/v1
kind: Issuer
metadata: {name: verbatim, namespace: shop}
spec:
  vault:
    server: https://vault.example.internal:8200
    path: /pki_int/sign-verbatim/
    auth: {kubernetes: {role: shop, mountPath: /v1/auth/kubernetes}}
""",
    )
    found = policies(tmp_path)
    assert list(found) == ["Issuer shop/verbatim"]
    names = found["Issuer shop/verbatim"].allowed_names
    assert names is not None and names.value is None and names.location.line == 16
