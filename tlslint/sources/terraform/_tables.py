# ruff: noqa: E501
"""Generated from data/*.yaml by ``python3 -m tlslint.sources.terraform.datafiles``;
do not edit (edit the YAML files and regenerate, see :mod:`.datafiles`)."""

from typing import Any

REQUIREMENTS: dict[str, Any] = {
    "version": 1,
    "aws_appsync_api_cache": [
        {
            "service": "AppSync API cache traffic",
            "attribute": "transit_encryption_enabled",
            "must": True,
            "default": False,
            "remedy": "Set transit_encryption_enabled = true.",
        }
    ],
    "aws_dax_cluster": [
        {
            "service": "DAX cluster endpoint",
            "attribute": "cluster_endpoint_encryption_type",
            "must": {"equals": "TLS"},
            "default": "NONE",
            "remedy": 'Set cluster_endpoint_encryption_type = "TLS".',
        }
    ],
    "aws_dms_endpoint": [
        {
            "service": "DMS endpoint connection",
            "attribute": "ssl_mode",
            "must": {"not_equals": "none"},
            "default": "none",
            "remedy": 'Set ssl_mode = "verify-full".',
            "unless": {
                "attribute": "engine_name",
                "must": {"in": ["s3", "dynamodb", "kinesis", "kafka", "neptune"]},
            },
        }
    ],
    "aws_ecs_task_definition": [
        {
            "service": "EFS volume traffic",
            "each": ["volume", "efs_volume_configuration"],
            "attribute": "transit_encryption",
            "must": {"equals": "ENABLED"},
            "default": "DISABLED",
            "remedy": 'Set transit_encryption = "ENABLED".',
        }
    ],
    "aws_elasticache_replication_group": [
        {
            "service": "ElastiCache replication group traffic",
            "attribute": "transit_encryption_enabled",
            "must": True,
            "default": False,
            "remedy": "Set transit_encryption_enabled = true.",
        }
    ],
    "aws_memorydb_cluster": [
        {
            "service": "MemoryDB cluster traffic",
            "attribute": "tls_enabled",
            "must": True,
            "default": True,
            "remedy": "Set tls_enabled = true.",
        }
    ],
    "aws_msk_cluster": [
        {
            "service": "MSK client-broker traffic",
            "each": ["encryption_info", "encryption_in_transit"],
            "attribute": "client_broker",
            "must": {"equals": "TLS"},
            "default": "TLS",
            "remedy": 'Set encryption_in_transit { client_broker = "TLS" }.',
        },
        {
            "service": "MSK in-cluster traffic",
            "each": ["encryption_info", "encryption_in_transit"],
            "attribute": "in_cluster",
            "must": True,
            "remedy": "Set encryption_in_transit { in_cluster = true }.",
        },
    ],
    "aws_ses_configuration_set": [
        {
            "service": "SES delivery to receiving mail servers",
            "attribute": "delivery_options.tls_policy",
            "must": {"equals": "Require"},
            "default": "Optional",
            "remedy": 'Set delivery_options { tls_policy = "Require" }.',
        }
    ],
    "azurerm_api_management_backend": [
        {
            "service": "API Management backend connection",
            "attribute": "url",
            "must": {"not_prefix": "http://"},
            "remedy": "Use an https:// backend url.",
        }
    ],
    "azurerm_cdn_endpoint": [
        {
            "service": "the CDN endpoint (HTTPS is switched off)",
            "attribute": "is_https_allowed",
            "must": True,
            "remedy": "Set is_https_allowed = true.",
        },
        {
            "service": "requests to the CDN endpoint",
            "attribute": "is_http_allowed",
            "must": False,
            "default": True,
            "remedy": "Set is_http_allowed = false.",
        },
    ],
    "azurerm_container_registry_webhook": [
        {
            "service": "container registry webhook",
            "attribute": "service_uri",
            "must": {"not_prefix": "http://"},
            "remedy": "Use an https:// service_uri.",
        }
    ],
    "azurerm_spring_cloud_api_portal": [
        {
            "service": "Spring Cloud API portal",
            "attribute": "https_only_enabled",
            "must": True,
            "default": False,
            "remedy": "Set https_only_enabled = true.",
        }
    ],
    "azurerm_spring_cloud_app": [
        {
            "service": "Spring Cloud app",
            "attribute": "tls_enabled",
            "must": True,
            "default": False,
            "remedy": "Set tls_enabled = true.",
        }
    ],
    "github_organization_webhook": [
        {
            "service": "webhook delivery",
            "each": ["configuration"],
            "attribute": "url",
            "must": {"not_prefix": "http://"},
            "remedy": "Use an https:// url.",
        },
        {
            "service": "webhook delivery (insecure_ssl skips certificate verification)",
            "each": ["configuration"],
            "attribute": "insecure_ssl",
            "must": False,
            "remedy": "Set insecure_ssl = false.",
        },
    ],
    "github_repository_webhook": [
        {
            "service": "webhook delivery",
            "each": ["configuration"],
            "attribute": "url",
            "must": {"not_prefix": "http://"},
            "remedy": "Use an https:// url.",
        },
        {
            "service": "webhook delivery (insecure_ssl skips certificate verification)",
            "each": ["configuration"],
            "attribute": "insecure_ssl",
            "must": False,
            "remedy": "Set insecure_ssl = false.",
        },
    ],
    "google_cloudfunctions_function": [
        {
            "service": "Cloud Function HTTP trigger",
            "attribute": "https_trigger_security_level",
            "must": {"equals": "SECURE_ALWAYS"},
            "default": "SECURE_OPTIONAL",
            "remedy": 'Set https_trigger_security_level = "SECURE_ALWAYS".',
            "when": {"attribute": "trigger_http", "must": True},
        }
    ],
    "google_redis_instance": [
        {
            "service": "Memorystore Redis traffic",
            "attribute": "transit_encryption_mode",
            "must": {"equals": "SERVER_AUTHENTICATION"},
            "default": "DISABLED",
            "remedy": 'Set transit_encryption_mode = "SERVER_AUTHENTICATION".',
        }
    ],
    "tencentcloud_clb_listener": [
        {
            "service": "its listener (plain HTTP)",
            "attribute": "protocol",
            "must": {"not_equals": "HTTP", "ignore_case": True},
            "remedy": 'Set protocol = "HTTPS".',
        }
    ],
}

TLS_VALUES: dict[str, Any] = {
    "version": 2,
    "left_out": [
        "SecurityPolicy_TLS13_2025_EDGE (API Gateway): not in the SecurityPolicy enum of "
        "the AWS SDK",
        "ELBSecurityPolicy-2011-08 (classic ELB): only from general knowledge",
    ],
    "recommended": {
        "aws_elbv2": {
            "modern": "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09",
            "intermediate": "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
            "old": "ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09",
        },
        "aws_classic_elb": {
            "modern": "ELBSecurityPolicy-TLS-1-2-2017-01",
            "intermediate": "ELBSecurityPolicy-TLS-1-2-2017-01",
            "old": "ELBSecurityPolicy-TLS-1-2-2017-01",
        },
        "aws_cloudfront": {
            "modern": "TLSv1.3_2025",
            "intermediate": "TLSv1.2_2021",
            "old": "TLSv1.2_2021",
        },
        "aws_apigateway": {
            "modern": "SecurityPolicy_TLS13_1_3_2025_09",
            "intermediate": "SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09",
            "old": "SecurityPolicy_TLS13_1_2_PQ_2025_09",
        },
        "aws_apigatewayv2": {"intermediate": "TLS_1_2", "old": "TLS_1_2"},
        "alicloud_slb": {
            "modern": "tls_cipher_policy_1_2_strict_with_1_3",
            "intermediate": "tls_cipher_policy_1_2_strict_with_1_3",
            "old": "tls_cipher_policy_1_2_strict_with_1_3",
        },
        "aws_opensearch": {
            "modern": "Policy-Min-TLS-1-2-PFS-2023-10",
            "intermediate": "Policy-Min-TLS-1-2-PFS-2023-10",
            "old": "Policy-Min-TLS-1-2-PFS-2023-10",
        },
        "azure_appgw": {
            "modern": "AppGwSslPolicy20220101S",
            "intermediate": "AppGwSslPolicy20220101S",
            "old": "AppGwSslPolicy20220101",
        },
        "gcp_ssl_policy": {"modern": "RESTRICTED", "intermediate": "RESTRICTED", "old": "MODERN"},
        "aws_rds_ca": {
            "modern": "rds-ca-rsa2048-g1",
            "intermediate": "rds-ca-rsa2048-g1",
            "old": "rds-ca-rsa2048-g1",
        },
        "aws_transfer": {
            "modern": "TransferSecurityPolicy-2024-01",
            "intermediate": "TransferSecurityPolicy-2024-01",
            "old": "TransferSecurityPolicy-2024-01",
        },
    },
    "cipher_sets": {
        "ecdhe_gcm": [
            "ECDHE-ECDSA-AES128-GCM-SHA256",
            "ECDHE-RSA-AES128-GCM-SHA256",
            "ECDHE-ECDSA-AES256-GCM-SHA384",
            "ECDHE-RSA-AES256-GCM-SHA384",
        ],
        "ecdhe_sha2_cbc": [
            "ECDHE-ECDSA-AES128-SHA256",
            "ECDHE-RSA-AES128-SHA256",
            "ECDHE-ECDSA-AES256-SHA384",
            "ECDHE-RSA-AES256-SHA384",
        ],
        "ecdhe_sha1_cbc": [
            "ECDHE-ECDSA-AES128-SHA",
            "ECDHE-RSA-AES128-SHA",
            "ECDHE-RSA-AES256-SHA",
            "ECDHE-ECDSA-AES256-SHA",
        ],
        "rsa_sha2": ["AES128-GCM-SHA256", "AES128-SHA256", "AES256-GCM-SHA384", "AES256-SHA256"],
        "rsa_sha1": ["AES128-SHA", "AES256-SHA"],
        "des3": ["DES-CBC3-SHA"],
        "cf_2021": [
            "ECDHE-ECDSA-AES128-GCM-SHA256",
            "ECDHE-ECDSA-AES256-GCM-SHA384",
            "ECDHE-ECDSA-CHACHA20-POLY1305",
            "ECDHE-RSA-AES128-GCM-SHA256",
            "ECDHE-RSA-AES256-GCM-SHA384",
            "ECDHE-RSA-CHACHA20-POLY1305",
        ],
        "cf_2025": [
            "ECDHE-ECDSA-AES128-GCM-SHA256",
            "ECDHE-ECDSA-AES256-GCM-SHA384",
            "ECDHE-RSA-AES128-GCM-SHA256",
            "ECDHE-RSA-AES256-GCM-SHA384",
        ],
        "gcp_restricted": [
            "ECDHE-ECDSA-AES128-GCM-SHA256",
            "ECDHE-ECDSA-AES256-GCM-SHA384",
            "ECDHE-ECDSA-CHACHA20-POLY1305",
            "ECDHE-RSA-AES128-GCM-SHA256",
            "ECDHE-RSA-AES256-GCM-SHA384",
            "ECDHE-RSA-CHACHA20-POLY1305",
        ],
        "gcp_modern_extra": [
            "ECDHE-ECDSA-AES128-SHA",
            "ECDHE-ECDSA-AES256-SHA",
            "ECDHE-RSA-AES128-SHA",
            "ECDHE-RSA-AES256-SHA",
        ],
        "cf_2019": ["cf_2021", "ecdhe_sha2_cbc"],
        "cf_2018": ["cf_2019", "AES128-GCM-SHA256", "AES256-GCM-SHA384", "AES128-SHA256"],
        "cf_2016": [
            "cf_2018",
            "ECDHE-ECDSA-AES128-SHA",
            "ECDHE-ECDSA-AES256-SHA",
            "ECDHE-RSA-AES128-SHA",
            "ECDHE-RSA-AES256-SHA",
            "AES256-SHA",
            "AES128-SHA",
        ],
        "elb_all": ["ecdhe_gcm", "ecdhe_sha2_cbc", "ecdhe_sha1_cbc", "rsa_sha2", "rsa_sha1"],
        "apigw_tls12": ["ecdhe_gcm", "ecdhe_sha2_cbc", "rsa_sha2"],
        "ali_rsa": [
            "ECDHE-RSA-AES128-GCM-SHA256",
            "ECDHE-RSA-AES256-GCM-SHA384",
            "ECDHE-RSA-AES128-SHA256",
            "ECDHE-RSA-AES256-SHA384",
            "AES128-GCM-SHA256",
            "AES256-GCM-SHA384",
            "AES128-SHA256",
            "AES256-SHA256",
            "ECDHE-RSA-AES128-SHA",
            "ECDHE-RSA-AES256-SHA",
            "AES128-SHA",
            "AES256-SHA",
            "DES-CBC3-SHA",
        ],
        "ali_strict": [
            "ECDHE-RSA-AES128-GCM-SHA256",
            "ECDHE-RSA-AES256-GCM-SHA384",
            "ECDHE-RSA-AES128-SHA256",
            "ECDHE-RSA-AES256-SHA384",
            "ECDHE-RSA-AES128-SHA",
            "ECDHE-RSA-AES256-SHA",
        ],
        "ali_strict_13": [
            "ECDHE-ECDSA-AES128-GCM-SHA256",
            "ECDHE-ECDSA-AES256-GCM-SHA384",
            "ECDHE-ECDSA-AES128-SHA256",
            "ECDHE-ECDSA-AES256-SHA384",
            "ali_strict",
            "ECDHE-ECDSA-AES128-SHA",
            "ECDHE-ECDSA-AES256-SHA",
        ],
        "appgw_2015": [
            "ECDHE-RSA-AES256-GCM-SHA384",
            "ECDHE-RSA-AES128-GCM-SHA256",
            "ECDHE-RSA-AES256-SHA384",
            "ECDHE-RSA-AES128-SHA256",
            "ECDHE-RSA-AES256-SHA",
            "ECDHE-RSA-AES128-SHA",
            "DHE-RSA-AES256-GCM-SHA384",
            "DHE-RSA-AES128-GCM-SHA256",
            "DHE-RSA-AES256-SHA",
            "DHE-RSA-AES128-SHA",
            "AES256-GCM-SHA384",
            "AES128-GCM-SHA256",
            "AES256-SHA256",
            "AES128-SHA256",
            "AES256-SHA",
            "AES128-SHA",
            "ECDHE-ECDSA-AES256-GCM-SHA384",
            "ECDHE-ECDSA-AES128-GCM-SHA256",
            "ECDHE-ECDSA-AES256-SHA384",
            "ECDHE-ECDSA-AES128-SHA256",
            "ECDHE-ECDSA-AES256-SHA",
            "ECDHE-ECDSA-AES128-SHA",
            "DHE-DSS-AES256-SHA256",
            "DHE-DSS-AES128-SHA256",
            "DHE-DSS-AES256-SHA",
            "DHE-DSS-AES128-SHA",
            "DES-CBC3-SHA",
            "EDH-DSS-DES-CBC3-SHA",
        ],
        "appgw_2017": [
            "ECDHE-ECDSA-AES128-GCM-SHA256",
            "ECDHE-ECDSA-AES256-GCM-SHA384",
            "ECDHE-ECDSA-AES128-SHA",
            "ECDHE-ECDSA-AES256-SHA",
            "ECDHE-RSA-AES256-GCM-SHA384",
            "ECDHE-RSA-AES128-GCM-SHA256",
            "ECDHE-RSA-AES256-SHA384",
            "ECDHE-RSA-AES128-SHA256",
            "ECDHE-RSA-AES256-SHA",
            "ECDHE-RSA-AES128-SHA",
            "AES256-GCM-SHA384",
            "AES128-GCM-SHA256",
            "AES256-SHA256",
            "AES128-SHA256",
            "AES256-SHA",
            "AES128-SHA",
        ],
        "appgw_2017s": [
            "ECDHE-ECDSA-AES128-GCM-SHA256",
            "ECDHE-ECDSA-AES256-GCM-SHA384",
            "ECDHE-ECDSA-AES128-SHA",
            "ECDHE-ECDSA-AES256-SHA",
            "ECDHE-RSA-AES256-GCM-SHA384",
            "ECDHE-RSA-AES128-GCM-SHA256",
            "ECDHE-RSA-AES256-SHA384",
            "ECDHE-RSA-AES128-SHA256",
            "ECDHE-RSA-AES256-SHA",
            "ECDHE-RSA-AES128-SHA",
            "AES256-GCM-SHA384",
            "AES128-GCM-SHA256",
            "AES256-SHA256",
            "AES128-SHA256",
        ],
        "appgw_2022": [
            "ECDHE-RSA-AES256-GCM-SHA384",
            "ECDHE-RSA-AES128-GCM-SHA256",
            "ECDHE-ECDSA-AES256-GCM-SHA384",
            "ECDHE-ECDSA-AES128-GCM-SHA256",
            "ECDHE-RSA-AES256-SHA384",
            "ECDHE-RSA-AES128-SHA256",
            "ECDHE-ECDSA-AES256-SHA384",
            "ECDHE-ECDSA-AES128-SHA256",
        ],
        "appgw_2022s": [
            "ECDHE-RSA-AES256-GCM-SHA384",
            "ECDHE-RSA-AES128-GCM-SHA256",
            "ECDHE-ECDSA-AES256-GCM-SHA384",
            "ECDHE-ECDSA-AES128-GCM-SHA256",
        ],
        "gcp_compatible_extra": [
            "AES128-GCM-SHA256",
            "AES256-GCM-SHA384",
            "AES128-SHA",
            "AES256-SHA",
            "DES-CBC3-SHA",
        ],
    },
    "aws_elbv2": {
        "source": [
            "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html",
            "awsdocs/elb-application-load-balancers-user-guide: "
            "doc_source/create-https-listener.md (protocol x cipher tables)",
        ],
        "attribute": "ssl_policy",
        "default": "ELBSecurityPolicy-2016-08",
        "policies": {
            "ELBSecurityPolicy-TLS13-1-3-2021-06": {
                "protocols": ["TLSv1.3"],
                "ciphers": [],
                "superseded_by": "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09",
                "src": 1,
            },
            "ELBSecurityPolicy-TLS13-1-2-2021-06": {
                "protocols": ["TLSv1.2", "TLSv1.3"],
                "ciphers": ["ecdhe_gcm", "ecdhe_sha2_cbc"],
                "superseded_by": "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
                "src": 1,
            },
            "ELBSecurityPolicy-TLS13-1-2-Res-2021-06": {
                "protocols": ["TLSv1.2", "TLSv1.3"],
                "ciphers": ["ecdhe_gcm"],
                "superseded_by": "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
                "src": 1,
            },
            "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06": {
                "protocols": ["TLSv1.2", "TLSv1.3"],
                "ciphers": ["ecdhe_gcm", "ecdhe_sha2_cbc", "rsa_sha2"],
                "superseded_by": "ELBSecurityPolicy-TLS13-1-2-Ext1-PQ-2025-09",
                "src": 1,
            },
            "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06": {
                "protocols": ["TLSv1.2", "TLSv1.3"],
                "ciphers": [
                    "ecdhe_gcm",
                    "ecdhe_sha2_cbc",
                    "ecdhe_sha1_cbc",
                    "rsa_sha2",
                    "rsa_sha1",
                ],
                "superseded_by": "ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09",
                "src": 1,
            },
            "ELBSecurityPolicy-TLS13-1-1-2021-06": {
                "protocols": ["TLSv1.1", "TLSv1.2", "TLSv1.3"],
                "ciphers": [
                    "ecdhe_gcm",
                    "ecdhe_sha2_cbc",
                    "ecdhe_sha1_cbc",
                    "rsa_sha2",
                    "rsa_sha1",
                ],
                "superseded_by": "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
                "src": 1,
            },
            "ELBSecurityPolicy-TLS13-1-0-2021-06": {
                "protocols": ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"],
                "ciphers": [
                    "ecdhe_gcm",
                    "ecdhe_sha2_cbc",
                    "ecdhe_sha1_cbc",
                    "rsa_sha2",
                    "rsa_sha1",
                ],
                "superseded_by": "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
                "src": 1,
            },
            "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04": {
                "protocols": ["TLSv1.3"],
                "ciphers": [],
                "superseded_by": "ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09",
                "src": 0,
            },
            "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04": {
                "protocols": ["TLSv1.2", "TLSv1.3"],
                "ciphers": ["ecdhe_gcm"],
                "superseded_by": "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09",
                "src": 0,
            },
            "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04": {
                "protocols": ["TLSv1.2", "TLSv1.3"],
                "ciphers": ["ecdhe_gcm", "ecdhe_sha2_cbc"],
                "superseded_by": "ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09",
                "src": 0,
            },
            "ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-2023-04": {
                "protocols": ["TLSv1.2", "TLSv1.3"],
                "ciphers": ["ecdhe_gcm", "ecdhe_sha2_cbc", "ecdhe_sha1_cbc"],
                "superseded_by": "ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-PQ-2025-09",
                "src": 0,
            },
            "ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-2023-04": {
                "protocols": ["TLSv1.2", "TLSv1.3"],
                "ciphers": ["ecdhe_gcm", "ecdhe_sha2_cbc", "rsa_sha2"],
                "superseded_by": "ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-PQ-2025-09",
                "src": 0,
            },
            "ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-2023-04": {
                "protocols": ["TLSv1.2", "TLSv1.3"],
                "ciphers": ["elb_all"],
                "superseded_by": "ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-PQ-2025-09",
                "src": 0,
            },
            "ELBSecurityPolicy-TLS13-1-1-FIPS-2023-04": {
                "protocols": ["TLSv1.1", "TLSv1.2", "TLSv1.3"],
                "ciphers": ["elb_all"],
                "superseded_by": "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09",
                "src": 0,
            },
            "ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04": {
                "protocols": ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"],
                "ciphers": ["elb_all"],
                "superseded_by": "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09",
                "src": 0,
            },
            "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09": {
                "protocols": ["TLSv1.3"],
                "ciphers": [],
                "src": 0,
            },
            "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09": {
                "protocols": ["TLSv1.2", "TLSv1.3"],
                "ciphers": ["ecdhe_gcm"],
                "src": 0,
            },
            "ELBSecurityPolicy-TLS13-1-2-PQ-2025-09": {
                "protocols": ["TLSv1.2", "TLSv1.3"],
                "ciphers": ["ecdhe_gcm", "ecdhe_sha2_cbc"],
                "src": 0,
            },
            "ELBSecurityPolicy-TLS13-1-2-Ext1-PQ-2025-09": {
                "protocols": ["TLSv1.2", "TLSv1.3"],
                "ciphers": ["ecdhe_gcm", "ecdhe_sha2_cbc", "rsa_sha2"],
                "src": 0,
            },
            "ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09": {
                "protocols": ["TLSv1.2", "TLSv1.3"],
                "ciphers": ["elb_all"],
                "src": 0,
            },
            "ELBSecurityPolicy-TLS13-1-0-PQ-2025-09": {
                "protocols": ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"],
                "ciphers": ["elb_all"],
                "src": 0,
            },
            "ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09": {
                "protocols": ["TLSv1.3"],
                "ciphers": [],
                "src": 0,
            },
            "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09": {
                "protocols": ["TLSv1.2", "TLSv1.3"],
                "ciphers": ["ecdhe_gcm"],
                "src": 0,
            },
            "ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09": {
                "protocols": ["TLSv1.2", "TLSv1.3"],
                "ciphers": ["ecdhe_gcm", "ecdhe_sha2_cbc"],
                "src": 0,
            },
            "ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-PQ-2025-09": {
                "protocols": ["TLSv1.2", "TLSv1.3"],
                "ciphers": ["ecdhe_gcm", "ecdhe_sha2_cbc", "ecdhe_sha1_cbc"],
                "src": 0,
            },
            "ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-PQ-2025-09": {
                "protocols": ["TLSv1.2", "TLSv1.3"],
                "ciphers": ["ecdhe_gcm", "ecdhe_sha2_cbc", "rsa_sha2"],
                "src": 0,
            },
            "ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-PQ-2025-09": {
                "protocols": ["TLSv1.2", "TLSv1.3"],
                "ciphers": ["elb_all"],
                "src": 0,
            },
            "ELBSecurityPolicy-TLS13-1-1-FIPS-PQ-2025-09": {
                "protocols": ["TLSv1.1", "TLSv1.2", "TLSv1.3"],
                "ciphers": ["elb_all"],
                "src": 0,
            },
            "ELBSecurityPolicy-TLS13-1-0-FIPS-PQ-2025-09": {
                "protocols": ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"],
                "ciphers": ["elb_all"],
                "src": 0,
            },
            "ELBSecurityPolicy-FS-1-2-Res-2020-10": {
                "protocols": ["TLSv1.2"],
                "ciphers": ["ecdhe_gcm"],
                "superseded_by": "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
                "src": 1,
            },
            "ELBSecurityPolicy-FS-1-2-Res-2019-08": {
                "protocols": ["TLSv1.2"],
                "ciphers": ["ecdhe_gcm", "ecdhe_sha2_cbc"],
                "superseded_by": "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
                "src": 1,
            },
            "ELBSecurityPolicy-FS-1-2-2019-08": {
                "protocols": ["TLSv1.2"],
                "ciphers": ["ecdhe_gcm", "ecdhe_sha2_cbc", "ecdhe_sha1_cbc"],
                "superseded_by": "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
                "src": 1,
            },
            "ELBSecurityPolicy-FS-1-1-2019-08": {
                "protocols": ["TLSv1.1", "TLSv1.2"],
                "ciphers": ["ecdhe_gcm", "ecdhe_sha2_cbc", "ecdhe_sha1_cbc"],
                "superseded_by": "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
                "src": 1,
            },
            "ELBSecurityPolicy-FS-2018-06": {
                "protocols": ["TLSv1", "TLSv1.1", "TLSv1.2"],
                "ciphers": ["ecdhe_gcm", "ecdhe_sha2_cbc", "ecdhe_sha1_cbc"],
                "superseded_by": "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
                "src": 1,
            },
            "ELBSecurityPolicy-TLS-1-2-2017-01": {
                "protocols": ["TLSv1.2"],
                "ciphers": ["ecdhe_gcm", "ecdhe_sha2_cbc", "rsa_sha2"],
                "superseded_by": "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
                "src": 1,
            },
            "ELBSecurityPolicy-TLS-1-2-Ext-2018-06": {
                "protocols": ["TLSv1.2"],
                "ciphers": [
                    "ecdhe_gcm",
                    "ecdhe_sha2_cbc",
                    "ecdhe_sha1_cbc",
                    "rsa_sha2",
                    "rsa_sha1",
                ],
                "superseded_by": "ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09",
                "src": 1,
            },
            "ELBSecurityPolicy-TLS-1-1-2017-01": {
                "protocols": ["TLSv1.1", "TLSv1.2"],
                "ciphers": [
                    "ecdhe_gcm",
                    "ecdhe_sha2_cbc",
                    "ecdhe_sha1_cbc",
                    "rsa_sha2",
                    "rsa_sha1",
                ],
                "superseded_by": "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
                "src": 1,
            },
            "ELBSecurityPolicy-TLS-1-0-2015-04": {
                "protocols": ["TLSv1", "TLSv1.1", "TLSv1.2"],
                "ciphers": [
                    "ecdhe_gcm",
                    "ecdhe_sha2_cbc",
                    "ecdhe_sha1_cbc",
                    "rsa_sha2",
                    "rsa_sha1",
                    "des3",
                ],
                "superseded_by": "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
                "src": 1,
            },
            "ELBSecurityPolicy-2016-08": {
                "protocols": ["TLSv1", "TLSv1.1", "TLSv1.2"],
                "ciphers": [
                    "ecdhe_gcm",
                    "ecdhe_sha2_cbc",
                    "ecdhe_sha1_cbc",
                    "rsa_sha2",
                    "rsa_sha1",
                ],
                "superseded_by": "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
                "src": 1,
            },
            "ELBSecurityPolicy-2015-05": {
                "protocols": ["TLSv1", "TLSv1.1", "TLSv1.2"],
                "ciphers": [
                    "ecdhe_gcm",
                    "ecdhe_sha2_cbc",
                    "ecdhe_sha1_cbc",
                    "rsa_sha2",
                    "rsa_sha1",
                ],
                "superseded_by": "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
                "src": 1,
            },
        },
    },
    "aws_classic_elb": {
        "source": [
            "bridgecrewio/checkov: "
            "checkov/terraform/checks/resource/aws/ELBPolicyUsesSecureProtocols.py",
            "https://docs.aws.amazon.com/ElasticLoadBalancing/latest/DeveloperGuide/elb-security-policy-table.html "
            "(2015-05 to 2011-08 columns)",
        ],
        "older_policies": {
            "ELBSecurityPolicy-2015-03": {
                "protocols": ["TLSv1", "TLSv1.1", "TLSv1.2"],
                "ciphers": ["elb_all"],
                "src": 1,
            },
            "ELBSecurityPolicy-2015-02": {
                "protocols": ["TLSv1", "TLSv1.1", "TLSv1.2"],
                "ciphers": ["elb_all"],
                "src": 1,
            },
            "ELBSecurityPolicy-2014-10": {
                "protocols": ["TLSv1", "TLSv1.1", "TLSv1.2"],
                "ciphers": ["elb_all"],
                "src": 1,
            },
            "ELBSecurityPolicy-2014-01": {
                "protocols": ["TLSv1", "TLSv1.1", "TLSv1.2"],
                "ciphers": ["elb_all"],
                "src": 1,
            },
            "ELBSecurityPolicy-Default": {
                "protocols": ["TLSv1", "TLSv1.1", "TLSv1.2"],
                "ciphers": ["elb_all"],
                "src": 0,
            },
        },
        "protocol_attributes": {
            "Protocol-SSLv2": "SSLv2",
            "Protocol-SSLv3": "SSLv3",
            "Protocol-TLSv1": "TLSv1",
            "Protocol-TLSv1.1": "TLSv1.1",
            "Protocol-TLSv1.2": "TLSv1.2",
        },
    },
    "aws_cloudfront": {
        "source": [
            "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html "
            "(protocol x cipher table, SSLv3 to TLSv1.3_2025)",
            "awsdocs/amazon-cloudfront-developer-guide: "
            "doc_source/secure-connections-supported-viewer-protocols-ciphers.md "
            "(2023 snapshot, SSLv3 to TLSv1.2_2021)",
        ],
        "attribute": "viewer_certificate.minimum_protocol_version",
        "default_certificate_policy": "TLSv1",
        "default": "TLSv1",
        "policies": {
            "SSLv3": {
                "protocols": ["SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"],
                "ciphers": ["cf_2016", "DES-CBC3-SHA", "RC4-MD5"],
                "superseded_by": "TLSv1.2_2021",
                "src": 1,
            },
            "TLSv1": {
                "protocols": ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"],
                "ciphers": ["cf_2016", "DES-CBC3-SHA"],
                "superseded_by": "TLSv1.2_2021",
                "src": 1,
            },
            "TLSv1_2016": {
                "protocols": ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"],
                "ciphers": ["cf_2016"],
                "superseded_by": "TLSv1.2_2021",
                "src": 1,
            },
            "TLSv1.1_2016": {
                "protocols": ["TLSv1.1", "TLSv1.2", "TLSv1.3"],
                "ciphers": ["cf_2016"],
                "superseded_by": "TLSv1.2_2021",
                "src": 1,
            },
            "TLSv1.2_2018": {
                "protocols": ["TLSv1.2", "TLSv1.3"],
                "ciphers": ["cf_2018"],
                "superseded_by": "TLSv1.2_2021",
                "src": 0,
            },
            "TLSv1.2_2019": {
                "protocols": ["TLSv1.2", "TLSv1.3"],
                "ciphers": ["cf_2019"],
                "superseded_by": "TLSv1.2_2021",
                "src": 0,
            },
            "TLSv1.2_2021": {"protocols": ["TLSv1.2", "TLSv1.3"], "ciphers": ["cf_2021"], "src": 0},
            "TLSv1.2_2025": {"protocols": ["TLSv1.2", "TLSv1.3"], "ciphers": ["cf_2025"], "src": 0},
            "TLSv1.3_2025": {"protocols": ["TLSv1.3"], "ciphers": [], "src": 0},
        },
        "origin_ssl_protocols": {
            "SSLv3": "SSLv3",
            "TLSv1": "TLSv1",
            "TLSv1.1": "TLSv1.1",
            "TLSv1.2": "TLSv1.2",
        },
    },
    "aws_apigateway": {
        "source": [
            "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-custom-domain-tls-version.html "
            "(REST custom domains: TLS_1_0 and TLS_1_2 tables, Regional)",
            "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-ciphers.html "
            "and websocket-api-ciphers.html (TLS_1_2 suite list)",
            "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-security-policies-list.html "
            "(enhanced SecurityPolicy_* policies; suites of the ELB policy "
            "of the same stem)",
        ],
        "attribute": "security_policy",
        "default": "TLS_1_2",
        "policies": {
            "TLS_1_0": {
                "protocols": ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"],
                "ciphers": ["elb_all"],
                "superseded_by": "SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09",
                "src": 0,
            },
            "TLS_1_2": {"protocols": ["TLSv1.2", "TLSv1.3"], "ciphers": ["apigw_tls12"], "src": 1},
            "SecurityPolicy_TLS12_2018_EDGE": {
                "protocols": ["TLSv1.2", "TLSv1.3"],
                "ciphers": ["cf_2018"],
                "superseded_by": "SecurityPolicy_TLS12_PFS_2025_EDGE",
                "src": 2,
            },
            "SecurityPolicy_TLS12_PFS_2025_EDGE": {
                "protocols": ["TLSv1.2", "TLSv1.3"],
                "ciphers": ["cf_2025"],
                "src": 2,
            },
            "SecurityPolicy_TLS13_1_2_2021_06": {
                "protocols": ["TLSv1.2", "TLSv1.3"],
                "ciphers": ["ecdhe_gcm", "ecdhe_sha2_cbc"],
                "superseded_by": "SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09",
                "src": 2,
            },
            "SecurityPolicy_TLS13_1_2_PQ_2025_09": {
                "protocols": ["TLSv1.2", "TLSv1.3"],
                "ciphers": ["apigw_tls12"],
                "src": 2,
            },
            "SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09": {
                "protocols": ["TLSv1.2", "TLSv1.3"],
                "ciphers": ["ecdhe_gcm"],
                "src": 2,
            },
            "SecurityPolicy_TLS13_1_2_FIPS_PQ_2025_09": {
                "protocols": ["TLSv1.2", "TLSv1.3"],
                "ciphers": ["apigw_tls12"],
                "src": 2,
            },
            "SecurityPolicy_TLS13_1_2_FIPS_PFS_PQ_2025_09": {
                "protocols": ["TLSv1.2", "TLSv1.3"],
                "ciphers": ["ecdhe_gcm"],
                "src": 2,
            },
            "SecurityPolicy_TLS13_1_3_2025_09": {"protocols": ["TLSv1.3"], "ciphers": [], "src": 2},
            "SecurityPolicy_TLS13_1_3_FIPS_2025_09": {
                "protocols": ["TLSv1.3"],
                "ciphers": [],
                "src": 2,
            },
        },
    },
    "aws_opensearch": {
        "source": [
            "https://docs.aws.amazon.com/opensearch-service/latest/APIReference/API_DomainEndpointOptions.html "
            "(policy names and minimum versions)",
            "aws-cdk-lib aws_opensearchservice.TLSSecurityPolicy: "
            "TLS_1_2_PFS = 'TLS 1.2 to 1.3 with perfect forward secrecy'",
        ],
        "attribute": "domain_endpoint_options.tls_security_policy",
        "default": "Policy-Min-TLS-1-0-2019-07",
        "policies": {
            "Policy-Min-TLS-1-0-2019-07": {
                "protocols": ["TLSv1", "TLSv1.1", "TLSv1.2"],
                "ciphers": ["elb_all"],
                "superseded_by": "Policy-Min-TLS-1-2-PFS-2023-10",
                "src": 0,
            },
            "Policy-Min-TLS-1-2-2019-07": {
                "protocols": ["TLSv1.2"],
                "ciphers": ["apigw_tls12"],
                "superseded_by": "Policy-Min-TLS-1-2-PFS-2023-10",
                "src": 0,
            },
            "Policy-Min-TLS-1-2-PFS-2023-10": {
                "protocols": ["TLSv1.2", "TLSv1.3"],
                "ciphers": ["ecdhe_gcm"],
                "src": 1,
            },
        },
    },
    "aws_rds_ca": {
        "source": [
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL-certificate-rotation.html",
            "bridgecrewio/checkov: checkov/terraform/checks/resource/aws/RDSCACertIsRecent.py",
        ],
        "attribute": "ca_cert_identifier",
        "current": ["rds-ca-rsa2048-g1", "rds-ca-rsa4096-g1", "rds-ca-ecc384-g1"],
        "expired": ["rds-ca-2015", "rds-ca-2019"],
    },
    "aws_transfer": {
        "source": [
            "bridgecrewio/checkov: "
            "checkov/terraform/checks/resource/aws/TransferServerLatestPolicy.py"
        ],
        "default": "TransferSecurityPolicy-2018-11",
    },
    "azure_appgw": {
        "source": [
            "https://learn.microsoft.com/azure/application-gateway/application-gateway-ssl-policy-overview "
            "(predefined policy table: minimum version and cipher suites in "
            "order)"
        ],
        "policies": {
            "AppGwSslPolicy20150501": {
                "protocols": ["TLSv1", "TLSv1.1", "TLSv1.2"],
                "ciphers": ["appgw_2015"],
                "superseded_by": "AppGwSslPolicy20220101S",
                "src": 0,
            },
            "AppGwSslPolicy20170401": {
                "protocols": ["TLSv1.1", "TLSv1.2"],
                "ciphers": ["appgw_2017"],
                "superseded_by": "AppGwSslPolicy20220101S",
                "src": 0,
            },
            "AppGwSslPolicy20170401S": {
                "protocols": ["TLSv1.2"],
                "ciphers": ["appgw_2017s"],
                "superseded_by": "AppGwSslPolicy20220101S",
                "src": 0,
            },
            "AppGwSslPolicy20220101": {
                "protocols": ["TLSv1.2", "TLSv1.3"],
                "ciphers": ["appgw_2022"],
                "src": 0,
            },
            "AppGwSslPolicy20220101S": {
                "protocols": ["TLSv1.2", "TLSv1.3"],
                "ciphers": ["appgw_2022s"],
                "src": 0,
            },
        },
    },
    "alicloud_slb": {
        "source": [
            "https://www.alibabacloud.com/help/en/slb/classic-load-balancer/user-guide/tls-security-policies "
            "(CLB predefined policies: versions and cipher suites)"
        ],
        "attribute": "tls_cipher_policy",
        "default": "tls_cipher_policy_1_0",
        "policies": {
            "tls_cipher_policy_1_0": {
                "protocols": ["TLSv1", "TLSv1.1", "TLSv1.2"],
                "ciphers": ["ali_rsa"],
                "superseded_by": "tls_cipher_policy_1_2_strict_with_1_3",
                "src": 0,
            },
            "tls_cipher_policy_1_1": {
                "protocols": ["TLSv1.1", "TLSv1.2"],
                "ciphers": ["ali_rsa"],
                "superseded_by": "tls_cipher_policy_1_2_strict_with_1_3",
                "src": 0,
            },
            "tls_cipher_policy_1_2": {
                "protocols": ["TLSv1.2"],
                "ciphers": ["ali_rsa"],
                "superseded_by": "tls_cipher_policy_1_2_strict_with_1_3",
                "src": 0,
            },
            "tls_cipher_policy_1_2_strict": {
                "protocols": ["TLSv1.2"],
                "ciphers": ["ali_strict"],
                "superseded_by": "tls_cipher_policy_1_2_strict_with_1_3",
                "src": 0,
            },
            "tls_cipher_policy_1_2_strict_with_1_3": {
                "protocols": ["TLSv1.2", "TLSv1.3"],
                "ciphers": ["ali_strict_13"],
                "src": 0,
            },
        },
    },
    "gcp_ssl_policy": {
        "source": [
            "https://cloud.google.com/load-balancing/docs/ssl-policies-concepts",
            "gcloud compute ssl-policies create: --min-tls-version default "
            "1.0, --profile default COMPATIBLE",
            "CIS Google Cloud Platform Foundation Benchmark 3.0, 3.9 "
            "(RESTRICTED requires TLS 1.2 in effect)",
        ],
        "default_profile": "COMPATIBLE",
        "default_min_tls_version": "TLS_1_0",
        "profiles": {
            "COMPATIBLE": {
                "ciphers": ["gcp_restricted", "gcp_modern_extra", "gcp_compatible_extra"]
            },
            "MODERN": {"ciphers": ["gcp_restricted", "gcp_modern_extra"]},
            "RESTRICTED": {"ciphers": ["gcp_restricted"], "min": "TLSv1.2"},
        },
        "min_tls_version": {
            "TLS_1_0": "TLSv1",
            "TLS_1_1": "TLSv1.1",
            "TLS_1_2": "TLSv1.2",
            "TLS_1_3": "TLSv1.3",
        },
    },
}
