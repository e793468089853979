"""The sources: each turns one kind of file into the model.

The registry is explicit; a source module must stay cheap to import and load heavy parsers
only inside ``extract``.
"""

from __future__ import annotations

from tlslint.linter.sources.base import Source, SourceContext
from tlslint.linter.sources.certificates import CERTIFICATES
from tlslint.linter.sources.kubernetes import KUBERNETES
from tlslint.linter.sources.nginx import NGINX
from tlslint.linter.sources.renewal import RENEWAL
from tlslint.linter.sources.terraform import TERRAFORM

SOURCES: dict[str, Source] = {
    # Before the others: it claims only certificate names and PEM content outside their files.
    CERTIFICATES.name: CERTIFICATES,
    # Before nginx: it claims certbot renewal configurations (`.conf`) by their content.
    RENEWAL.name: RENEWAL,
    NGINX.name: NGINX,
    TERRAFORM.name: TERRAFORM,
    KUBERNETES.name: KUBERNETES,
}

__all__ = ["SOURCES", "Source", "SourceContext"]
