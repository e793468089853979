"""Output formats: the registries of every command's formats, name -> module with ``render``.

``FORMATS`` renders a run's findings (``check --format``, ``probe --format``),
``WRITE_ONLY_FORMATS`` the extra files ``check --write`` can produce, ``REPORT_FORMATS`` the
compliance report (``report --format``, ``report merge``; ``probe`` as ``compliance-json``
for JSON). Every option's choices, and the schemas' lists, are these keys (a test keeps the
hand-written ones in step). Renderers are imported when used, so a plain text run never loads
the others.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

Renderer = Callable[..., str]  # render(result, color=False) -> str

FORMATS: dict[str, str] = {
    "text": "tlslint.linter.report.text",
    "json": "tlslint.linter.report.json_report",
    "sarif": "tlslint.linter.report.sarif",
    "junit": "tlslint.linter.report.junit",
    "github": "tlslint.linter.report.github",
}


# Files only ``check --write`` writes: the pull-request job summary (Markdown, at most 1 MiB).
WRITE_ONLY_FORMATS: dict[str, str] = {"summary": "tlslint.linter.report.summary"}

# The compliance report: render(report, **options) -> str.
REPORT_FORMATS: dict[str, str] = {
    "html": "tlslint.linter.report.html",
    "markdown": "tlslint.linter.report.markdown",
    "json": "tlslint.linter.report.compliance_json",
}


def renderer(name: str) -> Renderer:
    module = importlib.import_module(FORMATS[name])
    return module.render  # type: ignore[no-any-return]
