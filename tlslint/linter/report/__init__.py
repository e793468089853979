"""Output formats: a dict of name -> renderer. Each renderer turns a run's Result into text.

Renderers are imported when used, so a plain text run never loads the others.
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


def renderer(name: str) -> Renderer:
    module = importlib.import_module(FORMATS[name])
    return module.render  # type: ignore[no-any-return]
