"""Azure (hashicorp/azurerm): App Service and Functions, storage, databases, Redis, Service
Bus and Event Hubs, Application Gateway, API Management, Front Door and CDN."""

from __future__ import annotations

from tlslint.model import (
    CipherSpec,
    Origin,
    Setting,
    TlsRequirement,
)
from tlslint.sources.terraform import tables
from tlslint.sources.terraform.builders import (
    Out,
    Provider,
    both,
    cannot_tell,
    endpoint,
    knob_values,
    managed_policy,
    min_tls_endpoint,
    min_version,
    policy_endpoint,
    qualified,
    requirement,
    split_suites,
    strings,
    truthy,
)
from tlslint.sources.terraform.view import Res, Val

APP_TLS = {"1.0": "TLSv1", "1.1": "TLSv1.1", "1.2": "TLSv1.2", "1.3": "TLSv1.3"}

UNDERSCORE_TLS = {
    "TLS1_0": "TLSv1",
    "TLS1_1": "TLSv1.1",
    "TLS1_2": "TLSv1.2",
    "TLS1_3": "TLSv1.3",
    "TLSEnforcementDisabled": None,
}

SHORT_TLS = {"TLS10": "TLSv1", "TLS12": "TLSv1.2", "None": None}

APPGW_MIN = {"TLSv1_0": "TLSv1", "TLSv1_1": "TLSv1.1", "TLSv1_2": "TLSv1.2", "TLSv1_3": "TLSv1.3"}

# The legacy resources name the attribute min_tls_version, their successors minimum_tls_version.
LEGACY_APP_SERVICES = (
    "azurerm_app_service",
    "azurerm_app_service_slot",
    "azurerm_function_app",
    "azurerm_function_app_slot",
)
APP_SERVICES = (
    *LEGACY_APP_SERVICES,
    *(
        f"azurerm_{os}_{kind}"
        for kind in ("web_app", "web_app_slot", "function_app", "function_app_slot")
        for os in ("linux", "windows")
    ),
)


def app_service(res: Res, out: Out) -> None:
    attr = "min_tls_version" if res.type in LEGACY_APP_SERVICES else "minimum_tls_version"
    configs = res.blocks("site_config")
    cfg = configs[0] if configs else res
    val = cfg.get(attr) if configs else Val(None, res.location)
    setting, undecided = min_version(
        res,
        f"site_config.{attr}",
        val,
        APP_TLS,
        default="1.2",
        default_note=f"site_config.{attr} is not set; the provider default '1.2'",
    )
    host = res.get("name")
    out.endpoints.append(
        endpoint(
            res,
            "azure-app-service",
            hosts=(str(host.value),) if host.known else (res.address,),
            protocols=setting,
            undecided=undecided,
            knob=knob_values(APP_TLS, f"site_config.{attr}"),
        )
    )
    scm = cfg.get("scm_minimum_tls_version") if configs else Val(None, res.location)
    if scm.present:
        s, u = min_version(res, "site_config.scm_minimum_tls_version", scm, APP_TLS)
        out.endpoints.append(
            endpoint(
                res,
                "azure-app-service",
                name=f"{res.address} (SCM/Kudu)",
                location=scm.location,
                protocols=s,
                undecided=u,
                knob=knob_values(APP_TLS, "site_config.scm_minimum_tls_version"),
            )
        )
    requirement(
        res,
        out,
        "requests to the app",
        res.get("https_only"),
        truthy,
        "Set https_only = true.",
        default=False,
        default_note="https_only defaults to false",
        site=res.site("https_only", "true"),
    )


def storage_account(res: Res, out: Out) -> None:
    min_tls_endpoint(
        "min_tls_version",
        UNDERSCORE_TLS,
        "TLS1_2",
        "azure-storage",
        note="min_tls_version is not set; the azurerm 3.0+ default 'TLS1_2'",
    )(res, out)
    attr = "https_traffic_only_enabled"
    val = res.get(attr)
    if not val.present:
        attr = "enable_https_traffic_only"
        val = res.get(attr)
    requirement(
        res,
        out,
        "requests to the storage account",
        val,
        truthy,
        f"Set {attr} = true.",
        default=True,
        default_note=f"{attr} defaults to true",
        site=res.site(attr, "true"),
    )


def single_server_db(res: Res, out: Out) -> None:
    min_tls_endpoint(
        "ssl_minimal_tls_version_enforced",
        UNDERSCORE_TLS,
        "TLS1_2",
        "azure-database",
        maximum="TLSv1.2",
    )(res, out)
    requirement(
        res,
        out,
        "client connections",
        res.get("ssl_enforcement_enabled"),
        truthy,
        "Set ssl_enforcement_enabled = true.",
        site=res.site("ssl_enforcement_enabled", "true"),
    )


def redis_cache(res: Res, out: Out) -> None:
    min_tls_endpoint("minimum_tls_version", APP_TLS, "1.2", "azure-redis", maximum="TLSv1.2")(
        res, out
    )
    attr = "non_ssl_port_enabled"
    val = res.get(attr)
    if not val.present:
        attr = "enable_non_ssl_port"
        val = res.get(attr)
    requirement(
        res,
        out,
        "clients (the non-TLS port 6379 is open)",
        val,
        lambda v: not truthy(v),
        f"Set {attr} = false.",
        default=False,
        default_note=f"{attr} defaults to false",
        site=res.site(attr, "false"),
    )


def flexible_config(res: Res, out: Out) -> None:
    """azurerm_{mysql,postgresql}_flexible_server_configuration: TLS server parameters."""
    name, value = res.get("name"), res.get("value")
    if not name.known:
        return
    n = str(name.value).lower()
    if n == "require_secure_transport":
        requirement(
            res,
            out,
            "client connections",
            value,
            lambda v: str(v).upper() == "ON",
            'Set value = "ON".',
        )
    elif n in ("tls_version", "ssl_min_protocol_version"):
        if value.present and not value.known:
            out.endpoints.append(
                endpoint(res, "azure-database", undecided={"protocols": cannot_tell(n, value)})
            )
            return
        raw = str(value.value or "")
        found: set[str] = set()
        for part in raw.replace(" ", "").split(","):
            p = part.replace("TLSv1.0", "TLSv1")
            if n == "ssl_min_protocol_version":
                found |= (
                    tables.from_minimum(p)
                    if p in ("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3")
                    else set()
                )
            elif p in ("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"):
                found.add(p)
        server = res.ref_target("server_id")
        out.endpoints.append(
            endpoint(
                res,
                "azure-database",
                name=f"{server[0]}.{server[1]}" if server else res.address,
                protocols=Setting(
                    frozenset(found),
                    Origin.WRITTEN,
                    value.location,
                    value.raw,
                    f"server parameter {n} = {raw!r}",
                ),
                knob={
                    "attribute": "value",
                    "parameter": n,
                    "values": {
                        "TLSv1.2": "TLSv1.2"
                        if n == "ssl_min_protocol_version"
                        else "TLSv1.2,TLSv1.3"
                    },
                },
            )
        )


def app_gateway(res: Res, out: Out) -> None:
    listeners = res.blocks("http_listener")
    https = not listeners or any(
        str(lst.get("protocol").value).lower() == "https" for lst in listeners
    )
    hosts = (qualified(res, res.address),) if https else ()
    policies = res.blocks("ssl_policy")
    if not policies:
        out.endpoints.append(
            endpoint(
                res,
                "azure-appgw",
                hosts=hosts,
                undecided={
                    "protocols": "cannot tell: ssl_policy is not set, so Azure applies "
                    "AppGwSslPolicy20150501 (TLS 1.0 and up) for API versions before "
                    "2023-02-01 and AppGwSslPolicy20220101 after; set it"
                },
                knob={"family": "azure_appgw", "attribute": "ssl_policy.policy_name"},
            )
        )
        return
    p = policies[0]
    ptype, pname = p.get("policy_type"), p.get("policy_name")
    knob = {"family": "azure_appgw", "attribute": "ssl_policy.policy_name"}
    if pname.present or (ptype.known and str(ptype.value) == "Predefined"):
        choice = managed_policy(
            res, out, "azure_appgw", "ssl_policy.policy_name", pname, vendor="Azure"
        )
        out.endpoints.append(
            policy_endpoint(
                res,
                "azure-appgw",
                choice,
                hosts=hosts,
                knob=knob,
            )
        )
        return
    disabled = p.get("disabled_protocols")
    if not ptype.present and not p.get("min_protocol_version").present:
        # No policy type: Azure keeps its legacy default (AppGwSslPolicy20150501, TLS 1.0 to
        # 1.2) and removes the disabled protocols from it (Application Gateway TLS policy
        # overview, "Default TLS policy"; azurerm application_gateway ssl_policy).
        if disabled.present and not disabled.known:
            undecided_d = {"protocols": cannot_tell("ssl_policy.disabled_protocols", disabled)}
            out.endpoints.append(
                endpoint(res, "azure-appgw", hosts=hosts, undecided=undecided_d, knob=knob)
            )
            return
        legacy = tables.facts("azure_appgw", "AppGwSslPolicy20150501")
        assert legacy is not None
        off = {APPGW_MIN.get(v) for v in strings(disabled)}
        left = frozenset(legacy.protocols - off)
        where = disabled if disabled.present else Val(None, p.location, "", False)
        note = (
            "ssl_policy sets no policy_type, so Azure applies its legacy default "
            f"AppGwSslPolicy20150501 less disabled_protocols: {tables.describe(left)}"
        )
        out.endpoints.append(
            endpoint(
                res,
                "azure-appgw",
                hosts=hosts,
                protocols=Setting(left, Origin.DEFAULT, where.location, where.raw, note),
                knob=knob,
            )
        )
        return
    setting, undecided = min_version(
        res, "ssl_policy.min_protocol_version", p.get("min_protocol_version"), APPGW_MIN
    )
    suites = strings(p.get("cipher_suites"))
    ciphers = None
    tls13: Setting[tuple[str, ...]] | None = None
    if suites:
        names, unknown, modern = split_suites(suites)
        cs = p.get("cipher_suites")
        ciphers = Setting(
            CipherSpec(", ".join(suites), names, unknown), Origin.WRITTEN, cs.location, cs.raw
        )
        if modern:
            tls13 = Setting(modern, Origin.WRITTEN, cs.location, cs.raw)
    out.endpoints.append(
        endpoint(
            res,
            "azure-appgw",
            hosts=hosts,
            protocols=setting,
            ciphers=ciphers,
            tls13_ciphersuites=tls13,
            undecided=undecided,
            knob=knob,
        )
    )


def app_gateway_listeners(res: Res, out: Out) -> None:
    redirected: set[str] = set()
    for rule in res.blocks("request_routing_rule"):
        target, redirect = rule.get("http_listener_name"), rule.get("redirect_configuration_name")
        if target.known and redirect.present:
            redirected.add(str(target.value))
    for listener in res.blocks("http_listener"):
        proto, name = listener.get("protocol"), listener.get("name")
        if not proto.known or str(proto.value).lower() != "http":
            continue
        label = str(name.value) if name.known else "?"
        out.endpoints.append(
            endpoint(
                res,
                "azure-appgw",
                name=f"{res.address} listener {label}",
                location=proto.location,
                tls=False,
                hosts=(qualified(res, res.address),),
                redirects_to_https=Setting(
                    label in redirected, Origin.WRITTEN, proto.location, proto.raw
                ),
                knob={
                    "plain": "Add a request_routing_rule with a redirect_configuration to the "
                    "HTTPS listener."
                },
            )
        )


def api_management(res: Res, out: Out) -> None:
    sec = res.blocks("security")
    flags = {
        "SSLv3": ("enable_frontend_ssl30", "frontend_ssl30_enabled"),
        "TLSv1": ("enable_frontend_tls10", "frontend_tls10_enabled"),
        "TLSv1.1": ("enable_frontend_tls11", "frontend_tls11_enabled"),
    }
    protocols = {"TLSv1.2", "TLSv1.3"}
    undecided: dict[str, str] = {}
    loc = res.location
    origin = Origin.DEFAULT
    if sec:
        for proto, names in flags.items():
            for n in names:
                v = sec[0].get(n)
                if v.present and not v.known:
                    undecided["protocols"] = cannot_tell(n, v)
                elif v.known and truthy(v.value):
                    protocols.add(proto)
                    loc, origin = v.location, Origin.WRITTEN
        for n in (
            "enable_back_end_ssl30",
            "backend_ssl30_enabled",
            "enable_backend_tls10",
            "backend_tls10_enabled",
            "enable_backend_tls11",
            "backend_tls11_enabled",
        ):
            v = sec[0].get(n)
            if v.known and truthy(v.value):
                out.publish(
                    "tls_requirements",
                    TlsRequirement(
                        res.address,
                        res.type,
                        f"API Management backend connections ({n})",
                        Setting(False, Origin.WRITTEN, v.location, v.raw),
                        f"Set {n} = false.",
                        "",
                    ),
                )
    note = (
        "security flags enable " + tables.describe(frozenset(protocols))
        if origin is Origin.WRITTEN
        else "no legacy protocol flag is set: TLSv1.2 and TLSv1.3"
    )
    setting = None if undecided else Setting(frozenset(protocols), origin, loc, "", note)
    e = endpoint(
        res,
        "azure-apim",
        protocols=setting,
        undecided=undecided,
        knob={"attribute": "security", "apim": True},
    )
    out.endpoints.append(e)


def frontdoor_domain(res: Res, out: Out) -> None:
    tls = res.blocks("tls")
    val = tls[0].get("minimum_tls_version") if tls else Val(None, res.location)
    setting, undecided = min_version(
        res,
        "tls.minimum_tls_version",
        val,
        SHORT_TLS,
        default="TLS12",
        default_note="tls.minimum_tls_version is not set; the provider default 'TLS12'",
    )
    host = res.get("host_name")
    out.endpoints.append(
        endpoint(
            res,
            "azure-frontdoor",
            hosts=(str(host.value),) if host.known else (),
            protocols=setting,
            undecided=undecided,
            knob=knob_values(SHORT_TLS, "tls.minimum_tls_version"),
        )
    )


def cdn_custom_domain(res: Res, out: Out) -> None:
    for block in ("cdn_managed_https", "user_managed_https"):
        for b in res.blocks(block):
            setting, undecided = min_version(
                res, f"{block}.tls_version", b.get("tls_version"), SHORT_TLS, default="TLS12"
            )
            out.endpoints.append(
                endpoint(
                    res,
                    "azure-cdn",
                    protocols=setting,
                    undecided=undecided,
                    knob=knob_values(SHORT_TLS, f"{block}.tls_version"),
                )
            )


PROVIDER = Provider(
    builders={
        **dict.fromkeys(APP_SERVICES, app_service),
        "azurerm_storage_account": storage_account,
        "azurerm_mssql_server": min_tls_endpoint(
            "minimum_tls_version", {**APP_TLS, "Disabled": None}, "1.2", "azure-sql"
        ),
        "azurerm_mysql_server": single_server_db,
        "azurerm_postgresql_server": single_server_db,
        "azurerm_mariadb_server": single_server_db,
        "azurerm_mysql_flexible_server_configuration": flexible_config,
        "azurerm_postgresql_flexible_server_configuration": flexible_config,
        "azurerm_redis_cache": redis_cache,
        "azurerm_servicebus_namespace": min_tls_endpoint(
            "minimum_tls_version", APP_TLS, "1.2", "azure-servicebus", maximum="TLSv1.2"
        ),
        "azurerm_eventhub_namespace": min_tls_endpoint(
            "minimum_tls_version", APP_TLS, "1.2", "azure-eventhub", maximum="TLSv1.2"
        ),
        "azurerm_application_gateway": both(app_gateway, app_gateway_listeners),
        "azurerm_api_management": api_management,
        "azurerm_cdn_frontdoor_custom_domain": frontdoor_domain,
        "azurerm_cdn_endpoint_custom_domain": cdn_custom_domain,
    },
)
