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
    "text": "tlslint.formats.text",
    "json": "tlslint.formats.json_report",
    "sarif": "tlslint.formats.sarif",
    "junit": "tlslint.formats.junit",
    "github": "tlslint.formats.github",
}


# Files only ``check --write`` writes: the pull-request job summary (Markdown, at most 1 MiB).
WRITE_ONLY_FORMATS: dict[str, str] = {"summary": "tlslint.formats.summary"}

# The compliance report: render(report, **options) -> str.
REPORT_FORMATS: dict[str, str] = {
    "html": "tlslint.compliance.html",
    "markdown": "tlslint.compliance.markdown",
    "json": "tlslint.compliance.json_format",
}


def renderer(name: str) -> Renderer:
    module = importlib.import_module(FORMATS[name])
    return module.render  # type: ignore[no-any-return]
