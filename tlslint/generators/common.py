"""What the generators share: option errors, name and version checks, YAML output."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from tlslint.model.policy import Policy, load_profile

Version = tuple[int, ...]

_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
# Characters that nginx would read as syntax, or that a shell-pasted path should never hold.
_UNSAFE_PATH = re.compile(r"[\s;{}\"'#$\\]")
_K8S_NAME = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
_DURATION = re.compile(r"^(\d+)(h|d)$")


class GeneratorError(ValueError):
    """Options that cannot work together; the CLI prints it as one line and exits 2."""


def profile_policy(name: str) -> Policy:
    try:
        return load_profile(name)
    except ValueError as exc:
        raise GeneratorError(str(exc)) from None


def parse_version(text: str, what: str) -> Version:
    """'1.22.1' -> (1, 22, 1); anything else is an option error naming the option."""
    match = re.fullmatch(r"v?(\d+(?:\.\d+){0,3})([a-z])?", text.strip())
    if not match:
        raise GeneratorError(f"{what} {text!r} is not a version number such as 1.26.3")
    return tuple(int(p) for p in match.group(1).split("."))


def show_version(version: Version) -> str:
    return ".".join(str(p) for p in version)


def dns_name(name: str, *, wildcard: bool = True) -> str:
    """A host name as written in certificates and server names: lower case, ASCII (IDNA)."""
    text = name.strip().rstrip(".").lower()
    body = text[2:] if wildcard and text.startswith("*.") else text
    if not body or len(text) > 253:
        raise GeneratorError(f"{name!r} is not a valid DNS name")
    if not body.isascii():
        try:
            body = body.encode("idna").decode("ascii")
        except UnicodeError:
            raise GeneratorError(f"{name!r} is not a valid DNS name") from None
        text = ("*." + body) if text.startswith("*.") else body
    labels = body.split(".")
    if not all(_LABEL.match(label) for label in labels):
        bad = next(label for label in labels if not _LABEL.match(label))
        raise GeneratorError(
            f"{name!r} is not a valid DNS name (label {bad!r}: letters, digits and inner "
            "hyphens only, 1 to 63 characters"
            + ("; a wildcard is allowed only as the whole first label" if "*" in bad else "")
            + ")"
        )
    if labels[-1].isdigit():
        raise GeneratorError(f"{name!r} is not a valid DNS name (the last label is numeric)")
    return text


def dns_names(names: Iterable[str], *, wildcard: bool = True) -> tuple[str, ...]:
    out: list[str] = []
    for name in names:
        checked = dns_name(name, wildcard=wildcard)
        if checked not in out:
            out.append(checked)
    return tuple(out)


def ip_address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def safe_path(path: str, what: str) -> str:
    if not path or _UNSAFE_PATH.search(path):
        raise GeneratorError(
            f"{what} {path!r} contains spaces, quotes or characters nginx reads as syntax"
        )
    return path


def k8s_name(name: str, what: str) -> str:
    if len(name) > 253 or not _K8S_NAME.match(name):
        raise GeneratorError(
            f"{what} {name!r} is not a valid Kubernetes name (lower-case letters, digits, "
            "'-' and '.', starting and ending with a letter or digit)"
        )
    return name


def go_duration(text: str, what: str) -> tuple[str, int]:
    """'90d' or '2160h' -> ('2160h', hours): cert-manager durations have no day unit."""
    match = _DURATION.match(text.strip())
    if not match or int(match.group(1)) == 0:
        raise GeneratorError(f"{what} {text!r} is not a duration such as 90d or 2160h")
    hours = int(match.group(1)) * (24 if match.group(2) == "d" else 1)
    return f"{hours}h", hours


def secret_name_for(domain: str) -> str:
    """The conventional TLS Secret name for a host: example.com -> example-com-tls."""
    base = domain[2:] if domain.startswith("*.") else domain
    prefix = "wildcard-" if domain.startswith("*.") else ""
    return f"{prefix}{base.replace('.', '-')}-tls"[:253]


def comment_block(lines: Sequence[str], width: int = 98) -> str:
    """Comment lines, each wrapped to ``width`` characters."""
    import textwrap

    out = []
    for line in lines:
        out += textwrap.wrap(line, width - 2, break_on_hyphens=False, break_long_words=False) or [
            ""
        ]
    return "".join(f"# {line}".rstrip() + "\n" for line in out)


def dump_yaml(documents: Sequence[dict[str, Any]], header: Sequence[str] = ()) -> str:
    """Multi-document YAML, keys in the order written, lists indented as kubectl writes them."""
    import yaml  # type: ignore[import-untyped,unused-ignore]

    class Dumper(yaml.SafeDumper):  # type: ignore[misc,unused-ignore]
        def increase_indent(self, flow: bool = False, indentless: bool = False) -> Any:
            return super().increase_indent(flow, False)

    def literal(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
        style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, literal)
    parts = [comment_block(header)] if header else []
    for document in documents:
        body = yaml.dump(
            document, Dumper=Dumper, sort_keys=False, default_flow_style=False, width=4096
        )
        parts.append("---\n" + body)
    return "".join(parts)


LETS_ENCRYPT_LIVE = "/etc/letsencrypt/live/"
HSTS_PRELOAD_MIN_AGE = 31536000  # hstspreload.org's minimum


class ServerOptions(Protocol):
    """What the web-server generators (nginx, Apache httpd) share about certificates and HSTS."""

    @property
    def profile(self) -> str: ...
    @property
    def cert(self) -> str | None: ...
    @property
    def key(self) -> str | None: ...
    @property
    def hsts_max_age(self) -> int | None: ...
    @property
    def preload(self) -> bool: ...
    @property
    def include_subdomains(self) -> bool: ...
    @property
    def redirect(self) -> bool: ...


def certificate_paths(options: ServerOptions, first: str) -> tuple[str, str]:
    """``--cert`` and ``--key`` as given (both or neither), else Let's Encrypt's paths for the
    first name."""
    if (options.cert is None) != (options.key is None):
        raise GeneratorError("give both --cert and --key, or neither (Let's Encrypt paths)")
    if options.cert is None or options.key is None:
        live = LETS_ENCRYPT_LIVE + (first[2:] if first.startswith("*.") else first)
        return f"{live}/fullchain.pem", f"{live}/privkey.pem"
    return safe_path(options.cert, "--cert"), safe_path(options.key, "--key")


def check_hsts(options: ServerOptions, minimum: int) -> None:
    """HSTS options that the profile (``minimum`` max-age) and preloading allow."""
    max_age = options.hsts_max_age
    if max_age is not None and max_age < minimum:
        raise GeneratorError(
            f"--hsts-max-age {max_age} is below the {options.profile} profile's minimum of "
            f"{minimum} seconds"
        )
    if options.preload:
        if not options.include_subdomains:
            raise GeneratorError("--preload needs includeSubDomains (drop --no-include-subdomains)")
        if not options.redirect:
            raise GeneratorError("--preload needs the HTTP->HTTPS redirect (drop --no-redirect)")
        if max_age is not None and max_age < HSTS_PRELOAD_MIN_AGE:
            raise GeneratorError(
                f"--preload needs --hsts-max-age of {HSTS_PRELOAD_MIN_AGE} or more"
            )
