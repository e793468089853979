"""The Terraform source: ``.tf``, ``.tf.json``, ``*.tfvars`` and plan JSON.

A unit is a set of directories joined by local module calls. Every directory is a module;
its variables take their values from the module call, ``terraform.tfvars`` and
``*.auto.tfvars`` (other ``*.tfvars`` count only when they all agree), then their defaults.
Resources of a module that some module calls are read once per call (``module.web.…``);
others on their own. Module sources outside the scanned root or remote are not followed
(TLS001, info). A plan (``terraform show -json``) is read as written: every value is known.

The HCL parser (tree-sitter-hcl, see :mod:`.hcl` for the measurements behind the choice) is
imported only when a unit holds HCL files.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator

from tlslint.lazyre import LazyPattern
from tlslint.model import (
    TLS_REQUIREMENTS,
    Endpoint,
    Fix,
    FixIntent,
    Location,
    Model,
    ReadProblem,
    SourceFile,
)
from tlslint.model.policy import Policy
from tlslint.sources.base import PathKey, Source, SourceContext

_PLAN_SIGN = LazyPattern(rb'"(?:planned_values|resource_changes|terraform_version)"\s*:')
_HCL_SIGN = LazyPattern(
    rb'^(?:resource|data|module|variable|locals|provider|terraform|output)(?:\s+"[^"\n]*")*\s*\{',
    re.M,
)
_LOCAL_SOURCE = LazyPattern(r'source\s*[=:]\s*"(\.{1,2}/[^"]*)"')


def _kind(name: str) -> str | None:
    lowered = name.lower()
    if lowered.endswith(".tf"):
        return "hcl"
    if lowered.endswith(".tf.json"):
        return "json"
    if lowered.endswith(".tfvars"):
        return "tfvars"
    if lowered.endswith(".tfvars.json"):
        return "tfvars-json"
    if lowered.endswith(".json"):
        return "plan"
    return None


# The provider modules under providers/, in registration order (providers.PROVIDERS).
PROVIDER_MODULES = (
    "aws",
    "aws_databases",
    "azurerm",
    "google",
    "alicloud",
    "ncloud",
    "digitalocean",
    "vault",
)


class TerraformSource(Source):
    name = "terraform"
    # The providers' builders too, imported once before the workers fork (each worker would
    # import them on its first resource): ``providers.PROVIDERS``, named here so that
    # registering the source imports none of them.
    extract_modules = (
        "tlslint.sources.terraform.load",
        "tree_sitter",
        "tree_sitter_hcl",
        *(f"tlslint.sources.terraform.providers.{name}" for name in PROVIDER_MODULES),
    )
    path_keys = (PathKey("var_files"),)

    def claims(self, name: str, rel: str, head: bytes) -> bool:
        kind = _kind(name)
        if kind is None:
            return False
        if kind == "plan":
            return b'"format_version"' in head and bool(_PLAN_SIGN.search(head))
        return True

    def matches_content(self, head: bytes) -> bool:
        if b"\x00" in head:
            return False
        plan = b'"format_version"' in head and bool(_PLAN_SIGN.search(head))
        return plan or bool(_HCL_SIGN.search(head))

    def partition(self, files: list[SourceFile], ctx: SourceContext) -> list[list[SourceFile]]:
        """Directories joined by local module calls; each plan file alone."""
        by_dir: dict[str, list[SourceFile]] = {}
        units: list[list[SourceFile]] = []
        for f in files:
            if _kind(posixpath.basename(f.path)) == "plan":
                units.append([f])
            else:
                by_dir.setdefault(posixpath.dirname(f.path), []).append(f)
        parent = {d: d for d in by_dir}

        def find(d: str) -> str:
            while parent[d] != d:
                parent[d] = parent[parent[d]]
                d = parent[d]
            return d

        for d, group in by_dir.items():
            for target in _module_targets(d, group, ctx):
                if target in parent:
                    parent[find(target)] = find(d)
        groups: dict[str, list[SourceFile]] = {}
        for d, group in by_dir.items():
            groups.setdefault(find(d), []).extend(group)
        return list(groups.values()) + units

    def remedy(self, intent: FixIntent, subject: object, policy: Policy) -> str | None:
        if not isinstance(subject, Endpoint):
            return None
        from tlslint.sources.terraform.remedies import remedy

        return remedy(intent, subject.extra.get("knob") or {}, policy)

    def fix(self, intent: FixIntent, subject: object, description: str) -> Fix | None:
        from tlslint.sources.terraform.fixes import fix_for

        return fix_for(intent, subject, description)

    def check_syntax(self, text: str, path: str) -> str | None:
        """Why the text would not load in Terraform, or None (used before a fix is written)."""
        from tlslint.sources.terraform.fixes import check_syntax

        return check_syntax(text, path)

    def extract(self, files: list[SourceFile], ctx: SourceContext) -> Model:
        """One unit of :meth:`partition` (the pipeline gives nothing else: partitioning it
        again would read every file once more for its module sources)."""
        from tlslint.sources.terraform.load import extract

        model = extract(files, ctx)
        _plain_listeners(model)
        return model


def _module_targets(directory: str, files: list[SourceFile], ctx: SourceContext) -> Iterator[str]:
    """The directories the files' local module sources name (found by pattern, not parsed;
    a fact the run's index keeps for unchanged files)."""
    for f in files:
        if not f.path.endswith((".tf", ".tf.json")):
            continue
        for source in ctx.facts.fact(f, "terraform.module-sources/1", _local_sources):
            yield posixpath.normpath(posixpath.join(directory, source))


def _local_sources(text: str) -> list[str]:
    return [match.group(1) for match in _LOCAL_SOURCE.finditer(text)]


def _plain_listeners(model: Model) -> None:
    """An HTTP listener on a load balancer with no HTTPS listener: TLS is not offered at all."""
    secure = {h for e in model.endpoints if e.tls and e.source == "terraform" for h in e.hosts}
    for e in model.endpoints:
        if (
            e.tls
            or e.kind
            not in (
                "aws_lb_listener",
                "aws_alb_listener",
                "aws_elb",
                "azurerm_application_gateway",
                "digitalocean_loadbalancer",
            )
            or e.redirects_to_https is None
            or e.redirects_to_https.value
            or any(h in secure for h in e.hosts)
        ):
            continue
        from tlslint.model.cloud import TlsRequirement

        model.publish(TLS_REQUIREMENTS).append(
            TlsRequirement(
                e.name,
                e.kind,
                "clients (the listener serves plain HTTP and there is no HTTPS listener)",
                e.redirects_to_https,  # type: ignore[arg-type]
                str(e.extra.get("knob", {}).get("plain", "Serve HTTPS and redirect HTTP to it.")),
            )
        )


def problem(kind: str, message: str, path: str, line: int = 0, column: int = 0) -> ReadProblem:
    return ReadProblem(kind, message, Location(path, line, column))


TERRAFORM = TerraformSource()

__all__ = ["TERRAFORM", "TerraformSource"]
