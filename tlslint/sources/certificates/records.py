"""What linking needs of parsed certificates, without loading ``cryptography``: copies of a
record, the facts the issuer search compares, and a context that silences the library's
warnings. A check whose certificates all come from the unit cache links them without
importing the parser, unless a signature has to be verified.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Hashable, Iterator
from typing import Any

from tlslint.model import Certificate
from tlslint.sources.certificates.issuers import Facts


def copy_with(cert: Certificate, **changes: Any) -> Certificate:
    """``dataclasses.replace`` for a :class:`Certificate`, without running its ``__init__``
    (47 frozen fields, each set through ``object.__setattr__``): a quarter of the cost, for
    the copies of a certificate that many bundles repeat. The same object, field for field:
    ``Certificate`` has no ``__post_init__`` and no slots, and ``changes`` name fields."""
    copy = object.__new__(Certificate)
    state = copy.__dict__
    state.update(cert.__dict__)
    state.update(changes)
    return copy


def facts(
    cert: Certificate, bundle: Hashable = None, issuer_keys: frozenset[str] = frozenset()
) -> Facts:
    """What the issuer search needs of a described certificate."""
    return Facts(
        subject=cert.subject,
        issuer=cert.issuer,
        public_key=cert.public_key_sha256,
        authority_key_id=cert.authority_key_id,
        subject_key_id=cert.subject_key_id,
        self_signed=cert.self_signed,
        bundle=bundle,
        issuer_keys=issuer_keys,
    )


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Silence cryptography's warnings (a negative serial is reported in our words) for a
    whole search: one context, not one per signature check."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield
