"""An audit of every Terraform resource type tlslint reads: with its TLS attributes left out,
the provider's default decides, and the gating findings are exactly what that default earns.

Each row: the resource type, a minimal body without its TLS attributes, the rules (among
TLS101, TLS205 and TLS802) that its default must raise, and the provider default that decides
(from the provider's documentation of the attribute). A new resource type fails
``test_every_resource_type_is_audited`` until it has a row.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import lint
from tlslint.sources.terraform.providers import registry

# type: (body, rules its default raises, the default that decides)
AUDIT: dict[str, tuple[str, str, str]] = {
    "alicloud_alb_listener": (
        'listener_protocol = "HTTPS"\n  listener_port = 443',
        "TLS101",
        "security_policy_id defaults to tls_cipher_policy_1_0 (TLS 1.0 to 1.2)",
    ),
    "alicloud_slb_listener": (
        'protocol = "https"\n  frontend_port = 443',
        "TLS101",
        "tls_cipher_policy defaults to tls_cipher_policy_1_0 (TLS 1.0 to 1.2)",
    ),
    "alicloud_slb_tls_cipher_policy": (
        'tls_cipher_policy_name = "p"',
        "",
        "tls_versions and ciphers are required: nothing is defaulted",
    ),
    "aws_acm_certificate": (
        'domain_name = "a.example.com"',
        "",
        "key_algorithm defaults to RSA_2048, which meets the policy",
    ),
    "aws_alb_listener": (
        'protocol = "HTTPS"\n  port = 443',
        "TLS101",
        "ssl_policy defaults to ELBSecurityPolicy-2016-08 (TLS 1.0 to 1.2)",
    ),
    "aws_api_gateway_domain_name": (
        'domain_name = "api.example.com"',
        "",
        "security_policy: TLS_1_0 or TLS_1_2 by provider version and creation date: an info 'cann"
        "ot tell'",
    ),
    "aws_apigatewayv2_domain_name": (
        'domain_name = "api.example.com"',
        "",
        "domain_name_configuration (security_policy TLS_1_2 only) is required",
    ),
    "aws_appsync_api_cache": (
        'api_id = "x"',
        "TLS802",
        "transit_encryption_enabled defaults to false",
    ),
    "aws_cloudfront_distribution": (
        "enabled = true",
        "TLS101",
        "the default *.cloudfront.net certificate pins TLSv1",
    ),
    "aws_cloudsearch_domain": (
        'name = "s"',
        "TLS101 TLS802",
        "enforce_https defaults to false; tls_security_policy to Policy-Min-TLS-1-0-2019-07",
    ),
    "aws_dax_cluster": (
        'cluster_name = "d"',
        "TLS802",
        "cluster_endpoint_encryption_type defaults to NONE",
    ),
    "aws_db_instance": (
        'engine = "mysql"',
        "TLS802",
        "no parameter group: default.mysql8.0, require_secure_transport 0",
    ),
    "aws_db_parameter_group": (
        'family = "mysql8.0"',
        "TLS802",
        "mysql family default: require_secure_transport 0",
    ),
    "aws_dms_endpoint": (
        'engine_name = "postgres"',
        "TLS802",
        "ssl_mode defaults to none",
    ),
    "aws_docdb_cluster_parameter_group": (
        'family = "docdb5.0"',
        "",
        "DocumentDB's tls parameter defaults to enabled",
    ),
    "aws_ecs_task_definition": (
        'family = "t"\n  volume {\n    name = "v"\n    efs_volume_configuration {\n      file_sys'
        'tem_id = "fs"\n    }\n  }',
        "TLS802",
        "efs_volume_configuration transit_encryption defaults to DISABLED",
    ),
    "aws_elasticache_replication_group": (
        'replication_group_id = "r"',
        "TLS802",
        "transit_encryption_enabled defaults to false",
    ),
    "aws_elasticsearch_domain": (
        'domain_name = "e"',
        "TLS101",
        "tls_security_policy defaults to Policy-Min-TLS-1-0-2019-07; a single node has no node-to"
        "-node traffic",
    ),
    "aws_elb": (
        'name = "c"',
        "",
        "listener (lb_protocol) is required: no listener, no endpoint",
    ),
    "aws_emr_security_configuration": (
        'name = "e"',
        "",
        "configuration is required",
    ),
    "aws_lb_listener": (
        'protocol = "HTTPS"\n  port = 443',
        "TLS101",
        "ssl_policy defaults to ELBSecurityPolicy-2016-08 (TLS 1.0 to 1.2)",
    ),
    "aws_load_balancer_policy": (
        'policy_type_name = "SSLNegotiationPolicyType"',
        "",
        "a policy without attributes configures nothing",
    ),
    "aws_memorydb_cluster": (
        'name = "m"',
        "",
        "tls_enabled defaults to true",
    ),
    "aws_msk_cluster": (
        'cluster_name = "k"',
        "",
        "client_broker defaults to TLS, in_cluster to true",
    ),
    "aws_opensearch_domain": (
        'domain_name = "o"',
        "TLS101",
        "tls_security_policy defaults to Policy-Min-TLS-1-0-2019-07; enforce_https to true",
    ),
    "aws_rds_cluster": (
        'engine = "aurora-postgresql"',
        "TLS802",
        "no cluster parameter group: default.aurora-postgresql, rds.force_ssl 0",
    ),
    "aws_rds_cluster_instance": (
        'engine = "aurora-postgresql"',
        "",
        "TLS is the cluster's parameter group's; ca_cert_identifier defaults to a current CA",
    ),
    "aws_rds_cluster_parameter_group": (
        'family = "aurora-postgresql16"',
        "TLS802",
        "aurora-postgresql family default: rds.force_ssl 0",
    ),
    "aws_redshift_parameter_group": (
        'family = "redshift-1.0"',
        "TLS802",
        "require_ssl defaults to false",
    ),
    "aws_ses_configuration_set": (
        'name = "s"',
        "TLS802",
        "delivery_options tls_policy defaults to Optional",
    ),
    "aws_transfer_server": (
        'protocols = ["SFTP"]',
        "",
        "security_policy_name defaults to TransferSecurityPolicy-2018-11 (an SSH policy: TLS801 i"
        "nfo)",
    ),
    "azurerm_api_management": (
        'name = "a"',
        "",
        "the legacy protocol flags default to false",
    ),
    "azurerm_api_management_backend": (
        'name = "b"\n  protocol = "http"',
        "",
        "url is required",
    ),
    "azurerm_app_service": (
        'name = "a"',
        "TLS802",
        "https_only defaults to false; min_tls_version to 1.2",
    ),
    "azurerm_app_service_slot": (
        'name = "a"',
        "TLS802",
        "https_only defaults to false",
    ),
    "azurerm_application_gateway": (
        'name = "g"',
        "",
        "ssl_policy: AppGwSslPolicy20150501 or 20220101 by API version: an info 'cannot tell'",
    ),
    "azurerm_cdn_endpoint": (
        'name = "c"',
        "TLS802",
        "is_http_allowed defaults to true",
    ),
    "azurerm_cdn_endpoint_custom_domain": (
        'name = "c"\n  cdn_managed_https {\n    certificate_type = "Dedicated"\n    protocol_type'
        ' = "ServerNameIndication"\n  }',
        "",
        "cdn_managed_https tls_version defaults to TLS12",
    ),
    "azurerm_cdn_frontdoor_custom_domain": (
        'name = "f"\n  tls {\n    certificate_type = "ManagedCertificate"\n  }',
        "",
        "tls minimum_tls_version defaults to TLS12",
    ),
    "azurerm_container_registry_webhook": (
        'name = "w"\n  service_uri = "https://hooks.example.com/"',
        "",
        "service_uri is required",
    ),
    "azurerm_eventhub_namespace": (
        'name = "e"',
        "",
        "minimum_tls_version defaults to 1.2",
    ),
    "azurerm_function_app": (
        'name = "f"',
        "TLS802",
        "https_only defaults to false",
    ),
    "azurerm_function_app_slot": (
        'name = "f"',
        "TLS802",
        "https_only defaults to false",
    ),
    "azurerm_linux_function_app": (
        'name = "f"',
        "TLS802",
        "https_only defaults to false",
    ),
    "azurerm_linux_function_app_slot": (
        'name = "f"',
        "TLS802",
        "https_only defaults to false",
    ),
    "azurerm_linux_web_app": (
        'name = "w"',
        "TLS802",
        "https_only defaults to false",
    ),
    "azurerm_linux_web_app_slot": (
        'name = "w"',
        "TLS802",
        "https_only defaults to false",
    ),
    "azurerm_mariadb_server": (
        'name = "m"\n  ssl_enforcement_enabled = true',
        "",
        "ssl_minimal_tls_version_enforced defaults to TLS1_2",
    ),
    "azurerm_mssql_server": (
        'name = "s"',
        "",
        "minimum_tls_version defaults to 1.2",
    ),
    "azurerm_mysql_flexible_server_configuration": (
        'name = "require_secure_transport"\n  value = "ON"',
        "",
        "name and value are required",
    ),
    "azurerm_mysql_server": (
        'name = "m"\n  ssl_enforcement_enabled = true',
        "",
        "ssl_minimal_tls_version_enforced defaults to TLS1_2",
    ),
    "azurerm_postgresql_flexible_server_configuration": (
        'name = "require_secure_transport"\n  value = "on"',
        "",
        "name and value are required",
    ),
    "azurerm_postgresql_server": (
        'name = "p"\n  ssl_enforcement_enabled = true',
        "",
        "ssl_minimal_tls_version_enforced defaults to TLS1_2",
    ),
    "azurerm_redis_cache": (
        'name = "r"',
        "",
        "minimum_tls_version defaults to 1.2; non_ssl_port_enabled to false",
    ),
    "azurerm_servicebus_namespace": (
        'name = "s"',
        "",
        "minimum_tls_version defaults to 1.2",
    ),
    "azurerm_spring_cloud_api_portal": (
        'name = "default"',
        "TLS802",
        "https_only_enabled defaults to false",
    ),
    "azurerm_spring_cloud_app": (
        'name = "a"',
        "TLS802",
        "tls_enabled defaults to false",
    ),
    "azurerm_storage_account": (
        'name = "s"',
        "",
        "https_traffic_only_enabled defaults to true; min_tls_version to TLS1_2",
    ),
    "azurerm_windows_function_app": (
        'name = "f"',
        "TLS802",
        "https_only defaults to false",
    ),
    "azurerm_windows_function_app_slot": (
        'name = "f"',
        "TLS802",
        "https_only defaults to false",
    ),
    "azurerm_windows_web_app": (
        'name = "w"',
        "TLS802",
        "https_only defaults to false",
    ),
    "azurerm_windows_web_app_slot": (
        'name = "w"',
        "TLS802",
        "https_only defaults to false",
    ),
    "digitalocean_loadbalancer": (
        'name = "d"\n  forwarding_rule {\n    entry_port = 443\n    entry_protocol = "https"\n   '
        ' target_port = 80\n    target_protocol = "http"\n  }',
        "",
        "redirect_http_to_https matters only with an http forwarding rule",
    ),
    "github_organization_webhook": (
        'events = ["push"]\n  configuration {\n    url = "https://hooks.example.com/"\n  }',
        "",
        "insecure_ssl defaults to false",
    ),
    "github_repository_webhook": (
        'repository = "r"\n  events = ["push"]\n  configuration {\n    url = "https://hooks.examp'
        'le.com/"\n  }',
        "",
        "insecure_ssl defaults to false",
    ),
    "google_cloudfunctions_function": (
        'name = "f"\n  trigger_http = true',
        "TLS802",
        "https_trigger_security_level defaults to SECURE_OPTIONAL",
    ),
    "google_compute_region_ssl_policy": (
        'name = "p"',
        "TLS101",
        "profile defaults to COMPATIBLE, min_tls_version to TLS_1_0",
    ),
    "google_compute_region_target_https_proxy": (
        'name = "p"',
        "TLS101",
        "no ssl_policy: Google's default (COMPATIBLE, TLS 1.0)",
    ),
    "google_compute_ssl_policy": (
        'name = "p"',
        "TLS101",
        "profile defaults to COMPATIBLE, min_tls_version to TLS_1_0",
    ),
    "google_compute_target_https_proxy": (
        'name = "p"',
        "TLS101",
        "no ssl_policy: Google's default (COMPATIBLE, TLS 1.0)",
    ),
    "google_compute_target_ssl_proxy": (
        'name = "p"',
        "TLS101",
        "no ssl_policy: Google's default (COMPATIBLE, TLS 1.0)",
    ),
    "google_redis_instance": (
        'name = "r"',
        "TLS802",
        "transit_encryption_mode defaults to DISABLED",
    ),
    "google_sql_database_instance": (
        'name = "s"',
        "TLS802",
        "no settings: ssl_mode ALLOW_UNENCRYPTED_AND_ENCRYPTED",
    ),
    "ncloud_lb_listener": (
        'protocol = "HTTPS"\n  port = 443',
        "TLS101",
        "tls_min_version_type defaults to TLSV10",
    ),
    "tencentcloud_clb_listener": (
        'protocol = "HTTPS"\n  port = 443',
        "",
        "an HTTPS listener: no TLS version attribute to default",
    ),
    # Vault PKI: issuing policies, judged by TLS405/TLS407/TLS414 (none of them gating here).
    "vault_mount": ('path = "pki"\n  type = "pki"', "", "read only as a role's backend"),
    "vault_pki_secret_backend_role": (
        'backend = "pki"\n  name = "web"',
        "",
        "key_type rsa with key_bits 2048, max_ttl the mount's (Vault: 768h), no names allowed",
    ),
    "vault_pki_secret_backend_root_cert": (
        'backend = "pki"\n  type = "internal"\n  common_name = "Root"',
        "",
        "key_type rsa, key_bits 2048",
    ),
    "vault_pki_secret_backend_intermediate_cert_request": (
        'backend = "pki_int"\n  type = "internal"\n  common_name = "Issuing"',
        "",
        "key_type rsa, key_bits 2048",
    ),
    "vault_pki_secret_backend_root_sign_intermediate": (
        'backend = "pki"\n  csr = "x"\n  common_name = "Issuing"',
        "",
        "a CA certificate: its TTL is not held to the leaf limit",
    ),
}
GATING = {"TLS101", "TLS205", "TLS802"}


def test_every_resource_type_is_audited() -> None:
    assert set(AUDIT) == set(registry().builders) | set(registry().late)


@pytest.mark.parametrize("resource_type", sorted(AUDIT))
def test_an_absent_tls_attribute_is_judged_by_the_provider_default(
    resource_type: str, tmp_path: Path
) -> None:
    body, expected, default = AUDIT[resource_type]
    (tmp_path / "main.tf").write_text(f'resource "{resource_type}" "x" {{\n  {body}\n}}\n')
    found = {
        f.rule_id
        for f in lint(tmp_path).findings
        if f.rule_id in GATING and f.severity.label != "info"
    }
    assert found == set(expected.split()), default
