"""The sources: each turns one kind of file into the model.

The registry is explicit; a source module must stay cheap to import and load heavy parsers
only inside ``extract``.
"""

from __future__ import annotations

import posixpath

from tlslint.sources.apache import APACHE
from tlslint.sources.base import Source, SourceContext
from tlslint.sources.certificates import CERTIFICATES, NOT_CERT_SUFFIXES
from tlslint.sources.cfssl import CFSSL
from tlslint.sources.gitops import GITOPS
from tlslint.sources.haproxy import HAPROXY
from tlslint.sources.kubernetes import KUBERNETES
from tlslint.sources.nginx import NGINX, NOT_NGINX_SUFFIXES
from tlslint.sources.renewal import RENEWAL
from tlslint.sources.terraform import TERRAFORM

SOURCES: dict[str, Source] = {
    # Before the others: it claims only certificate names and PEM content outside their files.
    CERTIFICATES.name: CERTIFICATES,
    # Before renewal, which would otherwise claim HAProxy configurations for their `crt` lines.
    HAPROXY.name: HAPROXY,
    # Before nginx: it claims certbot renewal configurations (`.conf`) by their content.
    RENEWAL.name: RENEWAL,
    # Before nginx: both claim sites-enabled/ and conf.d/; each turns down the other's signs.
    APACHE.name: APACHE,
    NGINX.name: NGINX,
    TERRAFORM.name: TERRAFORM,
    # Before kubernetes: it claims JSON files by CFSSL's keys (never with an apiVersion).
    CFSSL.name: CFSSL,
    # Before kubernetes: kustomizations, charts, values files and Flux / Argo CD objects.
    GITOPS.name: GITOPS,
    KUBERNETES.name: KUBERNETES,
}

# Tried in this order on files recognised by content only: the structured formats first, since
# a manifest or a Terraform file may carry PEM, and nginx's signs are the loosest. Apache's
# signs (sections, CamelCase directives) exclude nginx's blocks, so it goes before nginx.
BY_CONTENT = (
    KUBERNETES.name,
    TERRAFORM.name,
    CFSSL.name,
    APACHE.name,
    HAPROXY.name,
    NGINX.name,
    CERTIFICATES.name,
)


# Names whose format is known (and was judged by name already): a workflow.yml with shell
# lines, or a README.md quoting an nginx block, is not read as something else.
KNOWN_FORMATS = NOT_NGINX_SUFFIXES | NOT_CERT_SUFFIXES


def by_content(head: bytes, name: str = "") -> str | None:
    """The source whose content the first bytes match, for a name that says nothing
    (``site.conf.sample``, ``main.tf.example``, ``ingress.yaml.dist``, no extension)."""
    if posixpath.splitext(name.lower())[1] in KNOWN_FORMATS:
        return None
    return next((kind for kind in BY_CONTENT if SOURCES[kind].matches_content(head)), None)


__all__ = ["BY_CONTENT", "KNOWN_FORMATS", "SOURCES", "Source", "SourceContext", "by_content"]
