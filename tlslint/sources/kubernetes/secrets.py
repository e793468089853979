"""Secrets of type kubernetes.io/tls: their PEM handed to the certificates source."""

from __future__ import annotations

import base64
import binascii

from tlslint.model import EMBEDDED_PEM, EmbeddedPem, Location, ReadProblem
from tlslint.sources.kubernetes.common import Objects
from tlslint.sources.kubernetes.reader import Reader, text
from tlslint.sources.kubernetes.yamltree import Map

SECRET_ROLES = {"tls.crt": "certificate", "ca.crt": "ca", "tls.key": "key"}


def secret(objects: Objects, r: Reader, root: Map, name: str, ns: str, anchor: Location) -> None:
    kind = r.str(root, "type")
    data = r.string_map(root, "data", strict=False)
    plain = r.string_map(root, "stringData", strict=False)
    if kind != "kubernetes.io/tls" and not ({"tls.crt", "tls.key"} & (set(data) | set(plain))):
        return
    for field_name, entries, encoded in (("data", data, True), ("stringData", plain, False)):
        for key, node in entries.items():
            role = SECRET_ROLES.get(key)
            if role is None:
                continue
            value = text(node)
            if not value.strip() or value.lstrip().startswith("ENC["):
                continue  # empty, or encrypted with SOPS: nothing to judge here
            if encoded:
                try:
                    payload = base64.b64decode("".join(value.split()), validate=True)
                except (binascii.Error, ValueError):
                    r.problems.append(
                        ReadProblem(
                            "parse-error",
                            f"Secret {ns}/{name}: {field_name}.{key} is not valid base64; ignored",
                            r.loc(node),
                        )
                    )
                    continue
            else:
                payload = value.encode("utf-8")
            embedded = EmbeddedPem(
                path=objects.path,
                line=node.line,
                data=payload,
                origin=f"Secret {ns}/{name}, key {key}",
                key=f"secret:{ns}/{name}",
                role=role,
                parsed=True,
            )
            # Parsed here, in this file's unit (in parallel under --jobs), not in the link.
            from tlslint.sources.certificates.link import parse_embedded

            parse_embedded(embedded, objects.model)
            objects.publish(EMBEDDED_PEM, embedded)
