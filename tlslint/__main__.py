"""Entry point for ``python -m tlslint``."""

from tlslint.cli import entry

entry()
