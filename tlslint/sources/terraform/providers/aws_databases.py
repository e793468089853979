"""AWS databases: RDS and Aurora (parameter groups, default groups, the CA they serve),
Redshift and DocumentDB parameter groups."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tlslint.model import (
    ManagedTlsPolicy,
    Origin,
    Setting,
)
from tlslint.sources.terraform import tables
from tlslint.sources.terraform.builders import (
    Builder,
    Out,
    Provider,
    both,
    requirement,
    truthy,
)
from tlslint.sources.terraform.view import Res, Val


def rds_ca(res: Res, out: Out) -> None:
    """The CA whose certificate an RDS instance serves: an expired CA breaks verification."""
    val = res.get("ca_cert_identifier")
    if not val.known or not isinstance(val.value, str):
        return
    table = tables.data()["aws_rds_ca"]
    if val.value not in table["expired"]:
        return
    out.publish(
        "managed_tls_policies",
        ManagedTlsPolicy(
            res.address,
            "aws_rds_ca",
            val.value,
            Setting(val.value, Origin.MANAGED, val.location, val.raw, f"RDS CA {val.value}"),
            "ca_cert_identifier",
            tables.recommended("aws_rds_ca", "intermediate"),
            tables.recommended_pairs("aws_rds_ca"),
        ),
    )


# What a parameter group enforces when it leaves the TLS parameter out: the engine family's
# default (RDS/Aurora user guides, "Requiring SSL/TLS" per engine; Redshift "Configuring
# security options for connections"). (family prefix, parameter, good, default, since major)
DB_TLS_PARAMETERS: tuple[tuple[str, str, Callable[[Any], bool], str, int | None], ...] = (
    # RDS for PostgreSQL 15 and later default rds.force_ssl to 1; earlier versions to 0.
    ("postgres", "rds.force_ssl", truthy, "0", 15),
    ("aurora-postgresql", "rds.force_ssl", truthy, "0", None),
    ("sqlserver", "rds.force_ssl", truthy, "0", None),
    ("mysql", "require_secure_transport", truthy, "0", None),
    ("aurora-mysql", "require_secure_transport", truthy, "0", None),
    ("aurora5.6", "require_secure_transport", truthy, "0", None),
    ("mariadb", "require_secure_transport", truthy, "0", None),
    # Db2: db2comm TCPIP (the default) is plaintext; SSL alone refuses it.
    ("db2", "db2comm", lambda v: str(v).strip().upper() == "SSL", "TCPIP", None),
)


def db_default_group(res: Res, out: Out) -> None:
    """An RDS instance or Aurora cluster with no parameter group of its own: the engine's
    default group (``default.<family>``) decides, with the family default of its TLS
    parameter (RDS User Guide, "Working with parameter groups": default DB parameter groups)."""
    cluster = res.type == "aws_rds_cluster"
    attr = "db_cluster_parameter_group_name" if cluster else "parameter_group_name"
    group = res.get(attr)
    engine = res.get("engine")
    if not engine.known or not isinstance(engine.value, str):
        return
    name = engine.value.lower()
    if group.present and not (
        group.known and isinstance(group.value, str) and group.value.startswith("default.")
    ):
        return  # a group of its own (or one tlslint cannot see): judged where it is defined
    rows = [r for r in DB_TLS_PARAMETERS if name.startswith(r[0])]
    if not rows:
        return
    prefix, param, good, default, since = max(rows, key=lambda r: len(r[0]))
    version = res.get("engine_version")
    if since is not None:
        major = None
        if version.known and isinstance(version.value, str | int | float):
            digits = str(version.value).split(".")[0]
            major = int(digits) if digits.isdigit() else None
        if major is None or major >= since:
            return  # the current engine version's default group already requires TLS
    value = _value_for(param)
    which = group.value if group.known and group.present else f"the default {prefix} group"
    requirement(
        res,
        out,
        "Aurora connections" if cluster else "RDS connections",
        Val(None, res.location),
        good,
        f'Set {attr} to a parameter group with parameter {{ name = "{param}" value = "{value}" }}.',
        default=default,
        default_note=f"{attr} is not set to a group of its own, so {which} applies "
        f"{param} = {default}",
    )


def _family_major(fam: str, prefix: str) -> int | None:
    digits = fam[len(prefix) :].split(".")[0].split("-")[0]
    return int(digits) if digits.isdigit() else None


def _db_param_group(service: str) -> Builder:
    """An RDS/Aurora parameter group: its TLS parameter as written, else the family default."""

    def build(res: Res, out: Out) -> None:
        family = res.get("family")
        if family.present and not family.known:
            return  # which parameter applies is unknown
        fam = str(family.value).lower() if family.known else ""
        rows = [r for r in DB_TLS_PARAMETERS if fam.startswith(r[0])]
        if not rows:
            return  # Oracle (SQLNET option group), custom engines: no such parameter
        # the longest prefix wins (aurora-postgresql over postgres is not a prefix clash)
        prefix, param, good, default, since = max(rows, key=lambda r: len(r[0]))
        value = _value_for(param)
        _param_requirement(res, out, service, param, good, value)
        if since is not None:
            major = _family_major(fam, prefix)
            if major is not None and major >= since:
                default = "1"
        _default_requirement(res, out, service, param, good, default, fam, value)

    return build


def _value_for(param: str) -> str:
    """The value that makes the parameter refuse plain connections."""
    return {"db2comm": "SSL", "tls": "enabled", "require_ssl": "true"}.get(param, "1")


def _param_group(
    param: str, good: Callable[[Any], bool], service: str, default: str | None = None
) -> Builder:
    """A parameter group whose named parameter must require TLS (``default``: when absent)."""

    def build(res: Res, out: Out) -> None:
        value = _value_for(param)
        if _param_requirement(res, out, service, param, good, value):
            return
        if default is not None:
            family = res.get("family")
            fam = str(family.value) if family.known else ""
            _default_requirement(res, out, service, param, good, default, fam, value)

    return build


def _param_requirement(
    res: Res, out: Out, service: str, param: str, good: Callable[[Any], bool], value: str
) -> bool:
    """Publish the written parameter; False when the group does not set it."""
    for p in res.blocks("parameter"):
        name = p.get("name")
        if name.known and str(name.value) == param:
            requirement(
                p,
                out,
                service,
                p.get("value"),
                good,
                f'Set parameter {{ name = "{param}" value = "{value}" }}.',
            )
            return True
    return False


def _default_requirement(
    res: Res,
    out: Out,
    service: str,
    param: str,
    good: Callable[[Any], bool],
    default: str,
    family: str,
    value: str,
) -> None:
    if any(
        p.get("name").known and str(p.get("name").value) == param for p in res.blocks("parameter")
    ):
        return
    if any(not p.get("name").known for p in res.blocks("parameter")):
        return  # a parameter whose name is unknown may be this one
    requirement(
        res,
        out,
        service,
        Val(None, res.location),
        good,
        f'Add parameter {{ name = "{param}" value = "{value}" }}.',
        default=default,
        default_note=f"{param} is not set, so the {family or 'engine'} default {default} applies",
    )


PROVIDER = Provider(
    builders={
        "aws_db_instance": both(rds_ca, db_default_group),
        "aws_rds_cluster": db_default_group,
        "aws_rds_cluster_instance": rds_ca,
        "aws_redshift_parameter_group": _param_group(
            "require_ssl", truthy, "Redshift connections", default="false"
        ),
        "aws_docdb_cluster_parameter_group": _param_group(
            "tls", lambda v: str(v) != "disabled", "DocumentDB connections"
        ),
        "aws_db_parameter_group": _db_param_group("RDS connections"),
        "aws_rds_cluster_parameter_group": _db_param_group("Aurora connections"),
    },
)
