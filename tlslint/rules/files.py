"""Rules about files that could not be read: the run goes on, and says so."""

from __future__ import annotations

from collections.abc import Iterator

from tlslint.model import MODEL, Model, Severity
from tlslint.rules.base import Context, Issue, rule

ALL_SOURCES = ("nginx", "kubernetes", "certificates", "terraform")
REMEDIES = {
    "nginx": "Fix the syntax so the file parses; `nginx -t` shows the same error.",
    "kubernetes": "Fix the manifest so that the API server and the controller accept it.",
    "certificates": "Replace it with complete, valid material; `openssl x509 -in FILE -noout` "
    "(or `openssl pkey`) must accept it.",
    "terraform": "Fix the syntax so the file parses; `terraform validate` shows the same error.",
    "cfssl": "Fix the JSON so it parses; `cfssl` refuses the file with the same error.",
}


@rule(
    "TLS000",
    "parse-error",
    Severity.HIGH,
    "A file of a known kind cannot be parsed",
    subject=MODEL,
    sources=(*ALL_SOURCES, "cfssl"),
    standard="the consumer's own grammar (nginx, kubectl, OpenSSL)",
    fix="none",
)
def PARSE_ERROR(model: Model, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    A configuration file that tlslint recognised (by name or content) but could not parse:
    a syntax error, an unterminated block or quote, an include loop, invalid UTF-8. The
    parser's message and line are reported.

    Why it matters
    ---
    A file that does not parse was not judged, and the product that reads it (nginx, kubectl,
    terraform) will likely refuse it too. Peers print "no issues" after such a failure;
    tlslint never passes silently.

    Severity
    ---
    High by default: the file's consumer refuses it (nginx -t fails, kubectl rejects the
    manifest) or nothing in it could be judged; a problem that hides nothing the consumer
    would refuse is reported lower, by what it hides.

    Example
    ---
    ```nginx
    server {
        listen 443 ssl;
        ssl_protocols TLSv1.2 TLSv1.3
    ```

    Use instead
    ---
    ```nginx
    server {
        listen 443 ssl;
        ssl_protocols TLSv1.2 TLSv1.3;
    }
    ```

    References
    ---
    - https://nginx.org/en/docs/beginners_guide.html#conf_structure
    - https://www.rfc-editor.org/rfc/rfc7468
    - https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation
    """
    kinds = {f.path: f.kind for f in model.files}
    for problem in model.problems:
        if problem.kind == "parse-error":
            yield Issue(
                problem.message,
                problem.location,
                REMEDIES.get(
                    kinds.get(problem.location.path, "nginx"), "Fix the file so it parses."
                ),
                severity=Severity.parse(problem.severity) if problem.severity else None,
                context=problem.message,
            )


@rule(
    "TLS001",
    "file-skipped",
    Severity.INFO,
    "A file was not (fully) read: too large, binary, outside the root, or an include not found",
    subject=MODEL,
    sources=ALL_SOURCES,
    standard="—",
    fix="none",
)
def FILE_SKIPPED(model: Model, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    Files, or parts of files, that tlslint did not analyse: over the size limit
    (`limits.max_file_size`), binary where text was expected, a symbolic link leaving the
    scanned root, an include outside the root, not found in the repository, or nested deeper
    than `limits.include_depth`.

    Why it matters
    ---
    A linter that skips a file silently gives false confidence. Every output format says what
    was not analysed, so an auditor can see the limits of the evidence.

    Severity
    ---
    Info: nothing is wrong with the file; tlslint says what it did not read, so a pass is
    never silent.

    Example
    ---
    ```nginx
    include /etc/letsencrypt/options-ssl-nginx.conf;   # not in the repository
    include ../../../etc/nginx/secrets.conf;            # leaves the scanned root
    ```

    Use instead
    ---
    Commit the included file, map the deployed path to the repository with `nginx.path_map`
    in `.tlslint.yaml`, or raise the limit when the file is legitimately large.

    <!-- fixture: TLS001/nginx/passes -->

    References
    ---
    - https://nginx.org/en/docs/ngx_core_module.html#include
    """
    for problem in model.problems:
        if problem.kind == "file-skipped":
            yield Issue(problem.message, problem.location, context=problem.message)
