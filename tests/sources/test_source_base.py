"""The Source base class: what a new source gets for free, and how config paths are rebased."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tlslint.model import Endpoint, FixIntent, Location, Model, SourceFile
from tlslint.model.policy import build_policy, load_profile
from tlslint.pipeline.config import Config
from tlslint.pipeline.run import Options, make_policy, source_settings
from tlslint.sources import SOURCES
from tlslint.sources.base import PathKey, Source, SourceContext, rebase_section

FINGERPRINT = "AB:" * 31 + "CD"


class Minimal(Source):
    """A source that only reads: everything else is the base class's default."""

    name = "minimal"

    def claims(self, name: str, rel: str, head: bytes) -> bool:
        return name.endswith(".min")

    def extract(self, files: list[SourceFile], ctx: SourceContext) -> Model:
        return Model(files=list(files))


def _context(tmp_path: Path, **settings: dict[str, object]) -> SourceContext:
    now = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    return SourceContext(tmp_path, load_profile("intermediate"), now, settings=dict(settings))


def test_a_source_that_only_reads_gets_no_op_defaults(tmp_path: Path) -> None:
    source = Minimal()
    files = [
        SourceFile("a.min", str(tmp_path / "a.min"), "minimal", 0),
        SourceFile("b.min", str(tmp_path / "b.min"), "minimal", 0),
    ]
    ctx = _context(tmp_path)
    endpoint = Endpoint("minimal", "thing", "thing a", Location("a.min", 1))
    intent = FixIntent("protocols", ("TLSv1.2", "TLSv1.3"))
    assert source.config_section == "minimal"
    assert source.partition(files, ctx) == [[files[0]], [files[1]]]  # each file alone
    assert source.matches_content(b"anything") is False
    assert source.settings(ctx) == {}
    assert source.policy_overrides({"version": "1"}) == {}
    model = Model()
    source.link(model, ctx)
    assert model == Model()
    assert source.directive(intent, endpoint) is None
    assert source.remedy(intent, endpoint, ctx.policy) is None
    assert source.fix(intent, endpoint, "why") is None
    assert source.check_syntax("text", "a.min") is None
    assert source.check_change("a", "b", "a.min") is None


def test_the_remedy_defaults_to_the_directive(tmp_path: Path) -> None:
    class Speaking(Minimal):
        def directive(self, intent: FixIntent, subject: object) -> str | None:
            return f"tls_versions {' '.join(intent.value)}"

    endpoint = Endpoint("minimal", "thing", "thing a", Location("a.min", 1))
    said = Speaking().remedy(FixIntent("protocols", ("TLSv1.3",)), endpoint, load_profile("modern"))
    assert said == "Set `tls_versions TLSv1.3`."


def test_every_registered_source_subclasses_the_base_class() -> None:
    assert all(isinstance(source, Source) for source in SOURCES.values())
    assert len({s.config_section for s in SOURCES.values()}) == len(SOURCES)


@pytest.mark.parametrize(
    ("key", "value", "rebased"),
    [
        (PathKey("prefix"), "ops/nginx", "deploy/ops/nginx"),
        (
            PathKey("files"),
            ["a.tfvars", "../common/b.tfvars"],
            ["deploy/a.tfvars", "common/b.tfvars"],
        ),
        (PathKey("map", directory=True), {"/etc/nginx/": "conf/"}, {"/etc/nginx/": "deploy/conf/"}),
        (PathKey("map", directory=True), {"/etc/nginx/": "./"}, {"/etc/nginx/": "deploy/"}),
    ],
)
def test_path_keys_are_rebased_from_the_config_directory(
    key: PathKey, value: object, rebased: object
) -> None:
    section = {key.key: value, "other": "left/alone"}
    assert rebase_section(section, (key,), "deploy") == {key.key: rebased, "other": "left/alone"}
    assert rebase_section(section, (key,), "") == section  # a config at the root: unchanged


def test_values_that_are_not_paths_are_kept() -> None:
    key = PathKey("cas", keep=lambda v: "/" not in v and len(v) > 60)
    section = {"cas": ["pki/root.pem", FINGERPRINT]}
    assert rebase_section(section, (key,), "ops") == {"cas": ["ops/pki/root.pem", FINGERPRINT]}


def test_each_source_declares_its_path_keys(tmp_path: Path) -> None:
    """A config file in ops/ names paths relative to ops/; the sources get repository paths."""
    (tmp_path / "ops").mkdir()
    config = Config(
        {
            "nginx": {"prefix": "nginx", "path_map": {"/etc/nginx/": "nginx/"}, "version": "1.22"},
            "certificates": {"private_cas": ["../pki/corp.pem", FINGERPRINT]},
            "terraform": {"var_files": ["envs/prod.tfvars"]},
            "kubernetes": {"controller_configmap_file": "k8s/cm.yaml", "default_namespace": "web"},
        },
        tmp_path / "ops" / ".tlslint.yaml",
    )
    settings = source_settings(config, tmp_path)
    assert settings["nginx"] == {
        "prefix": "ops/nginx",
        "path_map": {"/etc/nginx/": "ops/nginx/"},
        "version": "1.22",
    }
    assert settings["certificates"] == {"private_cas": ["pki/corp.pem", FINGERPRINT]}
    assert settings["terraform"] == {"var_files": ["ops/envs/prod.tfvars"]}
    assert settings["kubernetes"] == {
        "controller_configmap_file": "ops/k8s/cm.yaml",
        "default_namespace": "web",
    }
    assert settings["renewal"] == {}


def test_a_source_section_sets_policy_values(tmp_path: Path) -> None:
    config = Config({"nginx": {"version": "1.22.1", "openssl_version": "3.0.2"}})
    policy = make_policy(Options(paths=[tmp_path], root=tmp_path, config=config))
    expected = build_policy("intermediate", {"nginx_version": "1.22.1", "openssl_version": "3.0.2"})
    assert (policy.nginx_version, policy.openssl_version) == ("1.22.1", "3.0.2")
    assert policy == expected


def test_a_source_must_say_what_it_claims_and_how_it_reads() -> None:
    class Unfinished(Source):
        name = "unfinished"

    with pytest.raises(TypeError):
        Unfinished()  # type: ignore[abstract]


def test_a_source_adds_no_dependents_unless_it_says_so(tmp_path: Path) -> None:
    ctx = _context(tmp_path)
    assert Minimal().dependents([], ctx) == []
