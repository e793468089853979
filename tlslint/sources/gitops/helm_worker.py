"""Render one Helm chart in a process of its own (run by ``helm.render``).

The engine is ``helm_python`` (the Helm v4 SDK as a shared library): loaded here, not in the
linter, so that a template that loops or a library that crashes costs this process only.
Input on stdin, JSON: ``{"chart", "values", "name", "namespace"}``; output on stdout, JSON:
``{"manifests": {template path: text}}`` or ``{"error": message}``.
"""

from __future__ import annotations

import json
import sys


def main() -> int:
    request = json.loads(sys.stdin.read())
    try:
        import helm_python

        helm_python.disable_logging()
        with helm_python.Chart.load(request["chart"]) as chart:
            manifests = chart.render(
                values=request["values"],
                name=request["name"],
                namespace=request["namespace"],
                is_install=True,
            )
    except Exception as exc:  # every engine error becomes the render's reason
        json.dump({"error": str(exc)[:2000]}, sys.stdout)
        return 0
    json.dump({"manifests": manifests}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
