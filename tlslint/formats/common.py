"""Helpers shared by the output formats."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from tlslint.model import Finding, Severity

if TYPE_CHECKING:
    from tlslint.pipeline.run import Result

# SARIF levels and GitHub annotation commands per severity.
SARIF_LEVEL = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
# GitHub code scanning reads 'security-severity' (0.1-10) to rank alerts.
SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "7.5",
    Severity.MEDIUM: "5.0",
    Severity.LOW: "3.0",
    Severity.INFO: "1.0",
}


def summary_counts(result: Result) -> dict[str, int]:
    counts = result.counts()
    counts["total"] = len(result.findings)
    return counts


def incomplete_files(result: Result) -> dict[str, str]:
    """Files not fully analysed, with the reason (every format must say so)."""
    return dict(sorted(result.model.incomplete.items()))


_LOWER_WORD = re.compile(r"[a-z]+(?=[ ,:;])")


def sentence(text: str) -> str:
    """``text`` as a whole sentence: a plain first word capitalised (never a path, a
    directive or a value such as ``ssl_policy`` or ``TLSv1``), and a full stop at the end."""
    text = text.strip()
    if not text:
        return text
    if _LOWER_WORD.match(text):
        text = text[0].upper() + text[1:]
    # A remediation that ends with a directive (`…TLSv1.3;`) is already complete.
    return text if text.endswith((".", "!", "?", ";")) else text + "."


def message_sentences(finding: Finding) -> str:
    """The message then the remediation, each a whole sentence."""
    message = sentence(finding.message)
    return f"{message} {sentence(finding.remediation)}" if finding.remediation else message


def display_path(root: Path, path: str, cwd: Path | None) -> str:
    """A repository path as the user standing in ``cwd`` types it: relative to ``cwd`` when
    it is inside the repository (or holds it), else relative to the repository root."""
    if cwd is None or not path:
        return path
    cwd, root = cwd.resolve(), root.resolve()
    if cwd == root or not (cwd.is_relative_to(root) or root.is_relative_to(cwd)):
        return path
    return os.path.relpath(root / path, cwd)


def sort_key(f: Finding) -> tuple[str, int, int, str]:
    return (f.path, f.line, f.location.column, f.rule_id)
