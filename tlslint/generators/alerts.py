"""``tlslint generate alerts``: Prometheus alerts on certificate expiry, with the policy's windows.

The ``PrometheusRule`` watches both what clients see (the blackbox exporter's
``probe_ssl_earliest_cert_expiry``, which covers the whole served chain) and what cert-manager
manages (``certmanager_certificate_expiration_timestamp_seconds``, renewal and readiness). The
warning window is the policy's ``expiry_warning_days``, the critical one ``expiry_error_days``.
``--blackbox-module`` writes instead the blackbox exporter modules that the probes use, which
fail when the endpoint negotiates less than the profile's minimum TLS version or sends no HSTS.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tlslint.arguments import flag, profile_flag
from tlslint.generators.common import GeneratorError, dump_yaml, k8s_name, profile_policy

DAY = 86400
_BLACKBOX_VERSIONS = {"TLSv1": "TLS10", "TLSv1.1": "TLS11", "TLSv1.2": "TLS12", "TLSv1.3": "TLS13"}


@dataclass(frozen=True)
class Options:
    profile: str = profile_flag()
    namespace: str = flag("default monitoring", default="monitoring")
    name: str = flag("default tls-certificate-expiry", default="tls-certificate-expiry")
    labels: tuple[str, ...] = flag(  # KEY=VALUE, for the Prometheus ruleSelector
        "PrometheusRule label, e.g. release=prometheus (repeatable)",
        "--label",
        metavar="KEY=VALUE",
        default=(),
    )
    warning_days: int | None = flag("default: the policy's (30)", default=None)
    critical_days: int | None = flag("default: the policy's (14)", default=None)
    blackbox_module: bool = flag("write the blackbox exporter modules instead", default=False)


def generate(options: Options) -> str:
    policy = profile_policy(options.profile)
    warning = (
        options.warning_days if options.warning_days is not None else policy.expiry_warning_days
    )
    critical = (
        options.critical_days if options.critical_days is not None else policy.expiry_error_days
    )
    if critical < 1 or warning <= critical:
        raise GeneratorError(
            f"--warning-days {warning} must be more than --critical-days {critical} (and both "
            "at least 1)"
        )
    if options.blackbox_module:
        return _blackbox(policy)
    k8s_name(options.namespace, "--namespace")
    k8s_name(options.name, "--name")
    labels = {}
    for item in options.labels:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise GeneratorError(f"--label {item!r} is not KEY=VALUE")
        labels[key] = value
    metadata: dict[str, Any] = {"name": options.name, "namespace": options.namespace}
    if labels:
        metadata["labels"] = labels

    def rule(alert: str, expr: str, wait: str, severity: str, summary: str, text: str) -> dict:  # type: ignore[type-arg]
        return {
            "alert": alert,
            "expr": expr,
            "for": wait,
            "labels": {"severity": severity},
            "annotations": {"summary": summary, "description": text},
        }

    probe_left = "probe_ssl_earliest_cert_expiry - time()"
    manager_left = "certmanager_certificate_expiration_timestamp_seconds - time()"
    served = "{{ $labels.instance }}"
    managed = "{{ $labels.namespace }}/{{ $labels.name }}"
    left = "{{ $value | humanizeDuration }}"
    groups = [
        {
            "name": "tls-served-certificates",
            "rules": [
                rule(
                    "TLSCertificateExpiringSoon",
                    f"{probe_left} < {warning} * {DAY}",
                    "1h",
                    "warning",
                    f"A served TLS certificate expires within {warning} days",
                    f"The certificate chain served by {served} expires in {left}; renew it.",
                ),
                rule(
                    "TLSCertificateExpiring",
                    f"{probe_left} < {critical} * {DAY}",
                    "15m",
                    "critical",
                    f"A served TLS certificate expires within {critical} days",
                    f"The certificate chain served by {served} expires in {left}; renewal has "
                    "failed or is not automated.",
                ),
                rule(
                    "TLSProbeFailing",
                    'probe_success{job=~".*blackbox.*"} == 0',
                    "10m",
                    "warning",
                    "A TLS endpoint cannot be probed",
                    f"{served} fails its probe (TLS handshake, protocol below the "
                    f"{policy.profile} profile, or no HSTS), so its expiry is not watched.",
                ),
            ],
        },
        {
            "name": "cert-manager-certificates",
            "rules": [
                rule(
                    "CertManagerCertificateExpiringSoon",
                    f"{manager_left} < {warning} * {DAY}",
                    "1h",
                    "warning",
                    f"A cert-manager certificate expires within {warning} days",
                    f"Certificate {managed} expires in {left}; cert-manager should have renewed "
                    "it by now.",
                ),
                rule(
                    "CertManagerCertificateExpiring",
                    f"{manager_left} < {critical} * {DAY}",
                    "15m",
                    "critical",
                    f"A cert-manager certificate expires within {critical} days",
                    f"Certificate {managed} expires in {left}; check `kubectl describe "
                    "certificate` and the issuer.",
                ),
                rule(
                    "CertManagerCertificateNotReady",
                    "max by (namespace, name) "
                    '(certmanager_certificate_ready_status{condition="False"}) == 1',
                    "30m",
                    "warning",
                    "A cert-manager certificate is not ready",
                    f"Certificate {managed} has not been Ready for 30 minutes.",
                ),
                rule(
                    "CertManagerRenewalOverdue",
                    "time() > certmanager_certificate_renewal_timestamp_seconds + 3600",
                    "1h",
                    "warning",
                    "A cert-manager renewal is overdue",
                    f"Certificate {managed} was due for renewal over an hour ago.",
                ),
            ],
        },
    ]
    document = {
        "apiVersion": "monitoring.coreos.com/v1",
        "kind": "PrometheusRule",
        "metadata": metadata,
        "spec": {"groups": groups},
    }
    header = [
        f"Certificate expiry alerts generated by tlslint ({policy.profile} profile): warning "
        f"{warning} days, critical {critical} days before expiry.",
        "The blackbox rules need probes with the module from "
        "`tlslint generate alerts --blackbox-module`; TLSProbeFailing watches scrape jobs "
        "whose name contains 'blackbox'.",
    ]
    return dump_yaml([document], header)


def _blackbox(policy: Any) -> str:
    minimum = _BLACKBOX_VERSIONS[policy.min_protocol]
    tls = {"min_version": minimum, "insecure_skip_verify": False}
    modules = {
        "modules": {
            "https_tls": {
                "prober": "http",
                "timeout": "10s",
                "http": {
                    "method": "GET",
                    "preferred_ip_protocol": "ip4",
                    "ip_protocol_fallback": True,
                    "fail_if_not_ssl": True,
                    "fail_if_header_not_matches": [
                        {
                            "header": "Strict-Transport-Security",
                            "regexp": "max-age=[0-9]+",
                            "allow_missing": False,
                        }
                    ],
                    "tls_config": dict(tls),
                },
            },
            "tls_connect": {
                "prober": "tcp",
                "timeout": "10s",
                "tcp": {"tls": True, "preferred_ip_protocol": "ip4", "tls_config": dict(tls)},
            },
        }
    }
    header = [
        f"blackbox exporter modules generated by tlslint ({policy.profile} profile): probes fail "
        f"below {policy.min_protocol} or without HSTS.",
        "Merge into blackbox.yml; probe HTTPS URLs with module https_tls, other TLS ports "
        "(host:port) with tls_connect.",
    ]
    return dump_yaml([modules], header)
