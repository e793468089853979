"""The Terraform tables (``data/requirements.yaml``, ``data/tls-values.yaml``), as loaded.

The YAML files are what people edit and review; :mod:`._tables` holds the same data as Python
literals, written from them by ``python3 -m tlslint.sources.terraform.datafiles`` (then
``ruff format``). Importing that module costs a fraction of a millisecond from its cached
bytecode, where importing PyYAML and loading both files cost about 10 ms — in every worker
that reads Terraform and again where the rules run (the remedies read the policy table).
``tests/sources/test_terraform_tables.py`` checks that the two forms hold the same data.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from tlslint.packaged import read_text

# Table name -> (YAML file under data/, the constant of _tables.py holding it).
TABLES = {
    "requirements": ("requirements.yaml", "REQUIREMENTS"),
    "tls-values": ("tls-values.yaml", "TLS_VALUES"),
}


def table(name: str) -> dict[str, Any]:
    """One table as loaded from its YAML file (from the compiled copy)."""
    from tlslint.sources.terraform import _tables

    return getattr(_tables, TABLES[name][1])  # type: ignore[no-any-return]


def from_yaml(name: str) -> dict[str, Any]:
    """One table read from its YAML file (the source of the compiled copy)."""
    import yaml

    text = read_text(f"sources/terraform/data/{TABLES[name][0]}")
    return yaml.safe_load(text)  # type: ignore[no-any-return]


def compiled() -> str:
    """The text of ``_tables.py`` for the YAML files as they are."""
    import pprint

    lines = [
        "# ruff: noqa: E501",
        '"""Generated from data/*.yaml by ``python3 -m tlslint.sources.terraform.datafiles``;',
        'do not edit (edit the YAML files and regenerate, see :mod:`.datafiles`)."""',
        "",
        "from typing import Any",
    ]
    for name, (_, constant) in TABLES.items():
        literal = pprint.pformat(from_yaml(name), width=96, sort_dicts=False)
        lines += ["", f"{constant}: dict[str, Any] = {literal}"]
    return "\n".join(lines) + "\n"


def main() -> int:
    target = Path(__file__).with_name("_tables.py")
    target.write_text(compiled(), encoding="utf-8")
    print(f"wrote {target}; run `ruff format {target}`", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
