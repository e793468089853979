"""Data files shipped inside the tlslint package, read by their path in it.

``importlib.resources`` finds them too, but importing it (with the ``tempfile``, ``shutil``,
``zipfile`` and compression modules it brings) costs a clean interpreter about 5 ms at every
start, and a one-file check reads the policy data every time. tlslint is installed as files:
its dependencies' compiled extensions cannot run from a zip archive either.
"""

from __future__ import annotations

import os

PACKAGE = os.path.dirname(os.path.abspath(__file__))


def path_of(name: str) -> str:
    """The file ``name`` ("data/servers.yaml") of the installed package."""
    return os.path.join(PACKAGE, *name.split("/"))


def read_bytes(name: str) -> bytes:
    with open(path_of(name), "rb") as handle:
        return handle.read()


def read_text(name: str) -> str:
    return read_bytes(name).decode("utf-8")
