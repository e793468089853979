"""The normalised model that every source produces and every rule reads.

Sources (nginx, Kubernetes, Terraform, certificate files) translate what they parse into these
objects; rules never see nginx tokens, YAML nodes or HCL values. Every value that a rule may
judge is a :class:`Setting` that knows where it came from, so a finding can point at the line
to change, or say that a product default or an inherited value decided.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, runtime_checkable

from tlslint.lazyre import LazyPattern

if TYPE_CHECKING:
    from tlslint.model.certificates import Certificate as Certificate
    from tlslint.model.certificates import CertificateNames as CertificateNames
    from tlslint.model.certificates import EmbeddedPem as EmbeddedPem
    from tlslint.model.certificates import PrivateKey as PrivateKey
    from tlslint.model.cloud import CloudCertificateKey as CloudCertificateKey
    from tlslint.model.cloud import ManagedTlsPolicy as ManagedTlsPolicy
    from tlslint.model.cloud import TlsRequirement as TlsRequirement
    from tlslint.model.issuing import IssuingPolicy
    from tlslint.model.kubernetes import IngressHost as IngressHost
    from tlslint.model.kubernetes import Issuer as Issuer
    from tlslint.model.kubernetes import IssuerRef as IssuerRef
    from tlslint.model.kubernetes import ManagedCertificate as ManagedCertificate
    from tlslint.model.kubernetes import MeshPolicy as MeshPolicy
    from tlslint.model.rotation import Renewal, SecretConsumer, ServedCertificate

T = TypeVar("T")
E = TypeVar("E")


@runtime_checkable
class Sourced(Protocol):
    """A model object that names the source which writes its fixes (an endpoint, a managed
    policy, a cert-manager Certificate…); the source keeps its fix data on the object."""

    @property
    def source(self) -> str: ...


def subject_name(item: object) -> str:
    """The name findings about a rule's subject carry (an endpoint's, a Certificate's…)."""
    # getattr rather than isinstance against a runtime-checkable Protocol: the same answer,
    # without its cost on every finding.
    name = getattr(item, "name", None)
    return name if isinstance(name, str) else ""


def published_path(item: object) -> str | None:
    """The file a published object was read from (its ``path``, else its location's), or
    None for objects that have none (a table of facts)."""
    path = getattr(item, "path", None)
    if isinstance(path, str):
        return path
    location = getattr(item, "location", None)
    if isinstance(location, Location):
        return location.path
    return None


_KINDS: dict[str, Kind[Any]] = {}


class Kind(str, Generic[E]):
    """A kind of object in the model, with the type of its elements.

    Sources publish with it (``model.publish(CERTIFICATES, cert)``), rules declare it as their
    subject and read with it (``model.objects_of(CERTIFICATES) -> list[Certificate]``). It is
    the kind's name as a string too, so reports and configs keep using the name.

    The element type may be named (``"tlslint.model.cloud:TlsRequirement"``) rather than
    given: the kind then exists, for rules to declare, without importing the module that
    defines its objects (a one-file nginx check never builds a cloud or cluster object).
    """

    _element: type[E] | str

    def __new__(cls, name: str, element: type[E] | str) -> Kind[E]:
        made = super().__new__(cls, name)
        made._element = element
        _KINDS.setdefault(name, made)
        return made

    @staticmethod
    def named(name: str) -> Kind[Any]:
        """The kind declared under a name (one not declared: a kind of any objects)."""
        return _KINDS.get(name) or Kind(name, object)

    @property
    def element(self) -> type[E]:
        """The type of the kind's objects (imported when it was only named)."""
        if isinstance(self._element, str):
            import importlib

            module, _, qualname = self._element.partition(":")
            self._element = getattr(importlib.import_module(module), qualname)
        assert not isinstance(self._element, str)
        return self._element

    def __getnewargs__(self) -> tuple[str, type[E] | str]:  # type: ignore[override]
        return (str(self), self._element)

    @property
    def name(self) -> str:
        return str.__str__(self)


class Severity(enum.IntEnum):
    """Finding severity; the order allows ``--fail-on`` comparisons."""

    INFO = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            names = ", ".join(s.label for s in cls)
            raise ValueError(f"unknown severity {text!r} (expected one of: {names})") from None


@dataclass(frozen=True, order=True, slots=True)
class Location:
    """A place in a file: 1-based line and column; the end is optional."""

    path: str
    line: int = 0
    column: int = 0
    end_line: int = 0
    end_column: int = 0

    def __reduce__(self) -> tuple[type[Location], tuple[str, int, int, int, int]]:
        # One constructor call when unpickled (models come back from the workers by the
        # thousand), not the field-by-field state of a slotted frozen dataclass.
        return (Location, (self.path, self.line, self.column, self.end_line, self.end_column))

    def __str__(self) -> str:
        if self.line and self.column:
            return f"{self.path}:{self.line}:{self.column}"
        if self.line:
            return f"{self.path}:{self.line}"
        return self.path


class Origin(str, enum.Enum):
    """Where a setting's value came from."""

    WRITTEN = "written"  # set in the block that owns the endpoint
    INHERITED = "inherited"  # set in an enclosing block or layer (http{}, a ConfigMap)
    DEFAULT = "default"  # absent: the product's default decides
    MANAGED = "managed"  # a managed policy (cloud) decides, from a data table


@dataclass(frozen=True, slots=True)
class Setting(Generic[T]):
    """One judged value with its location and origin.

    ``raw`` is the text as written (for messages and fixes); ``note`` says which layer or
    default decided, e.g. ``"nginx 1.22 default"`` or ``"inherited from http{}"``.
    """

    value: T
    origin: Origin
    location: Location
    raw: str = ""
    note: str = ""

    def __reduce__(self) -> tuple[type[Setting[T]], tuple[T, Origin, Location, str, str]]:
        # As Location's: one constructor call when unpickled.
        return (type(self), (self.value, self.origin, self.location, self.raw, self.note))

    @property
    def is_default(self) -> bool:
        return self.origin is Origin.DEFAULT

    def describe(self) -> str:
        """A short phrase for messages: where the value was decided."""
        if self.origin is Origin.DEFAULT:
            return self.note or "product default"
        if self.origin is Origin.INHERITED:
            return self.note or f"inherited from {self.location}"
        if self.origin is Origin.MANAGED:
            return self.note or "managed policy"
        return self.note or "set here"


@dataclass(frozen=True)
class Hsts:
    """A Strict-Transport-Security header as configured."""

    max_age: int | None
    include_subdomains: bool = False
    preload: bool = False
    always: bool | None = None  # nginx add_header ... always; None where not applicable


@dataclass(frozen=True)
class HeaderGap:
    """A nested scope (e.g. an nginx location) that drops an inherited HSTS header."""

    location: Location
    scope: str  # e.g. "location /api"


@dataclass(frozen=True)
class CertificateRef:
    """A reference from an endpoint to certificate material (path, Secret, ARN, …).

    ``key`` names the material across sources once resolved: ``file:<repo path>`` for a file
    in the repository, ``secret:<namespace>/<name>`` for a Kubernetes Secret, ``arn:…`` for a
    cloud certificate. Certificates and managed certificates publish the same keys, so rules
    can join endpoints to what they serve.
    """

    role: str  # "certificate" | "key" | "trusted" | "client-ca"
    reference: str
    location: Location
    resolved_path: str | None = None  # repository path when the reference resolves to a file
    key: str | None = None
    # The repository files a path may name, in the order tried, when the source worked them
    # out as it read the file (nginx: as it resolves includes); linking picks among them.
    candidates: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Upstream:
    """A TLS connection the endpoint makes to a backend (proxying to https://…)."""

    target: str
    location: Location
    verify: Setting[bool]
    trusted_ca: Setting[str | None] | None = None


@dataclass(frozen=True)
class CipherSpec:
    """A cipher configuration: the expression as written and the suites it enables.

    ``suites`` hold OpenSSL-style names in effective order (IANA names are mapped by the
    source); ``unknown`` lists tokens that match nothing known.
    """

    expression: str
    suites: tuple[str, ...]
    unknown: tuple[str, ...] = ()


@dataclass
class Endpoint:
    """One place that terminates TLS (or, with ``tls=False``, serves plain HTTP).

    A field left ``None`` means the source cannot express that setting (so rules about it
    do not apply); a source that can express it but finds it absent gives a DEFAULT setting.
    """

    source: str  # "nginx", "kubernetes", "terraform"
    kind: str  # "nginx server", "Ingress", "aws_lb_listener", …
    name: str  # human name: "server example.com:443" or "Ingress shop/web"
    location: Location
    tls: bool = True
    hosts: tuple[str, ...] = ()
    product: str = ""  # "nginx", "ingress-nginx", "aws-elb", …
    product_version: str | None = None
    protocols: Setting[frozenset[str]] | None = None
    ciphers: Setting[CipherSpec] | None = None
    tls13_ciphersuites: Setting[tuple[str, ...]] | None = None
    prefer_server_ciphers: Setting[bool] | None = None
    ecdh_curves: Setting[tuple[str, ...]] | None = None
    dh_param_bits: Setting[int | None] | None = None
    hsts: Setting[Hsts | None] | None = None
    hsts_gaps: tuple[HeaderGap, ...] = ()
    ocsp_stapling: Setting[bool] | None = None
    ocsp_stapling_verify: Setting[bool] | None = None
    ocsp_resolver: Setting[str | None] | None = None
    session_tickets: Setting[bool] | None = None
    session_ticket_key: Setting[str | None] | None = None
    client_verify: Setting[str] | None = None  # "on" | "off" | "optional" | "optional_no_ca"
    redirects_to_https: Setting[bool] | None = None  # plain endpoints only
    certificates: tuple[CertificateRef, ...] = ()
    upstreams: tuple[Upstream, ...] = ()
    # Why a setting could not be decided from the repository, by field name (e.g.
    # {"protocols": "depends on var.tls_policy (no default)"}): rules say so instead of judging.
    undecided: dict[str, str] = field(default_factory=dict)
    tls13_unavailable: str = ""  # why the product cannot offer TLS 1.3 ("" when it can)
    ocsp_stapling_file: bool = False  # stapled from a file: no OCSP responder is contacted
    ocsp_responder_ip: bool = False  # the OCSP responder is a literal IP: nothing to resolve
    # The source's own data for its fixes and links (edit sites, indentation, ConfigMap
    # spots…): opaque to every other layer, never read by rules.
    extra: dict[str, Any] = field(default_factory=dict)

    def certificate_refs(self, role: str) -> Iterator[CertificateRef]:
        return (ref for ref in self.certificates if ref.role == role)


@dataclass(frozen=True)
class TextEdit:
    """Replace the text between two (line, column) positions of a file; 1-based, end exclusive."""

    path: str
    start_line: int
    start_column: int
    end_line: int
    end_column: int
    new_text: str


@dataclass(frozen=True)
class Fix:
    """A change that resolves a finding: what it does, and the edits that make it."""

    description: str
    edits: tuple[TextEdit, ...]


@dataclass(frozen=True)
class FixIntent:
    """What a rule wants changed, in model terms; the endpoint's source turns it into edits.

    ``setting`` names an Endpoint field (``protocols``, ``ciphers``, ``hsts``, …) or an action
    (``hsts_always``, ``hsts_gap``, ``redirect``); ``value`` is the wanted value; ``target`` is
    the location of the value to replace, or None to add it to the endpoint's block.
    """

    setting: str
    value: Any
    target: Location | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found by one rule at one place."""

    rule_id: str
    rule_name: str
    severity: Severity
    message: str
    location: Location
    remediation: str = ""
    endpoint: str = ""
    fix: Fix | None = None
    # Text that identifies the problem independent of its line, for baselines.
    context: str = ""
    # Other endpoints with the same problem at the same place (an inherited value): one
    # finding is reported, and ``--diff-base`` can still tell a new server that inherits it.
    also: tuple[str, ...] = ()

    @property
    def path(self) -> str:
        return self.location.path

    @property
    def line(self) -> int:
        return self.location.line


@dataclass(frozen=True)
class SourceFile:
    """A file discovered for analysis."""

    path: str  # relative to the scan root, with '/' separators
    absolute: str
    kind: str  # "nginx", "kubernetes", "terraform", "certificate", …
    size: int
    mtime_ns: int = 0  # when discovered: ``fix`` refuses a file that changed since


@dataclass(frozen=True)
class ReadProblem:
    """A file not (fully) read: TLS000 (``parse-error``) or TLS001 (``file-skipped``)."""

    kind: str  # "parse-error" | "file-skipped"
    message: str
    location: Location
    # Graded by what the problem hides: None is the rule's default (TLS000: high, the consumer
    # refuses the file); e.g. "low" for a duplicate YAML key kubectl resolves as tlslint does.
    severity: str | None = None


@dataclass
class Model:
    """Everything the sources extracted from one scan, shared by all rules."""

    endpoints: list[Endpoint] = field(default_factory=list)
    # Problems met while reading (TLS000 parse errors, TLS001 skipped files).
    problems: list[ReadProblem] = field(default_factory=list)
    # Files analysed, and files only partly analysed with the reason (said in every format).
    files: list[SourceFile] = field(default_factory=list)
    incomplete: dict[str, str] = field(default_factory=dict)
    # What sources publish besides endpoints, by kind (see :class:`Kind`; read and write it
    # with ``objects_of`` and ``publish``).
    objects: dict[str, list[Any]] = field(default_factory=dict)
    # The file system lookups reading made beyond the files read (``sources/lookups.py``):
    # what a unit's model depends on besides its files, checked before the unit cache
    # reuses it.
    lookups: list[list[Any]] = field(default_factory=list)

    def objects_of(self, kind: Kind[E]) -> list[E]:
        """The published objects of one kind (a new empty list when there are none)."""
        found: list[E] = self.objects.get(kind.name, [])
        return found

    def publish(self, kind: Kind[E], *items: E) -> list[E]:
        """Add objects of one kind; the kind's list (created when it was absent)."""
        found: list[E] = self.objects.setdefault(kind.name, [])
        found.extend(items)
        return found

    def extend(self, other: Model) -> None:
        self.endpoints.extend(other.endpoints)
        self.problems.extend(other.problems)
        self.files.extend(other.files)
        for path, reason in other.incomplete.items():
            # Two units may say why the same file was not fully analysed (an nginx file
            # included by two configs): keep both reasons, in an order that does not depend
            # on which unit finished first.
            mine = self.incomplete.get(path)
            if mine is None or mine == reason:
                self.incomplete[path] = reason
            else:
                reasons = {*mine.split("; "), *reason.split("; ")}
                self.incomplete[path] = "; ".join(sorted(reasons))
        for key, values in other.objects.items():
            self.objects.setdefault(key, []).extend(values)
        self.lookups.extend(other.lookups)

    def put_in_order(self) -> None:
        """Sort everything by file and place, so the model of a run does not depend on the
        order in which its units were extracted and merged (``--jobs``): what links to what
        (the first of two same-named Secrets) and which duplicate finding is kept follow."""
        _in_order(self.endpoints)
        _in_order(self.problems)
        self.files.sort(key=lambda f: (f.path, f.kind))
        self.incomplete = dict(sorted(self.incomplete.items()))
        for values in self.objects.values():
            _in_order(values)


_ADDRESS = LazyPattern(r" at 0x[0-9a-fA-F]+")


def _place(item: Any) -> tuple[str, int, int, int]:
    location = getattr(item, "location", None)
    if location is None and dataclasses.is_dataclass(item):
        # An object without a place of its own is where its first located value is.
        for f in dataclasses.fields(item):
            location = getattr(getattr(item, f.name, None), "location", None)
            if isinstance(location, Location):
                break
    position = getattr(item, "position", 0)
    position = position if isinstance(position, int) else 0
    if isinstance(location, Location):
        return (location.path, location.line, location.column, position)
    path = getattr(item, "path", "")
    line = getattr(item, "line", 0)
    return (
        path if isinstance(path, str) else "",
        line if isinstance(line, int) else 0,
        0,
        position,
    )


def _content(item: Any) -> str:
    try:
        return _ADDRESS.sub("", repr(item))
    except (RecursionError, ValueError):  # a hostile file's deeply nested value
        return type(item).__name__


def _in_order(items: list[Any]) -> None:
    """Sort by place (stable), then objects at the same place by their content."""
    keyed = sorted(((_place(item), n) for n, item in enumerate(items)))
    ordered = [items[n] for _place_key, n in keyed]
    start = 0
    while start < len(keyed):
        end = start + 1
        while end < len(keyed) and keyed[end][0] == keyed[start][0]:
            end += 1
        if end - start > 1:
            ordered[start:end] = sorted(ordered[start:end], key=_content)
        start = end
    items[:] = ordered


# -- The kinds of the model -------------------------------------------------------------------
# A rule's subject is one of these: an endpoint, the whole model, or a published kind. The
# objects that only some sources publish are defined in modules of their own, imported when a
# source builds one or something asks for the class (``from tlslint.model import Issuer``).

ENDPOINTS: Kind[Endpoint] = Kind("endpoint", Endpoint)
MODEL: Kind[Model] = Kind("model", Model)
CERTIFICATES: Kind[Certificate] = Kind("certificates", "tlslint.model.certificates:Certificate")
PRIVATE_KEYS: Kind[PrivateKey] = Kind("private_keys", "tlslint.model.certificates:PrivateKey")
EMBEDDED_PEM: Kind[EmbeddedPem] = Kind("embedded_pem", "tlslint.model.certificates:EmbeddedPem")
CERTIFICATE_NAMES: Kind[CertificateNames] = Kind(
    "certificate_names", "tlslint.model.certificates:CertificateNames"
)
# Cloud (Terraform source): tlslint.model.cloud.
MANAGED_TLS_POLICIES: Kind[ManagedTlsPolicy] = Kind(
    "managed_tls_policies", "tlslint.model.cloud:ManagedTlsPolicy"
)
TLS_REQUIREMENTS: Kind[TlsRequirement] = Kind(
    "tls_requirements", "tlslint.model.cloud:TlsRequirement"
)
CLOUD_CERTIFICATE_KEYS: Kind[CloudCertificateKey] = Kind(
    "cloud_certificate_keys", "tlslint.model.cloud:CloudCertificateKey"
)
# Kubernetes: tlslint.model.kubernetes.
MANAGED_CERTIFICATES: Kind[ManagedCertificate] = Kind(
    "managed_certificates", "tlslint.model.kubernetes:ManagedCertificate"
)
ISSUERS: Kind[Issuer] = Kind("issuers", "tlslint.model.kubernetes:Issuer")
INGRESS_HOSTS: Kind[IngressHost] = Kind("ingress_hosts", "tlslint.model.kubernetes:IngressHost")
MESH_POLICIES: Kind[MeshPolicy] = Kind("mesh_policies", "tlslint.model.kubernetes:MeshPolicy")
# Reference key ("secret:ns/name") -> whether the certificate names an OCSP responder.
CERTIFICATE_OCSP_BY_KEY: Kind[dict[str, bool]] = Kind("certificate_ocsp_by_key", dict)
# Reference keys of Secrets that hold TLS material ("secret:ns/name").
TLS_SECRETS: Kind[str] = Kind("tls_secrets", str)
# Certificate rotation (Kubernetes workloads, certbot / acme.sh): tlslint.model.rotation.
SECRET_CONSUMERS: Kind[SecretConsumer] = Kind(
    "secret_consumers", "tlslint.model.rotation:SecretConsumer"
)
RENEWALS: Kind[Renewal] = Kind("renewals", "tlslint.model.rotation:Renewal")
SERVED_CERTIFICATES: Kind[ServedCertificate] = Kind(
    "served_certificates", "tlslint.model.rotation:ServedCertificate"
)
# Issuing policies (Vault PKI roles, CFSSL profiles, cert-manager issuers): tlslint.model.issuing.
ISSUING_POLICIES: Kind[IssuingPolicy] = Kind(
    "issuing_policies", "tlslint.model.issuing:IssuingPolicy"
)

# Where the classes defined outside this module live (see :func:`__getattr__`).
_ELSEWHERE = {
    "Certificate": "certificates",
    "PrivateKey": "certificates",
    "EmbeddedPem": "certificates",
    "CertificateNames": "certificates",
    "ManagedTlsPolicy": "cloud",
    "TlsRequirement": "cloud",
    "CloudCertificateKey": "cloud",
    "IssuerRef": "kubernetes",
    "ManagedCertificate": "kubernetes",
    "Issuer": "kubernetes",
    "IngressHost": "kubernetes",
    "MeshPolicy": "kubernetes",
}


def __getattr__(name: str) -> Any:
    """``tlslint.model.Certificate``, ``tlslint.model.Issuer`` and the other classes defined in
    ``certificates``, ``cloud`` and ``kubernetes``, imported on first use (PEP 562)."""
    module = _ELSEWHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
