"""The Terraform source's layout: providers behind one registry, a requirements table, typed
HCL expressions, a table of built-in functions, and small functions throughout."""

from __future__ import annotations

import dataclasses
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO, lint
from tlslint.sources.terraform import functions, hcl, requirements
from tlslint.sources.terraform.expr import (
    Call,
    Cond,
    Index,
    ListOf,
    Lit,
    MapOf,
    Opaque,
    Ref,
    Template,
)
from tlslint.sources.terraform.providers import PROVIDERS, registry
from tlslint.sources.terraform.unknown import Unknown

# The provider a module covers: its resource types start with one of these.
PREFIXES = {
    "aws": ("aws_",),
    "aws_databases": ("aws_",),
    "azurerm": ("azurerm_",),
    "google": ("google_",),
    "alicloud": ("alicloud_",),
    "ncloud": ("ncloud_",),
    "digitalocean": ("digitalocean_",),
    "vault": ("vault_",),
}


def _requirements(tmp_path: Path, text: str) -> list[tuple[str, str, bool | None, str]]:
    (tmp_path / "main.tf").write_text(text)
    found = lint(tmp_path).model.objects.get("tls_requirements", [])
    return [(r.resource, r.service, r.enforced.value, r.enforced.origin.value) for r in found]


# --- the registry -------------------------------------------------------------------------


@pytest.mark.parametrize("name", PROVIDERS)
def test_each_provider_module_registers_only_its_own_resource_types(name: str) -> None:
    provider = importlib.import_module(f"tlslint.sources.terraform.providers.{name}")
    types = [
        *provider.PROVIDER.builders,
        *provider.PROVIDER.late,
        *provider.PROVIDER.linked,
        *provider.PROVIDER.pem,
    ]
    assert types, f"{name} registers nothing"
    assert all(t.startswith(PREFIXES[name]) for t in types), types


def test_the_registry_knows_every_type_it_builds_links_or_reads_pem_from() -> None:
    reg = registry()
    assert set(reg.builders) | set(reg.late) | set(reg.pem) <= reg.types
    assert {"aws_lb", "aws_alb", "aws_cloudfront_response_headers_policy"} <= reg.types
    assert "google_compute_ssl_policy" in reg.late
    # the requirements table is part of the registry
    assert set(requirements.table()) <= set(reg.builders)


def test_a_type_registered_twice_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from tlslint.sources.terraform import providers

    monkeypatch.setattr(providers, "PROVIDERS", ("aws", "aws"))
    providers.registry.cache_clear()
    try:
        with pytest.raises(ValueError, match="registered twice"):
            providers.registry()
    finally:
        providers.registry.cache_clear()


# --- the requirements table ---------------------------------------------------------------


def test_every_row_of_the_requirements_table_loads() -> None:
    rows = [row for rows in requirements.table().values() for row in rows]
    assert len(rows) >= 20
    assert all(row.service and row.remedy and row.attribute for row in rows)
    # a default always comes with the sentence saying so
    assert all(row.default_note for row in rows if row.default is not None)


@pytest.mark.parametrize(
    ("spec", "good", "bad"),
    [
        (True, "true", "false"),
        (False, "false", "on"),
        ({"equals": "TLS"}, "TLS", "PLAINTEXT"),
        ({"not_equals": "none"}, "require", "none"),
        ({"not_equals": "HTTP", "ignore_case": True}, "HTTPS", "http"),
        ({"not_prefix": "http://"}, "https://x", "HTTP://x"),
        ({"in": ["s3", "kafka"]}, "kafka", "mysql"),
    ],
)
def test_a_policy_of_the_table_accepts_and_refuses(spec: object, good: str, bad: str) -> None:
    check = requirements.policy(spec)
    assert check(good) and not check(bad)


@pytest.mark.parametrize(
    "spec",
    [
        {"service": "s", "attribute": "a", "must": {"greater": 1}, "remedy": "r"},
        {"service": "s", "attribute": "a", "must": True, "remedy": "r", "defualt": False},
        {"service": "s", "attribute": "a", "must": True},
        {"service": "s", "attribute": "a", "must": True, "remedy": "r", "when": {"x": 1}},
    ],
)
def test_a_mistake_in_the_table_fails_when_it_loads(spec: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        requirements.row("aws_thing", spec)


def test_a_table_row_judges_the_written_value_and_the_provider_default(tmp_path: Path) -> None:
    found = _requirements(
        tmp_path,
        'resource "aws_elasticache_replication_group" "off" {\n'
        "  transit_encryption_enabled = false\n}\n"
        'resource "aws_elasticache_replication_group" "absent" {\n}\n'
        'resource "aws_memorydb_cluster" "absent" {\n}\n',
    )
    assert sorted(found) == [
        (
            "aws_elasticache_replication_group.absent",
            "ElastiCache replication group traffic",
            False,
            "default",
        ),
        (
            "aws_elasticache_replication_group.off",
            "ElastiCache replication group traffic",
            False,
            "written",
        ),
        ("aws_memorydb_cluster.absent", "MemoryDB cluster traffic", True, "default"),
    ]


def test_when_and_unless_decide_whether_a_row_applies(tmp_path: Path) -> None:
    found = _requirements(
        tmp_path,
        'resource "aws_dms_endpoint" "bucket" {\n  engine_name = "s3"\n}\n'
        'resource "aws_dms_endpoint" "db" {\n  engine_name = "postgres"\n}\n'
        'resource "google_cloudfunctions_function" "event" {\n  name = "f"\n}\n'
        'resource "google_cloudfunctions_function" "web" {\n  trigger_http = true\n}\n',
    )
    assert sorted(r[0] for r in found) == [
        "aws_dms_endpoint.db",
        "google_cloudfunctions_function.web",
    ]


def test_rows_reading_nested_blocks_are_judged_block_by_block(tmp_path: Path) -> None:
    found = _requirements(
        tmp_path,
        'resource "github_repository_webhook" "hook" {\n'
        '  configuration {\n    url = "http://a.example"\n    insecure_ssl = true\n  }\n'
        '  configuration {\n    url = "https://b.example"\n  }\n}\n'
        'resource "aws_ecs_task_definition" "no_volume" {\n  family = "x"\n}\n',
    )
    assert found == [
        ("github_repository_webhook.hook", "webhook delivery", False, "written"),
        (
            "github_repository_webhook.hook",
            "webhook delivery (insecure_ssl skips certificate verification)",
            False,
            "written",
        ),
        ("github_repository_webhook.hook", "webhook delivery", True, "written"),
    ]


# --- expressions and functions ------------------------------------------------------------


def _expr(text: str) -> object:
    parsed = hcl.parse_hcl(f"x = {text}\n".encode(), "main.tf")
    return parsed.attributes["x"].expr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"a"', Lit("a")),
        ("12", Lit(12)),
        ("null", Lit(None)),
        ('"a-${var.b}"', Template(("a-", Ref(("var", "b"), "var.b")))),
        ("var.x.a", Ref(("var", "x", "a"), "var.x.a")),
        ("[true]", ListOf((Lit(True),))),
        ("{ k = 1 }", MapOf((("k", Lit(1)),))),
        ("lower(var.x)", Call("lower", (Ref(("var", "x"), "var.x"),), "lower(var.x)")),
        ('var.on ? "a" : "b"', Cond(Ref(("var", "on"), "var.on"), Lit("a"), Lit("b"), "")),
        ("f(1).k", Index(Call("f", (Lit(1),), "f(1)"), Lit("k"), "f(1).k")),
        ("[for s in var.l : s]", Opaque("[for s in var.l : s]")),
    ],
)
def test_hcl_expressions_become_typed_values(text: str, expected: object) -> None:
    got = _expr(text)
    if isinstance(got, Cond):  # the conditional's text is its whole source
        got = dataclasses.replace(got, text="")
    assert got == expected


_DEFERRABLE = [
    '"a"',
    '"a-${var.b}-%{if var.c}c%{endif}"',
    "var.x.a",
    "[\n  true, # first\n  /* second */ false,\n]",
    '{\n  k = 1\n  "q" = local.v\n}',
    'lower(var.x) == "tls" ? f(1).k : null',
    "<<EOT\nline ${var.one}\nEOT",
    "<<-EOT\n    indented\n      more\n    EOT",
    '"é ✓ ${var.ü}"',
    '[for s in var.l : upper(s) if s != ""]',
    "var.list[*].name",
    "-1 + 2 * var.n",
]


@pytest.mark.parametrize("text", _DEFERRABLE)
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_deferred_attribute_converts_to_what_its_file_would_give(text: str, newline: str) -> None:
    """Module arguments, locals and defaults are converted when first evaluated, from their
    own bytes parsed alone: to the very expression converting them with the file gives."""
    source = f'module "m" {{\n  source = "./m"\n  arg = {text}\n}}\n'
    source += f"locals {{\n  l = {text}\n}}\n"
    source += f'variable "v" {{\n  type = any\n  default = {text}\n}}\n'
    source += f'resource "aws_lb_listener" "r" {{\n  port = {text}\n}}\n'
    data = source.replace("\n", newline).encode()
    deferred = hcl.parse_hcl(data, "main.tf").blocks
    now = hcl._body_blocks(hcl.parser().parse(data).root_node.children[0], 0, None, data)[1]
    eager = [a for b in now for a in b.attributes.values()]
    lazy = [a for b in deferred for a in b.attributes.values()]
    assert [a.name for a in lazy] == ["source", "arg", "l", "default", "port"]
    assert all(a.deferred for a in lazy[:4]) and not lazy[4].deferred
    assert not any(a.deferred for a in eager)
    for before, after in zip(eager, lazy, strict=True):
        assert after.expr == before.expr, after.name
    assert lazy[4].expr == lazy[1].expr  # the same text, converted with its file


def test_a_file_with_a_syntax_error_is_converted_at_once() -> None:
    parsed = hcl.parse_hcl(b'locals {\n  a = "x"\n  b = [1,\n}\n', "main.tf")
    assert parsed.error is not None
    assert not any(a.deferred for b in parsed.blocks for a in b.attributes.values())


def test_only_the_arguments_a_resource_reaches_are_converted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A remote module's arguments, and locals nothing refers to, are never converted."""
    converted: list[str] = []
    reparsed = hcl._reparsed

    def recording(source: bytes) -> object:
        converted.append(source.decode())
        return reparsed(source)

    monkeypatch.setattr(hcl, "_reparsed", recording)
    monkeypatch.setenv("TLSLINT_ISOLATE", "0")  # converted in this process, where it is seen
    (tmp_path / "main.tf").write_text(
        'module "alb" {\n  source = "terraform-aws-modules/alb/aws"\n'
        '  listeners = { https = { ssl_policy = "ELBSecurityPolicy-2016-08" } }\n}\n'
        'locals {\n  policy = "ELBSecurityPolicy-2016-08"\n  unused = "x"\n}\n'
        'resource "aws_lb_listener" "web" {\n  port = 443\n  protocol = "HTTPS"\n'
        "  ssl_policy = local.policy\n}\n"
    )
    result = lint(tmp_path)
    assert sorted(converted) == ['"ELBSecurityPolicy-2016-08"', '"terraform-aws-modules/alb/aws"']
    # The local was reached: the listener is judged by its value, at the attribute.
    assert ("TLS101", 12) in {(f.rule_id, f.location.line) for f in result.findings}


def test_expressions_are_frozen_and_slotted() -> None:
    for cls in (Lit, Template, Ref, ListOf, MapOf, Call, Cond, Index, Opaque):
        assert "__slots__" in vars(cls), cls
        assert cls.__dataclass_params__.frozen, cls  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("name", "args", "expected"),
    [
        ("lower", ["TLS"], "tls"),
        ("upper", ["tls"], "TLS"),
        ("trimspace", [" x "], "x"),
        ("tostring", [True], "true"),
        ("tobool", ["true"], True),
        ("tonumber", ["1.5"], 1.5),
        ("tolist", [("a",)], ["a"]),
        ("lookup", [{"a": 1}, "b", 2], 2),
        ("format", ["%s-%d", "a", 1], "a-1"),
        ("jsonencode", [{"a": 1}], '{"a": 1}'),
        ("jsondecode", ['{"a": 1}'], {"a": 1}),
        ("concat", [["a"], ["b"]], ["a", "b"]),
        ("contains", [["a"], "a"], True),
        ("coalesce", [None, "", "x"], "x"),
        ("try", [Unknown("no"), "x"], "x"),
    ],
)
def test_builtin_functions_evaluate(name: str, args: list[object], expected: object) -> None:
    assert functions.call(name, args) == expected


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("lower", [1]),
        ("tobool", ["maybe"]),
        ("lookup", [{"a": 1}, "b"]),
        ("jsondecode", ["{"]),
        ("format", ["%0999999999d", 1]),
        ("cidrsubnet", ["10.0.0.0/8", 8, 1]),
        ("upper", [Unknown("depends on var.x")]),
    ],
)
def test_a_call_tlslint_cannot_evaluate_is_unknown_with_a_reason(
    name: str, args: list[object]
) -> None:
    result = functions.call(name, args)
    assert isinstance(result, Unknown) and result.reason


def test_a_function_refusing_its_argument_makes_the_setting_unknown_not_a_crash(
    tmp_path: Path,
) -> None:
    found = _requirements(
        tmp_path,
        'resource "azurerm_storage_account" "s" {\n'
        '  https_traffic_only_enabled = tobool("maybe")\n}\n',
    )
    assert found == [
        ("azurerm_storage_account.s", "requests to the storage account", None, "written")
    ]


# --- complexity ---------------------------------------------------------------------------


def test_no_function_of_the_terraform_source_is_over_the_complexity_limit() -> None:
    pytest.importorskip("ruff", reason="ruff is in the test extra")
    package = REPO / "tlslint" / "linter" / "sources" / "terraform"
    proc = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--select", "C901", "--no-cache", str(package)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


def test_every_provider_is_imported_before_the_workers_fork() -> None:
    """The source names its providers' modules among those imported once in the parent (a
    worker would otherwise import them on its first resource)."""
    from pathlib import Path

    from tlslint.sources.terraform import TerraformSource, providers
    from tlslint.sources.terraform.providers import PROVIDERS

    modules = {p.stem for p in Path(providers.__file__).parent.glob("*.py")} - {"__init__"}
    assert set(PROVIDERS) == modules  # every provider module is registered
    for name in PROVIDERS:
        assert f"tlslint.sources.terraform.providers.{name}" in TerraformSource.extract_modules
