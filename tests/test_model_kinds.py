"""The kinds of the model: declared in one place, their objects' classes loaded when needed.

A kind may name its element type instead of holding it, so that rules can declare the kind as
their subject without importing the module that defines the objects (the one-file nginx check
never builds a cloud or cluster object; tests/test_startup.py pins that down).
"""

from __future__ import annotations

import pickle
import subprocess
import sys

import tlslint.model as model
from tests.helpers import REPO
from tlslint.model import ISSUERS, MANAGED_TLS_POLICIES, RENEWALS, Kind, Location


def test_a_named_element_is_the_class_of_the_kinds_objects() -> None:
    from tlslint.model.cloud import ManagedTlsPolicy
    from tlslint.model.kubernetes import Issuer
    from tlslint.model.rotation import Renewal

    assert MANAGED_TLS_POLICIES.element is ManagedTlsPolicy
    assert ISSUERS.element is Issuer
    assert RENEWALS.element is Renewal


def test_every_class_of_a_declared_kind_can_be_reached() -> None:
    declared = [value for value in vars(model).values() if isinstance(value, Kind)]
    assert len(declared) >= 17
    for kind in declared:
        assert isinstance(kind.element, type), kind
        assert Kind.named(kind.name) is kind


def test_the_classes_moved_out_are_still_found_in_the_model_package() -> None:
    from tlslint.model import Issuer, ManagedCertificate, TlsRequirement
    from tlslint.model.cloud import TlsRequirement as CloudTlsRequirement
    from tlslint.model.kubernetes import Issuer as ClusterIssuer

    assert Issuer is ClusterIssuer and TlsRequirement is CloudTlsRequirement
    assert ManagedCertificate.__module__ == "tlslint.model.kubernetes"


def test_an_unknown_name_is_still_an_attribute_error() -> None:
    try:
        model.NoSuchThing  # noqa: B018
    except AttributeError as exc:
        assert "NoSuchThing" in str(exc)
    else:
        raise AssertionError("tlslint.model.NoSuchThing resolved")


def test_kinds_and_moved_objects_come_back_from_a_worker_unchanged() -> None:
    # Units come back from forked workers pickled: a kind keeps its name and element, and an
    # object of a moved class is rebuilt as the same class.
    from tlslint.model import Issuer

    issuer = Issuer("ClusterIssuer", "letsencrypt", "", "acme", Location("issuer.yaml", 4))
    again = pickle.loads(pickle.dumps((RENEWALS, issuer)))
    assert again[0] == "renewals" and isinstance(again[0], Kind)
    assert again[0].element is RENEWALS.element
    assert again[1] == issuer and type(again[1]) is Issuer


def test_declaring_the_kinds_imports_none_of_the_other_sources_classes() -> None:
    code = (
        "import sys, tlslint.model, tlslint.rules\n"
        "print(sorted(m for m in sys.modules if m.startswith('tlslint.model')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert out.stdout.strip() == "['tlslint.model', 'tlslint.model.policy']"
