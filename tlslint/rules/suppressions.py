"""Rules about tlslint's own markers in the files it reads."""

from __future__ import annotations

from collections.abc import Iterator

from tlslint.model import Model, Severity
from tlslint.rules.base import Context, Issue, rule


@rule(
    "TLS002",
    "unused-suppression",
    Severity.INFO,
    "A `# tlslint: ignore[...]` comment silences nothing",
    subject="model",
    sources=("nginx", "kubernetes", "terraform"),  # the formats with comments
    standard="—",
    fix="safe",
)
def UNUSED_SUPPRESSION(model: Model, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    `# tlslint: ignore[...]` markers (and `// tlslint: ignore` in HCL) that silenced no
    finding on their line or the next: the rule they name no longer fires there, the marker
    names no rule at all (a typo, a rule that never existed), or a bare `ignore` covers a line
    with nothing to report. Each stale name is reported; a marker that still silences one of
    its rules keeps it.

    A name is judged only when its rule ran: with `--select` or a configured `ignore`, a
    marker for a rule left out is not reported (a full run may need it), and a bare `ignore`
    is judged only when every rule ran. A check of some files judges them with their
    repository's context, so the verdict is the same as a whole-repository run's; a run
    without that context (``Options.context`` off, API only) does not report the rule,
    because a finding that needs another file (the controller ConfigMap, an issuer) would
    look stale when it is not.

    The suppression pass reports it after every other rule (pipeline/suppress.py): a rule sees
    the model, and markers are not part of it, so this function yields nothing itself.

    Why it matters
    ---
    A stale marker outlives the problem it excused and silences the next one on its line
    without anyone deciding so: a `ignore[TLS101]` kept after TLS 1.0 was removed hides
    TLS 1.0 when someone adds it back. Ruff (RUF100) and ESLint
    (`--report-unused-disable-directives`) report the same.

    Severity
    ---
    Info: nothing is weak today; raise it (`severity: {unused-suppression: low}`) to keep
    markers current in CI.

    Example
    ---
    ```nginx
    server {
        listen 443 ssl;
        ssl_protocols TLSv1.2 TLSv1.3;  # tlslint: ignore[TLS101] legacy clients
        ssl_prefer_server_ciphers off;
        add_header Strict-Transport-Security "max-age=63072000" always;
    }
    ```

    Use instead
    ---
    ```nginx
    server {
        listen 443 ssl;
        ssl_protocols TLSv1.2 TLSv1.3;
        ssl_prefer_server_ciphers off;
        add_header Strict-Transport-Security "max-age=63072000" always;
    }
    ```

    References
    ---
    - https://docs.astral.sh/ruff/rules/unused-noqa/
    - https://eslint.org/docs/latest/use/command-line-interface#--report-unused-disable-directives
    """
    return iter(())
