"""OpenSSL cipher strings: the suite table and an evaluator mirroring ``ssl_ciph.c``.

nginx ``ssl_ciphers``, ingress-nginx ``ssl-ciphers``, HAProxy ``ciphers`` and many other knobs take
an OpenSSL cipher-list string such as ``HIGH:!aNULL:!MD5``. To judge such a string, the linter
has to know exactly which TLS <= 1.2 suites it enables, in which order, *including* suites that
the OpenSSL build running the linter no longer ships: OpenSSL 3 drops RC4, 3DES, IDEA, SEED and
GOST suites at build or provider level, and 1.1.0 deleted single DES, export-grade and static
DH/ECDH suites altogether. A server built against another OpenSSL may still enable them, and a
config that names them is worth flagging. Asking the runtime ``ssl`` module or ``openssl`` binary
would silently lose exactly the suites we most need to see, so this module carries its own
table (generated once from ``openssl ciphers -V`` of OpenSSL 3.0 plus the legacy suites of
OpenSSL 1.0.2/1.1.1 ``s3_lib.c``) and its own evaluator, a port of ``ssl_cipher_process_rulestr``
and ``ssl_create_cipher_list`` from OpenSSL 1.1.1/3.x.

Semantics worth knowing (all as in OpenSSL unless noted):

* Names are case-sensitive (``high`` is not ``HIGH``); separators are ``:`` ``,`` ``;`` and space.
  Other whitespace (a trailing newline, a tab) is not a separator and surfaces as an unknown
  token, as OpenSSL rejects it.
* Legacy aliases keep their OpenSSL 1.0.2 meaning for the legacy suites only: ``DH`` and ``ECDH``
  also select static DH/ECDH suites, ``EXPORT``/``EXP``/``EXPORT40``/``EXPORT56``, ``DES``,
  ``KRB5``, ``kDHr`` ... still work, and ``SSLv2`` is accepted but selects nothing. For every suite
  that OpenSSL 3 still has, this gives exactly the OpenSSL 3 result.
* IANA names (``TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256``) are accepted as exact suite names, as
  newer OpenSSL releases do (3.0 itself ignores them). TLS 1.3 suite names are *not* accepted in
  a cipher string (OpenSSL configures those separately) and are reported as unknown.
* Syntax errors that make OpenSSL reject the whole list (``!!X``, ``A+``, ``@SECLEVEL=9``) are
  reported as unknown tokens; the rest of the string is still evaluated.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

__all__ = [
    "CIPHERS",  # noqa: F822 - provided lazily by the module __getattr__
    "TLS13_SUITES",
    "Cipher",
    "Expansion",
    "available",
    "expand",
    "expand_for",
    "lookup",
    "weakness",
]


@dataclass(frozen=True)
class Cipher:
    """One cipher suite, described with OpenSSL's vocabulary."""

    openssl: str
    iana: str
    code: int
    kx: str
    auth: str
    enc: str
    bits: int
    mac: str
    protocol: str
    export: bool = False

    @property
    def forward_secret(self) -> bool:
        """True for ephemeral key exchange (and every TLS 1.3 suite)."""
        return self.kx in _EPHEMERAL_KX

    @property
    def aead(self) -> bool:
        return self.mac == "AEAD"

    @property
    def anonymous(self) -> bool:
        """True for unauthenticated (aNULL) suites such as ``ADH-*`` and ``AECDH-*``."""
        return self.auth == "NULL"


_EPHEMERAL_KX = frozenset({"DHE", "ECDHE", "DHEPSK", "ECDHEPSK", "ANY"})


@dataclass(frozen=True)
class Expansion:
    """The result of evaluating a cipher string.

    ``suites`` are the enabled TLS <= 1.2 suites in OpenSSL's order. ``unknown`` lists, in order
    of first appearance, the names that matched no alias and no suite, as written but without
    their ``!``/``-``/``+`` prefix (for ``ECDHE+AESGMC`` just ``AESGMC``), and whole entries that
    OpenSSL would reject as syntax errors (``!!AES``, ``AES+``, ``@SECLEVEL=9``, ``foo/bar``).
    ``seclevel`` comes from the last valid ``@SECLEVEL=n``.
    """

    suites: tuple[Cipher, ...]
    unknown: tuple[str, ...]
    seclevel: int | None


# --------------------------------------------------------------------------------------------
# Bit masks, one bit per algorithm, as in OpenSSL's ssl_local.h (plus the 1.0.2-only ones).


def _bits(names: str) -> dict[str, int]:
    """``"A B C"`` -> ``{"A": 1, "B": 2, "C": 4}``."""
    return {name: 1 << i for i, name in enumerate(names.split())}


def _pairs(text: str) -> dict[str, str]:
    """``"a=x b=y"`` -> ``{"a": "x", "b": "y"}``."""
    return dict(item.split("=", 1) for item in text.split())


_MKEY = _bits(
    "kRSA kDHE kECDHE kPSK kGOST kSRP kRSAPSK kECDHEPSK kDHEPSK kGOST18"
    " kDHr kDHd kECDHr kECDHe kKRB5"
)
_AUTH = _bits("aRSA aDSS aNULL aECDSA aPSK aGOST01 aSRP aGOST12 aDH aECDH aKRB5")
_ENC = _bits(
    "DES 3DES RC4 RC2 IDEA eNULL AES128 AES256 CAMELLIA128 CAMELLIA256 GOST89 SEED"
    " AES128GCM AES256GCM AES128CCM AES256CCM AES128CCM8 AES256CCM8 GOST89_12"
    " CHACHA20POLY1305 ARIA128GCM ARIA256GCM MAGMA KUZNYECHIK"
)
_MAC = _bits(
    "MD5 SHA1 GOST94 GOST89MAC SHA256 SHA384 AEAD GOST12_256 GOST89MAC12 GOST12_512"
    " MAGMAOMAC KUZNYECHIKOMAC"
)
# algo_strength: the "strong" class bits (1.0.2 also kept EXP40/EXP56 here), the 1.0.2 export
# bits, and the NOT_DEFAULT bit. Each group is intersected separately, as OpenSSL does.
_STRONG = _bits("NONE LOW MEDIUM HIGH FIPS EXP40 EXP56")
_EXP = _bits("NOT_EXP EXPORT")
_NOT_DEFAULT = 1

_PROTOCOL_VERSION = {"SSLv3": 0x0300, "TLSv1": 0x0301, "TLSv1.2": 0x0303}

# Internal algorithm name -> public Cipher field value.
_KX_NAME = _pairs(
    "kRSA=RSA kDHE=DHE kECDHE=ECDHE kPSK=PSK kGOST=GOST kSRP=SRP kRSAPSK=RSAPSK"
    " kECDHEPSK=ECDHEPSK kDHEPSK=DHEPSK kGOST18=GOST kDHr=DH kDHd=DH kECDHr=ECDH kECDHe=ECDH"
    " kKRB5=KRB5"
)
# Public name, then the internal bits. Static DH/ECDH suites authenticate with the signature
# algorithm of their certificate (hence "RSA"/"DSS"/"ECDSA"), but OpenSSL 1.0.2 gave them
# their own aDH/aECDH bits, which is what aliases such as aRSA test. GOST 2012 suites carry
# both GOST bits, as in OpenSSL.
_AUTH_NAME = {
    "aRSA": ("RSA", "aRSA"),
    "aDSS": ("DSS", "aDSS"),
    "aNULL": ("NULL", "aNULL"),
    "aECDSA": ("ECDSA", "aECDSA"),
    "aPSK": ("PSK", "aPSK"),
    "aSRP": ("SRP", "aSRP"),
    "aGOST01": ("GOST", "aGOST01"),
    "aGOST12": ("GOST", "aGOST12 aGOST01"),
    "aKRB5": ("KRB5", "aKRB5"),
    "aDH_RSA": ("RSA", "aDH"),
    "aDH_DSS": ("DSS", "aDH"),
    "aECDH_RSA": ("RSA", "aECDH"),
    "aECDH_ECDSA": ("ECDSA", "aECDH"),
}
_ENC_NAME = _pairs(
    "DES=DES 3DES=3DES RC4=RC4 RC2=RC2 IDEA=IDEA eNULL=NULL AES128=AES AES256=AES"
    " CAMELLIA128=CAMELLIA CAMELLIA256=CAMELLIA GOST89=GOST SEED=SEED AES128GCM=AESGCM"
    " AES256GCM=AESGCM AES128CCM=AESCCM AES256CCM=AESCCM AES128CCM8=AESCCM8 AES256CCM8=AESCCM8"
    " GOST89_12=GOST CHACHA20POLY1305=CHACHA20 ARIA128GCM=ARIAGCM ARIA256GCM=ARIAGCM"
    " MAGMA=GOST KUZNYECHIK=GOST"
)
_MAC_NAME = _pairs(
    "MD5=MD5 SHA1=SHA1 SHA256=SHA256 SHA384=SHA384 AEAD=AEAD GOST94=GOST GOST89MAC=GOST"
    " GOST12_256=GOST GOST89MAC12=GOST GOST12_512=GOST MAGMAOMAC=GOST KUZNYECHIKOMAC=GOST"
)

# --------------------------------------------------------------------------------------------
# The table. One entry per TLS <= 1.2 suite, sorted by code point:
#   (OpenSSL name, IANA name,
#    code, key exchange, authentication, encryption, MAC, minimum protocol, strength bits, flags)
# Algorithm names are OpenSSL's internal ones (ssl_local.h). Flags: the strength class
# (NONE/LOW/MEDIUM/HIGH, EXP40 for export-grade), FIPS, and ND (= OpenSSL's SSL_NOT_DEFAULT,
# i.e. selected by COMPLEMENTOFDEFAULT and so not in DEFAULT).
# Suites present in OpenSSL 3.0 were generated from `openssl ciphers -stdname -V
# 'ALL:COMPLEMENTOFALL'` plus probes of HIGH/MEDIUM/LOW/FIPS/COMPLEMENTOFDEFAULT. The others come
# from OpenSSL 1.1.1 s3_lib.c (RC4, 3DES, IDEA, SEED, GOST) and 1.0.2 (single DES, export,
# static DH/ECDH, Kerberos), with 1.1.1 strength classes (3DES is MEDIUM) and, for 1.0.2-only
# suites, ND so that DEFAULT keeps its OpenSSL 3 meaning.

_Row = tuple[str, str, int, str, str, str, str, str, int, str]

# fmt: off
_TABLE: tuple[_Row, ...] = (
    ("NULL-MD5", "TLS_RSA_WITH_NULL_MD5",
        0x0001, "kRSA", "aRSA", "eNULL", "MD5", "SSLv3", 0, "NONE"),
    ("NULL-SHA", "TLS_RSA_WITH_NULL_SHA",
        0x0002, "kRSA", "aRSA", "eNULL", "SHA1", "SSLv3", 0, "NONE FIPS"),
    ("EXP-RC4-MD5", "TLS_RSA_EXPORT_WITH_RC4_40_MD5",
        0x0003, "kRSA", "aRSA", "RC4", "MD5", "SSLv3", 40, "EXP40 ND"),
    ("RC4-MD5", "TLS_RSA_WITH_RC4_128_MD5",
        0x0004, "kRSA", "aRSA", "RC4", "MD5", "SSLv3", 128, "MEDIUM ND"),
    ("RC4-SHA", "TLS_RSA_WITH_RC4_128_SHA",
        0x0005, "kRSA", "aRSA", "RC4", "SHA1", "SSLv3", 128, "MEDIUM ND"),
    ("EXP-RC2-CBC-MD5", "TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5",
        0x0006, "kRSA", "aRSA", "RC2", "MD5", "SSLv3", 40, "EXP40 ND"),
    ("IDEA-CBC-SHA", "TLS_RSA_WITH_IDEA_CBC_SHA",
        0x0007, "kRSA", "aRSA", "IDEA", "SHA1", "SSLv3", 128, "MEDIUM ND"),
    ("EXP-DES-CBC-SHA", "TLS_RSA_EXPORT_WITH_DES40_CBC_SHA",
        0x0008, "kRSA", "aRSA", "DES", "SHA1", "SSLv3", 40, "EXP40 ND"),
    ("DES-CBC-SHA", "TLS_RSA_WITH_DES_CBC_SHA",
        0x0009, "kRSA", "aRSA", "DES", "SHA1", "SSLv3", 56, "LOW ND"),
    ("DES-CBC3-SHA", "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
        0x000A, "kRSA", "aRSA", "3DES", "SHA1", "SSLv3", 112, "MEDIUM FIPS ND"),
    ("EXP-DH-DSS-DES-CBC-SHA", "TLS_DH_DSS_EXPORT_WITH_DES40_CBC_SHA",
        0x000B, "kDHd", "aDH_DSS", "DES", "SHA1", "SSLv3", 40, "EXP40 ND"),
    ("DH-DSS-DES-CBC-SHA", "TLS_DH_DSS_WITH_DES_CBC_SHA",
        0x000C, "kDHd", "aDH_DSS", "DES", "SHA1", "SSLv3", 56, "LOW ND"),
    ("DH-DSS-DES-CBC3-SHA", "TLS_DH_DSS_WITH_3DES_EDE_CBC_SHA",
        0x000D, "kDHd", "aDH_DSS", "3DES", "SHA1", "SSLv3", 112, "MEDIUM FIPS ND"),
    ("EXP-DH-RSA-DES-CBC-SHA", "TLS_DH_RSA_EXPORT_WITH_DES40_CBC_SHA",
        0x000E, "kDHr", "aDH_RSA", "DES", "SHA1", "SSLv3", 40, "EXP40 ND"),
    ("DH-RSA-DES-CBC-SHA", "TLS_DH_RSA_WITH_DES_CBC_SHA",
        0x000F, "kDHr", "aDH_RSA", "DES", "SHA1", "SSLv3", 56, "LOW ND"),
    ("DH-RSA-DES-CBC3-SHA", "TLS_DH_RSA_WITH_3DES_EDE_CBC_SHA",
        0x0010, "kDHr", "aDH_RSA", "3DES", "SHA1", "SSLv3", 112, "MEDIUM FIPS ND"),
    ("EXP-EDH-DSS-DES-CBC-SHA", "TLS_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA",
        0x0011, "kDHE", "aDSS", "DES", "SHA1", "SSLv3", 40, "EXP40 ND"),
    ("EDH-DSS-DES-CBC-SHA", "TLS_DHE_DSS_WITH_DES_CBC_SHA",
        0x0012, "kDHE", "aDSS", "DES", "SHA1", "SSLv3", 56, "LOW ND"),
    ("DHE-DSS-DES-CBC3-SHA", "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA",
        0x0013, "kDHE", "aDSS", "3DES", "SHA1", "SSLv3", 112, "MEDIUM FIPS ND"),
    ("EXP-EDH-RSA-DES-CBC-SHA", "TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA",
        0x0014, "kDHE", "aRSA", "DES", "SHA1", "SSLv3", 40, "EXP40 ND"),
    ("EDH-RSA-DES-CBC-SHA", "TLS_DHE_RSA_WITH_DES_CBC_SHA",
        0x0015, "kDHE", "aRSA", "DES", "SHA1", "SSLv3", 56, "LOW ND"),
    ("DHE-RSA-DES-CBC3-SHA", "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA",
        0x0016, "kDHE", "aRSA", "3DES", "SHA1", "SSLv3", 112, "MEDIUM FIPS ND"),
    ("EXP-ADH-RC4-MD5", "TLS_DH_anon_EXPORT_WITH_RC4_40_MD5",
        0x0017, "kDHE", "aNULL", "RC4", "MD5", "SSLv3", 40, "EXP40 ND"),
    ("ADH-RC4-MD5", "TLS_DH_anon_WITH_RC4_128_MD5",
        0x0018, "kDHE", "aNULL", "RC4", "MD5", "SSLv3", 128, "MEDIUM ND"),
    ("EXP-ADH-DES-CBC-SHA", "TLS_DH_anon_EXPORT_WITH_DES40_CBC_SHA",
        0x0019, "kDHE", "aNULL", "DES", "SHA1", "SSLv3", 40, "EXP40 ND"),
    ("ADH-DES-CBC-SHA", "TLS_DH_anon_WITH_DES_CBC_SHA",
        0x001A, "kDHE", "aNULL", "DES", "SHA1", "SSLv3", 56, "LOW ND"),
    ("ADH-DES-CBC3-SHA", "TLS_DH_anon_WITH_3DES_EDE_CBC_SHA",
        0x001B, "kDHE", "aNULL", "3DES", "SHA1", "SSLv3", 112, "MEDIUM FIPS ND"),
    ("KRB5-DES-CBC-SHA", "TLS_KRB5_WITH_DES_CBC_SHA",
        0x001E, "kKRB5", "aKRB5", "DES", "SHA1", "SSLv3", 56, "LOW ND"),
    ("KRB5-DES-CBC3-SHA", "TLS_KRB5_WITH_3DES_EDE_CBC_SHA",
        0x001F, "kKRB5", "aKRB5", "3DES", "SHA1", "SSLv3", 112, "MEDIUM ND"),
    ("KRB5-RC4-SHA", "TLS_KRB5_WITH_RC4_128_SHA",
        0x0020, "kKRB5", "aKRB5", "RC4", "SHA1", "SSLv3", 128, "MEDIUM ND"),
    ("KRB5-IDEA-CBC-SHA", "TLS_KRB5_WITH_IDEA_CBC_SHA",
        0x0021, "kKRB5", "aKRB5", "IDEA", "SHA1", "SSLv3", 128, "MEDIUM ND"),
    ("KRB5-DES-CBC-MD5", "TLS_KRB5_WITH_DES_CBC_MD5",
        0x0022, "kKRB5", "aKRB5", "DES", "MD5", "SSLv3", 56, "LOW ND"),
    ("KRB5-DES-CBC3-MD5", "TLS_KRB5_WITH_3DES_EDE_CBC_MD5",
        0x0023, "kKRB5", "aKRB5", "3DES", "MD5", "SSLv3", 112, "MEDIUM ND"),
    ("KRB5-RC4-MD5", "TLS_KRB5_WITH_RC4_128_MD5",
        0x0024, "kKRB5", "aKRB5", "RC4", "MD5", "SSLv3", 128, "MEDIUM ND"),
    ("KRB5-IDEA-CBC-MD5", "TLS_KRB5_WITH_IDEA_CBC_MD5",
        0x0025, "kKRB5", "aKRB5", "IDEA", "MD5", "SSLv3", 128, "MEDIUM ND"),
    ("EXP-KRB5-DES-CBC-SHA", "TLS_KRB5_EXPORT_WITH_DES_CBC_40_SHA",
        0x0026, "kKRB5", "aKRB5", "DES", "SHA1", "SSLv3", 40, "EXP40 ND"),
    ("EXP-KRB5-RC2-CBC-SHA", "TLS_KRB5_EXPORT_WITH_RC2_CBC_40_SHA",
        0x0027, "kKRB5", "aKRB5", "RC2", "SHA1", "SSLv3", 40, "EXP40 ND"),
    ("EXP-KRB5-RC4-SHA", "TLS_KRB5_EXPORT_WITH_RC4_40_SHA",
        0x0028, "kKRB5", "aKRB5", "RC4", "SHA1", "SSLv3", 40, "EXP40 ND"),
    ("EXP-KRB5-DES-CBC-MD5", "TLS_KRB5_EXPORT_WITH_DES_CBC_40_MD5",
        0x0029, "kKRB5", "aKRB5", "DES", "MD5", "SSLv3", 40, "EXP40 ND"),
    ("EXP-KRB5-RC2-CBC-MD5", "TLS_KRB5_EXPORT_WITH_RC2_CBC_40_MD5",
        0x002A, "kKRB5", "aKRB5", "RC2", "MD5", "SSLv3", 40, "EXP40 ND"),
    ("EXP-KRB5-RC4-MD5", "TLS_KRB5_EXPORT_WITH_RC4_40_MD5",
        0x002B, "kKRB5", "aKRB5", "RC4", "MD5", "SSLv3", 40, "EXP40 ND"),
    ("PSK-NULL-SHA", "TLS_PSK_WITH_NULL_SHA",
        0x002C, "kPSK", "aPSK", "eNULL", "SHA1", "SSLv3", 0, "NONE FIPS"),
    ("DHE-PSK-NULL-SHA", "TLS_DHE_PSK_WITH_NULL_SHA",
        0x002D, "kDHEPSK", "aPSK", "eNULL", "SHA1", "SSLv3", 0, "NONE FIPS"),
    ("RSA-PSK-NULL-SHA", "TLS_RSA_PSK_WITH_NULL_SHA",
        0x002E, "kRSAPSK", "aRSA", "eNULL", "SHA1", "SSLv3", 0, "NONE FIPS"),
    ("AES128-SHA", "TLS_RSA_WITH_AES_128_CBC_SHA",
        0x002F, "kRSA", "aRSA", "AES128", "SHA1", "SSLv3", 128, "HIGH FIPS"),
    ("DH-DSS-AES128-SHA", "TLS_DH_DSS_WITH_AES_128_CBC_SHA",
        0x0030, "kDHd", "aDH_DSS", "AES128", "SHA1", "SSLv3", 128, "HIGH FIPS ND"),
    ("DH-RSA-AES128-SHA", "TLS_DH_RSA_WITH_AES_128_CBC_SHA",
        0x0031, "kDHr", "aDH_RSA", "AES128", "SHA1", "SSLv3", 128, "HIGH FIPS ND"),
    ("DHE-DSS-AES128-SHA", "TLS_DHE_DSS_WITH_AES_128_CBC_SHA",
        0x0032, "kDHE", "aDSS", "AES128", "SHA1", "SSLv3", 128, "HIGH FIPS ND"),
    ("DHE-RSA-AES128-SHA", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA",
        0x0033, "kDHE", "aRSA", "AES128", "SHA1", "SSLv3", 128, "HIGH FIPS"),
    ("ADH-AES128-SHA", "TLS_DH_anon_WITH_AES_128_CBC_SHA",
        0x0034, "kDHE", "aNULL", "AES128", "SHA1", "SSLv3", 128, "HIGH FIPS ND"),
    ("AES256-SHA", "TLS_RSA_WITH_AES_256_CBC_SHA",
        0x0035, "kRSA", "aRSA", "AES256", "SHA1", "SSLv3", 256, "HIGH FIPS"),
    ("DH-DSS-AES256-SHA", "TLS_DH_DSS_WITH_AES_256_CBC_SHA",
        0x0036, "kDHd", "aDH_DSS", "AES256", "SHA1", "SSLv3", 256, "HIGH FIPS ND"),
    ("DH-RSA-AES256-SHA", "TLS_DH_RSA_WITH_AES_256_CBC_SHA",
        0x0037, "kDHr", "aDH_RSA", "AES256", "SHA1", "SSLv3", 256, "HIGH FIPS ND"),
    ("DHE-DSS-AES256-SHA", "TLS_DHE_DSS_WITH_AES_256_CBC_SHA",
        0x0038, "kDHE", "aDSS", "AES256", "SHA1", "SSLv3", 256, "HIGH FIPS ND"),
    ("DHE-RSA-AES256-SHA", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA",
        0x0039, "kDHE", "aRSA", "AES256", "SHA1", "SSLv3", 256, "HIGH FIPS"),
    ("ADH-AES256-SHA", "TLS_DH_anon_WITH_AES_256_CBC_SHA",
        0x003A, "kDHE", "aNULL", "AES256", "SHA1", "SSLv3", 256, "HIGH FIPS ND"),
    ("NULL-SHA256", "TLS_RSA_WITH_NULL_SHA256",
        0x003B, "kRSA", "aRSA", "eNULL", "SHA256", "TLSv1.2", 0, "NONE FIPS"),
    ("AES128-SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA256",
        0x003C, "kRSA", "aRSA", "AES128", "SHA256", "TLSv1.2", 128, "HIGH FIPS"),
    ("AES256-SHA256", "TLS_RSA_WITH_AES_256_CBC_SHA256",
        0x003D, "kRSA", "aRSA", "AES256", "SHA256", "TLSv1.2", 256, "HIGH FIPS"),
    ("DH-DSS-AES128-SHA256", "TLS_DH_DSS_WITH_AES_128_CBC_SHA256",
        0x003E, "kDHd", "aDH_DSS", "AES128", "SHA256", "TLSv1.2", 128, "HIGH FIPS ND"),
    ("DH-RSA-AES128-SHA256", "TLS_DH_RSA_WITH_AES_128_CBC_SHA256",
        0x003F, "kDHr", "aDH_RSA", "AES128", "SHA256", "TLSv1.2", 128, "HIGH FIPS ND"),
    ("DHE-DSS-AES128-SHA256", "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256",
        0x0040, "kDHE", "aDSS", "AES128", "SHA256", "TLSv1.2", 128, "HIGH FIPS ND"),
    ("CAMELLIA128-SHA", "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA",
        0x0041, "kRSA", "aRSA", "CAMELLIA128", "SHA1", "SSLv3", 128, "HIGH ND"),
    ("DH-DSS-CAMELLIA128-SHA", "TLS_DH_DSS_WITH_CAMELLIA_128_CBC_SHA",
        0x0042, "kDHd", "aDH_DSS", "CAMELLIA128", "SHA1", "SSLv3", 128, "HIGH ND"),
    ("DH-RSA-CAMELLIA128-SHA", "TLS_DH_RSA_WITH_CAMELLIA_128_CBC_SHA",
        0x0043, "kDHr", "aDH_RSA", "CAMELLIA128", "SHA1", "SSLv3", 128, "HIGH ND"),
    ("DHE-DSS-CAMELLIA128-SHA", "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA",
        0x0044, "kDHE", "aDSS", "CAMELLIA128", "SHA1", "SSLv3", 128, "HIGH ND"),
    ("DHE-RSA-CAMELLIA128-SHA", "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA",
        0x0045, "kDHE", "aRSA", "CAMELLIA128", "SHA1", "SSLv3", 128, "HIGH ND"),
    ("ADH-CAMELLIA128-SHA", "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA",
        0x0046, "kDHE", "aNULL", "CAMELLIA128", "SHA1", "SSLv3", 128, "HIGH ND"),
    ("DHE-RSA-AES128-SHA256", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256",
        0x0067, "kDHE", "aRSA", "AES128", "SHA256", "TLSv1.2", 128, "HIGH FIPS"),
    ("DH-DSS-AES256-SHA256", "TLS_DH_DSS_WITH_AES_256_CBC_SHA256",
        0x0068, "kDHd", "aDH_DSS", "AES256", "SHA256", "TLSv1.2", 256, "HIGH FIPS ND"),
    ("DH-RSA-AES256-SHA256", "TLS_DH_RSA_WITH_AES_256_CBC_SHA256",
        0x0069, "kDHr", "aDH_RSA", "AES256", "SHA256", "TLSv1.2", 256, "HIGH FIPS ND"),
    ("DHE-DSS-AES256-SHA256", "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256",
        0x006A, "kDHE", "aDSS", "AES256", "SHA256", "TLSv1.2", 256, "HIGH FIPS ND"),
    ("DHE-RSA-AES256-SHA256", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256",
        0x006B, "kDHE", "aRSA", "AES256", "SHA256", "TLSv1.2", 256, "HIGH FIPS"),
    ("ADH-AES128-SHA256", "TLS_DH_anon_WITH_AES_128_CBC_SHA256",
        0x006C, "kDHE", "aNULL", "AES128", "SHA256", "TLSv1.2", 128, "HIGH FIPS ND"),
    ("ADH-AES256-SHA256", "TLS_DH_anon_WITH_AES_256_CBC_SHA256",
        0x006D, "kDHE", "aNULL", "AES256", "SHA256", "TLSv1.2", 256, "HIGH FIPS ND"),
    ("GOST2001-GOST89-GOST89", "TLS_GOSTR341001_WITH_28147_CNT_IMIT",
        0x0081, "kGOST", "aGOST01", "GOST89", "GOST89MAC", "TLSv1", 256, "HIGH"),
    ("GOST2001-NULL-GOST94", "TLS_GOSTR341001_WITH_NULL_GOSTR3411",
        0x0083, "kGOST", "aGOST01", "eNULL", "GOST94", "TLSv1", 0, "NONE"),
    ("CAMELLIA256-SHA", "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA",
        0x0084, "kRSA", "aRSA", "CAMELLIA256", "SHA1", "SSLv3", 256, "HIGH ND"),
    ("DH-DSS-CAMELLIA256-SHA", "TLS_DH_DSS_WITH_CAMELLIA_256_CBC_SHA",
        0x0085, "kDHd", "aDH_DSS", "CAMELLIA256", "SHA1", "SSLv3", 256, "HIGH ND"),
    ("DH-RSA-CAMELLIA256-SHA", "TLS_DH_RSA_WITH_CAMELLIA_256_CBC_SHA",
        0x0086, "kDHr", "aDH_RSA", "CAMELLIA256", "SHA1", "SSLv3", 256, "HIGH ND"),
    ("DHE-DSS-CAMELLIA256-SHA", "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA",
        0x0087, "kDHE", "aDSS", "CAMELLIA256", "SHA1", "SSLv3", 256, "HIGH ND"),
    ("DHE-RSA-CAMELLIA256-SHA", "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA",
        0x0088, "kDHE", "aRSA", "CAMELLIA256", "SHA1", "SSLv3", 256, "HIGH ND"),
    ("ADH-CAMELLIA256-SHA", "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA",
        0x0089, "kDHE", "aNULL", "CAMELLIA256", "SHA1", "SSLv3", 256, "HIGH ND"),
    ("PSK-RC4-SHA", "TLS_PSK_WITH_RC4_128_SHA",
        0x008A, "kPSK", "aPSK", "RC4", "SHA1", "SSLv3", 128, "MEDIUM ND"),
    ("PSK-3DES-EDE-CBC-SHA", "TLS_PSK_WITH_3DES_EDE_CBC_SHA",
        0x008B, "kPSK", "aPSK", "3DES", "SHA1", "SSLv3", 112, "MEDIUM FIPS ND"),
    ("PSK-AES128-CBC-SHA", "TLS_PSK_WITH_AES_128_CBC_SHA",
        0x008C, "kPSK", "aPSK", "AES128", "SHA1", "SSLv3", 128, "HIGH FIPS"),
    ("PSK-AES256-CBC-SHA", "TLS_PSK_WITH_AES_256_CBC_SHA",
        0x008D, "kPSK", "aPSK", "AES256", "SHA1", "SSLv3", 256, "HIGH FIPS"),
    ("DHE-PSK-RC4-SHA", "TLS_DHE_PSK_WITH_RC4_128_SHA",
        0x008E, "kDHEPSK", "aPSK", "RC4", "SHA1", "SSLv3", 128, "MEDIUM ND"),
    ("DHE-PSK-3DES-EDE-CBC-SHA", "TLS_DHE_PSK_WITH_3DES_EDE_CBC_SHA",
        0x008F, "kDHEPSK", "aPSK", "3DES", "SHA1", "SSLv3", 112, "MEDIUM FIPS ND"),
    ("DHE-PSK-AES128-CBC-SHA", "TLS_DHE_PSK_WITH_AES_128_CBC_SHA",
        0x0090, "kDHEPSK", "aPSK", "AES128", "SHA1", "SSLv3", 128, "HIGH FIPS"),
    ("DHE-PSK-AES256-CBC-SHA", "TLS_DHE_PSK_WITH_AES_256_CBC_SHA",
        0x0091, "kDHEPSK", "aPSK", "AES256", "SHA1", "SSLv3", 256, "HIGH FIPS"),
    ("RSA-PSK-RC4-SHA", "TLS_RSA_PSK_WITH_RC4_128_SHA",
        0x0092, "kRSAPSK", "aRSA", "RC4", "SHA1", "SSLv3", 128, "MEDIUM ND"),
    ("RSA-PSK-3DES-EDE-CBC-SHA", "TLS_RSA_PSK_WITH_3DES_EDE_CBC_SHA",
        0x0093, "kRSAPSK", "aRSA", "3DES", "SHA1", "SSLv3", 112, "MEDIUM FIPS ND"),
    ("RSA-PSK-AES128-CBC-SHA", "TLS_RSA_PSK_WITH_AES_128_CBC_SHA",
        0x0094, "kRSAPSK", "aRSA", "AES128", "SHA1", "SSLv3", 128, "HIGH FIPS"),
    ("RSA-PSK-AES256-CBC-SHA", "TLS_RSA_PSK_WITH_AES_256_CBC_SHA",
        0x0095, "kRSAPSK", "aRSA", "AES256", "SHA1", "SSLv3", 256, "HIGH FIPS"),
    ("SEED-SHA", "TLS_RSA_WITH_SEED_CBC_SHA",
        0x0096, "kRSA", "aRSA", "SEED", "SHA1", "SSLv3", 128, "MEDIUM ND"),
    ("DH-DSS-SEED-SHA", "TLS_DH_DSS_WITH_SEED_CBC_SHA",
        0x0097, "kDHd", "aDH_DSS", "SEED", "SHA1", "SSLv3", 128, "MEDIUM ND"),
    ("DH-RSA-SEED-SHA", "TLS_DH_RSA_WITH_SEED_CBC_SHA",
        0x0098, "kDHr", "aDH_RSA", "SEED", "SHA1", "SSLv3", 128, "MEDIUM ND"),
    ("DHE-DSS-SEED-SHA", "TLS_DHE_DSS_WITH_SEED_CBC_SHA",
        0x0099, "kDHE", "aDSS", "SEED", "SHA1", "SSLv3", 128, "MEDIUM ND"),
    ("DHE-RSA-SEED-SHA", "TLS_DHE_RSA_WITH_SEED_CBC_SHA",
        0x009A, "kDHE", "aRSA", "SEED", "SHA1", "SSLv3", 128, "MEDIUM ND"),
    ("ADH-SEED-SHA", "TLS_DH_anon_WITH_SEED_CBC_SHA",
        0x009B, "kDHE", "aNULL", "SEED", "SHA1", "SSLv3", 128, "MEDIUM ND"),
    ("AES128-GCM-SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256",
        0x009C, "kRSA", "aRSA", "AES128GCM", "AEAD", "TLSv1.2", 128, "HIGH FIPS"),
    ("AES256-GCM-SHA384", "TLS_RSA_WITH_AES_256_GCM_SHA384",
        0x009D, "kRSA", "aRSA", "AES256GCM", "AEAD", "TLSv1.2", 256, "HIGH FIPS"),
    ("DHE-RSA-AES128-GCM-SHA256", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
        0x009E, "kDHE", "aRSA", "AES128GCM", "AEAD", "TLSv1.2", 128, "HIGH FIPS"),
    ("DHE-RSA-AES256-GCM-SHA384", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
        0x009F, "kDHE", "aRSA", "AES256GCM", "AEAD", "TLSv1.2", 256, "HIGH FIPS"),
    ("DH-RSA-AES128-GCM-SHA256", "TLS_DH_RSA_WITH_AES_128_GCM_SHA256",
        0x00A0, "kDHr", "aDH_RSA", "AES128GCM", "AEAD", "TLSv1.2", 128, "HIGH FIPS ND"),
    ("DH-RSA-AES256-GCM-SHA384", "TLS_DH_RSA_WITH_AES_256_GCM_SHA384",
        0x00A1, "kDHr", "aDH_RSA", "AES256GCM", "AEAD", "TLSv1.2", 256, "HIGH FIPS ND"),
    ("DHE-DSS-AES128-GCM-SHA256", "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256",
        0x00A2, "kDHE", "aDSS", "AES128GCM", "AEAD", "TLSv1.2", 128, "HIGH FIPS ND"),
    ("DHE-DSS-AES256-GCM-SHA384", "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384",
        0x00A3, "kDHE", "aDSS", "AES256GCM", "AEAD", "TLSv1.2", 256, "HIGH FIPS ND"),
    ("DH-DSS-AES128-GCM-SHA256", "TLS_DH_DSS_WITH_AES_128_GCM_SHA256",
        0x00A4, "kDHd", "aDH_DSS", "AES128GCM", "AEAD", "TLSv1.2", 128, "HIGH FIPS ND"),
    ("DH-DSS-AES256-GCM-SHA384", "TLS_DH_DSS_WITH_AES_256_GCM_SHA384",
        0x00A5, "kDHd", "aDH_DSS", "AES256GCM", "AEAD", "TLSv1.2", 256, "HIGH FIPS ND"),
    ("ADH-AES128-GCM-SHA256", "TLS_DH_anon_WITH_AES_128_GCM_SHA256",
        0x00A6, "kDHE", "aNULL", "AES128GCM", "AEAD", "TLSv1.2", 128, "HIGH FIPS ND"),
    ("ADH-AES256-GCM-SHA384", "TLS_DH_anon_WITH_AES_256_GCM_SHA384",
        0x00A7, "kDHE", "aNULL", "AES256GCM", "AEAD", "TLSv1.2", 256, "HIGH FIPS ND"),
    ("PSK-AES128-GCM-SHA256", "TLS_PSK_WITH_AES_128_GCM_SHA256",
        0x00A8, "kPSK", "aPSK", "AES128GCM", "AEAD", "TLSv1.2", 128, "HIGH FIPS"),
    ("PSK-AES256-GCM-SHA384", "TLS_PSK_WITH_AES_256_GCM_SHA384",
        0x00A9, "kPSK", "aPSK", "AES256GCM", "AEAD", "TLSv1.2", 256, "HIGH FIPS"),
    ("DHE-PSK-AES128-GCM-SHA256", "TLS_DHE_PSK_WITH_AES_128_GCM_SHA256",
        0x00AA, "kDHEPSK", "aPSK", "AES128GCM", "AEAD", "TLSv1.2", 128, "HIGH FIPS"),
    ("DHE-PSK-AES256-GCM-SHA384", "TLS_DHE_PSK_WITH_AES_256_GCM_SHA384",
        0x00AB, "kDHEPSK", "aPSK", "AES256GCM", "AEAD", "TLSv1.2", 256, "HIGH FIPS"),
    ("RSA-PSK-AES128-GCM-SHA256", "TLS_RSA_PSK_WITH_AES_128_GCM_SHA256",
        0x00AC, "kRSAPSK", "aRSA", "AES128GCM", "AEAD", "TLSv1.2", 128, "HIGH FIPS"),
    ("RSA-PSK-AES256-GCM-SHA384", "TLS_RSA_PSK_WITH_AES_256_GCM_SHA384",
        0x00AD, "kRSAPSK", "aRSA", "AES256GCM", "AEAD", "TLSv1.2", 256, "HIGH FIPS"),
    ("PSK-AES128-CBC-SHA256", "TLS_PSK_WITH_AES_128_CBC_SHA256",
        0x00AE, "kPSK", "aPSK", "AES128", "SHA256", "TLSv1", 128, "HIGH FIPS"),
    ("PSK-AES256-CBC-SHA384", "TLS_PSK_WITH_AES_256_CBC_SHA384",
        0x00AF, "kPSK", "aPSK", "AES256", "SHA384", "TLSv1", 256, "HIGH FIPS"),
    ("PSK-NULL-SHA256", "TLS_PSK_WITH_NULL_SHA256",
        0x00B0, "kPSK", "aPSK", "eNULL", "SHA256", "TLSv1", 0, "NONE FIPS"),
    ("PSK-NULL-SHA384", "TLS_PSK_WITH_NULL_SHA384",
        0x00B1, "kPSK", "aPSK", "eNULL", "SHA384", "TLSv1", 0, "NONE FIPS"),
    ("DHE-PSK-AES128-CBC-SHA256", "TLS_DHE_PSK_WITH_AES_128_CBC_SHA256",
        0x00B2, "kDHEPSK", "aPSK", "AES128", "SHA256", "TLSv1", 128, "HIGH FIPS"),
    ("DHE-PSK-AES256-CBC-SHA384", "TLS_DHE_PSK_WITH_AES_256_CBC_SHA384",
        0x00B3, "kDHEPSK", "aPSK", "AES256", "SHA384", "TLSv1", 256, "HIGH FIPS"),
    ("DHE-PSK-NULL-SHA256", "TLS_DHE_PSK_WITH_NULL_SHA256",
        0x00B4, "kDHEPSK", "aPSK", "eNULL", "SHA256", "TLSv1", 0, "NONE FIPS"),
    ("DHE-PSK-NULL-SHA384", "TLS_DHE_PSK_WITH_NULL_SHA384",
        0x00B5, "kDHEPSK", "aPSK", "eNULL", "SHA384", "TLSv1", 0, "NONE FIPS"),
    ("RSA-PSK-AES128-CBC-SHA256", "TLS_RSA_PSK_WITH_AES_128_CBC_SHA256",
        0x00B6, "kRSAPSK", "aRSA", "AES128", "SHA256", "TLSv1", 128, "HIGH FIPS"),
    ("RSA-PSK-AES256-CBC-SHA384", "TLS_RSA_PSK_WITH_AES_256_CBC_SHA384",
        0x00B7, "kRSAPSK", "aRSA", "AES256", "SHA384", "TLSv1", 256, "HIGH FIPS"),
    ("RSA-PSK-NULL-SHA256", "TLS_RSA_PSK_WITH_NULL_SHA256",
        0x00B8, "kRSAPSK", "aRSA", "eNULL", "SHA256", "TLSv1", 0, "NONE FIPS"),
    ("RSA-PSK-NULL-SHA384", "TLS_RSA_PSK_WITH_NULL_SHA384",
        0x00B9, "kRSAPSK", "aRSA", "eNULL", "SHA384", "TLSv1", 0, "NONE FIPS"),
    ("CAMELLIA128-SHA256", "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA256",
        0x00BA, "kRSA", "aRSA", "CAMELLIA128", "SHA256", "TLSv1.2", 128, "HIGH ND"),
    ("DHE-DSS-CAMELLIA128-SHA256", "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA256",
        0x00BD, "kDHE", "aDSS", "CAMELLIA128", "SHA256", "TLSv1.2", 128, "HIGH ND"),
    ("DHE-RSA-CAMELLIA128-SHA256", "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256",
        0x00BE, "kDHE", "aRSA", "CAMELLIA128", "SHA256", "TLSv1.2", 128, "HIGH ND"),
    ("ADH-CAMELLIA128-SHA256", "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA256",
        0x00BF, "kDHE", "aNULL", "CAMELLIA128", "SHA256", "TLSv1.2", 128, "HIGH ND"),
    ("CAMELLIA256-SHA256", "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256",
        0x00C0, "kRSA", "aRSA", "CAMELLIA256", "SHA256", "TLSv1.2", 256, "HIGH ND"),
    ("DHE-DSS-CAMELLIA256-SHA256", "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA256",
        0x00C3, "kDHE", "aDSS", "CAMELLIA256", "SHA256", "TLSv1.2", 256, "HIGH ND"),
    ("DHE-RSA-CAMELLIA256-SHA256", "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256",
        0x00C4, "kDHE", "aRSA", "CAMELLIA256", "SHA256", "TLSv1.2", 256, "HIGH ND"),
    ("ADH-CAMELLIA256-SHA256", "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA256",
        0x00C5, "kDHE", "aNULL", "CAMELLIA256", "SHA256", "TLSv1.2", 256, "HIGH ND"),
    ("ECDH-ECDSA-NULL-SHA", "TLS_ECDH_ECDSA_WITH_NULL_SHA",
        0xC001, "kECDHe", "aECDH_ECDSA", "eNULL", "SHA1", "TLSv1", 0, "NONE FIPS ND"),
    ("ECDH-ECDSA-RC4-SHA", "TLS_ECDH_ECDSA_WITH_RC4_128_SHA",
        0xC002, "kECDHe", "aECDH_ECDSA", "RC4", "SHA1", "TLSv1", 128, "MEDIUM ND"),
    ("ECDH-ECDSA-DES-CBC3-SHA", "TLS_ECDH_ECDSA_WITH_3DES_EDE_CBC_SHA",
        0xC003, "kECDHe", "aECDH_ECDSA", "3DES", "SHA1", "TLSv1", 112, "MEDIUM FIPS ND"),
    ("ECDH-ECDSA-AES128-SHA", "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA",
        0xC004, "kECDHe", "aECDH_ECDSA", "AES128", "SHA1", "TLSv1", 128, "HIGH FIPS ND"),
    ("ECDH-ECDSA-AES256-SHA", "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA",
        0xC005, "kECDHe", "aECDH_ECDSA", "AES256", "SHA1", "TLSv1", 256, "HIGH FIPS ND"),
    ("ECDHE-ECDSA-NULL-SHA", "TLS_ECDHE_ECDSA_WITH_NULL_SHA",
        0xC006, "kECDHE", "aECDSA", "eNULL", "SHA1", "TLSv1", 0, "NONE FIPS"),
    ("ECDHE-ECDSA-RC4-SHA", "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA",
        0xC007, "kECDHE", "aECDSA", "RC4", "SHA1", "TLSv1", 128, "MEDIUM ND"),
    ("ECDHE-ECDSA-DES-CBC3-SHA", "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA",
        0xC008, "kECDHE", "aECDSA", "3DES", "SHA1", "TLSv1", 112, "MEDIUM FIPS ND"),
    ("ECDHE-ECDSA-AES128-SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
        0xC009, "kECDHE", "aECDSA", "AES128", "SHA1", "TLSv1", 128, "HIGH FIPS"),
    ("ECDHE-ECDSA-AES256-SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
        0xC00A, "kECDHE", "aECDSA", "AES256", "SHA1", "TLSv1", 256, "HIGH FIPS"),
    ("ECDH-RSA-NULL-SHA", "TLS_ECDH_RSA_WITH_NULL_SHA",
        0xC00B, "kECDHr", "aECDH_RSA", "eNULL", "SHA1", "TLSv1", 0, "NONE FIPS ND"),
    ("ECDH-RSA-RC4-SHA", "TLS_ECDH_RSA_WITH_RC4_128_SHA",
        0xC00C, "kECDHr", "aECDH_RSA", "RC4", "SHA1", "TLSv1", 128, "MEDIUM ND"),
    ("ECDH-RSA-DES-CBC3-SHA", "TLS_ECDH_RSA_WITH_3DES_EDE_CBC_SHA",
        0xC00D, "kECDHr", "aECDH_RSA", "3DES", "SHA1", "TLSv1", 112, "MEDIUM FIPS ND"),
    ("ECDH-RSA-AES128-SHA", "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA",
        0xC00E, "kECDHr", "aECDH_RSA", "AES128", "SHA1", "TLSv1", 128, "HIGH FIPS ND"),
    ("ECDH-RSA-AES256-SHA", "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA",
        0xC00F, "kECDHr", "aECDH_RSA", "AES256", "SHA1", "TLSv1", 256, "HIGH FIPS ND"),
    ("ECDHE-RSA-NULL-SHA", "TLS_ECDHE_RSA_WITH_NULL_SHA",
        0xC010, "kECDHE", "aRSA", "eNULL", "SHA1", "TLSv1", 0, "NONE FIPS"),
    ("ECDHE-RSA-RC4-SHA", "TLS_ECDHE_RSA_WITH_RC4_128_SHA",
        0xC011, "kECDHE", "aRSA", "RC4", "SHA1", "TLSv1", 128, "MEDIUM ND"),
    ("ECDHE-RSA-DES-CBC3-SHA", "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA",
        0xC012, "kECDHE", "aRSA", "3DES", "SHA1", "TLSv1", 112, "MEDIUM FIPS ND"),
    ("ECDHE-RSA-AES128-SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
        0xC013, "kECDHE", "aRSA", "AES128", "SHA1", "TLSv1", 128, "HIGH FIPS"),
    ("ECDHE-RSA-AES256-SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
        0xC014, "kECDHE", "aRSA", "AES256", "SHA1", "TLSv1", 256, "HIGH FIPS"),
    ("AECDH-NULL-SHA", "TLS_ECDH_anon_WITH_NULL_SHA",
        0xC015, "kECDHE", "aNULL", "eNULL", "SHA1", "TLSv1", 0, "NONE FIPS"),
    ("AECDH-RC4-SHA", "TLS_ECDH_anon_WITH_RC4_128_SHA",
        0xC016, "kECDHE", "aNULL", "RC4", "SHA1", "TLSv1", 128, "MEDIUM ND"),
    ("AECDH-DES-CBC3-SHA", "TLS_ECDH_anon_WITH_3DES_EDE_CBC_SHA",
        0xC017, "kECDHE", "aNULL", "3DES", "SHA1", "TLSv1", 112, "MEDIUM FIPS ND"),
    ("AECDH-AES128-SHA", "TLS_ECDH_anon_WITH_AES_128_CBC_SHA",
        0xC018, "kECDHE", "aNULL", "AES128", "SHA1", "TLSv1", 128, "HIGH FIPS ND"),
    ("AECDH-AES256-SHA", "TLS_ECDH_anon_WITH_AES_256_CBC_SHA",
        0xC019, "kECDHE", "aNULL", "AES256", "SHA1", "TLSv1", 256, "HIGH FIPS ND"),
    ("SRP-3DES-EDE-CBC-SHA", "TLS_SRP_SHA_WITH_3DES_EDE_CBC_SHA",
        0xC01A, "kSRP", "aSRP", "3DES", "SHA1", "SSLv3", 112, "MEDIUM ND"),
    ("SRP-RSA-3DES-EDE-CBC-SHA", "TLS_SRP_SHA_RSA_WITH_3DES_EDE_CBC_SHA",
        0xC01B, "kSRP", "aRSA", "3DES", "SHA1", "SSLv3", 112, "MEDIUM ND"),
    ("SRP-DSS-3DES-EDE-CBC-SHA", "TLS_SRP_SHA_DSS_WITH_3DES_EDE_CBC_SHA",
        0xC01C, "kSRP", "aDSS", "3DES", "SHA1", "SSLv3", 112, "MEDIUM ND"),
    ("SRP-AES-128-CBC-SHA", "TLS_SRP_SHA_WITH_AES_128_CBC_SHA",
        0xC01D, "kSRP", "aSRP", "AES128", "SHA1", "SSLv3", 128, "HIGH"),
    ("SRP-RSA-AES-128-CBC-SHA", "TLS_SRP_SHA_RSA_WITH_AES_128_CBC_SHA",
        0xC01E, "kSRP", "aRSA", "AES128", "SHA1", "SSLv3", 128, "HIGH"),
    ("SRP-DSS-AES-128-CBC-SHA", "TLS_SRP_SHA_DSS_WITH_AES_128_CBC_SHA",
        0xC01F, "kSRP", "aDSS", "AES128", "SHA1", "SSLv3", 128, "HIGH ND"),
    ("SRP-AES-256-CBC-SHA", "TLS_SRP_SHA_WITH_AES_256_CBC_SHA",
        0xC020, "kSRP", "aSRP", "AES256", "SHA1", "SSLv3", 256, "HIGH"),
    ("SRP-RSA-AES-256-CBC-SHA", "TLS_SRP_SHA_RSA_WITH_AES_256_CBC_SHA",
        0xC021, "kSRP", "aRSA", "AES256", "SHA1", "SSLv3", 256, "HIGH"),
    ("SRP-DSS-AES-256-CBC-SHA", "TLS_SRP_SHA_DSS_WITH_AES_256_CBC_SHA",
        0xC022, "kSRP", "aDSS", "AES256", "SHA1", "SSLv3", 256, "HIGH ND"),
    ("ECDHE-ECDSA-AES128-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
        0xC023, "kECDHE", "aECDSA", "AES128", "SHA256", "TLSv1.2", 128, "HIGH FIPS"),
    ("ECDHE-ECDSA-AES256-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
        0xC024, "kECDHE", "aECDSA", "AES256", "SHA384", "TLSv1.2", 256, "HIGH FIPS"),
    ("ECDH-ECDSA-AES128-SHA256", "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA256",
        0xC025, "kECDHe", "aECDH_ECDSA", "AES128", "SHA256", "TLSv1.2", 128, "HIGH FIPS ND"),
    ("ECDH-ECDSA-AES256-SHA384", "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA384",
        0xC026, "kECDHe", "aECDH_ECDSA", "AES256", "SHA384", "TLSv1.2", 256, "HIGH FIPS ND"),
    ("ECDHE-RSA-AES128-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
        0xC027, "kECDHE", "aRSA", "AES128", "SHA256", "TLSv1.2", 128, "HIGH FIPS"),
    ("ECDHE-RSA-AES256-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
        0xC028, "kECDHE", "aRSA", "AES256", "SHA384", "TLSv1.2", 256, "HIGH FIPS"),
    ("ECDH-RSA-AES128-SHA256", "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA256",
        0xC029, "kECDHr", "aECDH_RSA", "AES128", "SHA256", "TLSv1.2", 128, "HIGH FIPS ND"),
    ("ECDH-RSA-AES256-SHA384", "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA384",
        0xC02A, "kECDHr", "aECDH_RSA", "AES256", "SHA384", "TLSv1.2", 256, "HIGH FIPS ND"),
    ("ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        0xC02B, "kECDHE", "aECDSA", "AES128GCM", "AEAD", "TLSv1.2", 128, "HIGH FIPS"),
    ("ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        0xC02C, "kECDHE", "aECDSA", "AES256GCM", "AEAD", "TLSv1.2", 256, "HIGH FIPS"),
    ("ECDH-ECDSA-AES128-GCM-SHA256", "TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256",
        0xC02D, "kECDHe", "aECDH_ECDSA", "AES128GCM", "AEAD", "TLSv1.2", 128, "HIGH FIPS ND"),
    ("ECDH-ECDSA-AES256-GCM-SHA384", "TLS_ECDH_ECDSA_WITH_AES_256_GCM_SHA384",
        0xC02E, "kECDHe", "aECDH_ECDSA", "AES256GCM", "AEAD", "TLSv1.2", 256, "HIGH FIPS ND"),
    ("ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        0xC02F, "kECDHE", "aRSA", "AES128GCM", "AEAD", "TLSv1.2", 128, "HIGH FIPS"),
    ("ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        0xC030, "kECDHE", "aRSA", "AES256GCM", "AEAD", "TLSv1.2", 256, "HIGH FIPS"),
    ("ECDH-RSA-AES128-GCM-SHA256", "TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256",
        0xC031, "kECDHr", "aECDH_RSA", "AES128GCM", "AEAD", "TLSv1.2", 128, "HIGH FIPS ND"),
    ("ECDH-RSA-AES256-GCM-SHA384", "TLS_ECDH_RSA_WITH_AES_256_GCM_SHA384",
        0xC032, "kECDHr", "aECDH_RSA", "AES256GCM", "AEAD", "TLSv1.2", 256, "HIGH FIPS ND"),
    ("ECDHE-PSK-RC4-SHA", "TLS_ECDHE_PSK_WITH_RC4_128_SHA",
        0xC033, "kECDHEPSK", "aPSK", "RC4", "SHA1", "TLSv1", 128, "MEDIUM ND"),
    ("ECDHE-PSK-3DES-EDE-CBC-SHA", "TLS_ECDHE_PSK_WITH_3DES_EDE_CBC_SHA",
        0xC034, "kECDHEPSK", "aPSK", "3DES", "SHA1", "TLSv1", 112, "MEDIUM FIPS ND"),
    ("ECDHE-PSK-AES128-CBC-SHA", "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA",
        0xC035, "kECDHEPSK", "aPSK", "AES128", "SHA1", "TLSv1", 128, "HIGH FIPS"),
    ("ECDHE-PSK-AES256-CBC-SHA", "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA",
        0xC036, "kECDHEPSK", "aPSK", "AES256", "SHA1", "TLSv1", 256, "HIGH FIPS"),
    ("ECDHE-PSK-AES128-CBC-SHA256", "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256",
        0xC037, "kECDHEPSK", "aPSK", "AES128", "SHA256", "TLSv1", 128, "HIGH FIPS"),
    ("ECDHE-PSK-AES256-CBC-SHA384", "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA384",
        0xC038, "kECDHEPSK", "aPSK", "AES256", "SHA384", "TLSv1", 256, "HIGH FIPS"),
    ("ECDHE-PSK-NULL-SHA", "TLS_ECDHE_PSK_WITH_NULL_SHA",
        0xC039, "kECDHEPSK", "aPSK", "eNULL", "SHA1", "TLSv1", 0, "NONE FIPS"),
    ("ECDHE-PSK-NULL-SHA256", "TLS_ECDHE_PSK_WITH_NULL_SHA256",
        0xC03A, "kECDHEPSK", "aPSK", "eNULL", "SHA256", "TLSv1", 0, "NONE FIPS"),
    ("ECDHE-PSK-NULL-SHA384", "TLS_ECDHE_PSK_WITH_NULL_SHA384",
        0xC03B, "kECDHEPSK", "aPSK", "eNULL", "SHA384", "TLSv1", 0, "NONE FIPS"),
    ("ARIA128-GCM-SHA256", "TLS_RSA_WITH_ARIA_128_GCM_SHA256",
        0xC050, "kRSA", "aRSA", "ARIA128GCM", "AEAD", "TLSv1.2", 128, "HIGH ND"),
    ("ARIA256-GCM-SHA384", "TLS_RSA_WITH_ARIA_256_GCM_SHA384",
        0xC051, "kRSA", "aRSA", "ARIA256GCM", "AEAD", "TLSv1.2", 256, "HIGH ND"),
    ("DHE-RSA-ARIA128-GCM-SHA256", "TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256",
        0xC052, "kDHE", "aRSA", "ARIA128GCM", "AEAD", "TLSv1.2", 128, "HIGH ND"),
    ("DHE-RSA-ARIA256-GCM-SHA384", "TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384",
        0xC053, "kDHE", "aRSA", "ARIA256GCM", "AEAD", "TLSv1.2", 256, "HIGH ND"),
    ("DHE-DSS-ARIA128-GCM-SHA256", "TLS_DHE_DSS_WITH_ARIA_128_GCM_SHA256",
        0xC056, "kDHE", "aDSS", "ARIA128GCM", "AEAD", "TLSv1.2", 128, "HIGH ND"),
    ("DHE-DSS-ARIA256-GCM-SHA384", "TLS_DHE_DSS_WITH_ARIA_256_GCM_SHA384",
        0xC057, "kDHE", "aDSS", "ARIA256GCM", "AEAD", "TLSv1.2", 256, "HIGH ND"),
    ("ECDHE-ECDSA-ARIA128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256",
        0xC05C, "kECDHE", "aECDSA", "ARIA128GCM", "AEAD", "TLSv1.2", 128, "HIGH ND"),
    ("ECDHE-ECDSA-ARIA256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384",
        0xC05D, "kECDHE", "aECDSA", "ARIA256GCM", "AEAD", "TLSv1.2", 256, "HIGH ND"),
    ("ECDHE-ARIA128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256",
        0xC060, "kECDHE", "aRSA", "ARIA128GCM", "AEAD", "TLSv1.2", 128, "HIGH ND"),
    ("ECDHE-ARIA256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384",
        0xC061, "kECDHE", "aRSA", "ARIA256GCM", "AEAD", "TLSv1.2", 256, "HIGH ND"),
    ("PSK-ARIA128-GCM-SHA256", "TLS_PSK_WITH_ARIA_128_GCM_SHA256",
        0xC06A, "kPSK", "aPSK", "ARIA128GCM", "AEAD", "TLSv1.2", 128, "HIGH ND"),
    ("PSK-ARIA256-GCM-SHA384", "TLS_PSK_WITH_ARIA_256_GCM_SHA384",
        0xC06B, "kPSK", "aPSK", "ARIA256GCM", "AEAD", "TLSv1.2", 256, "HIGH ND"),
    ("DHE-PSK-ARIA128-GCM-SHA256", "TLS_DHE_PSK_WITH_ARIA_128_GCM_SHA256",
        0xC06C, "kDHEPSK", "aPSK", "ARIA128GCM", "AEAD", "TLSv1.2", 128, "HIGH ND"),
    ("DHE-PSK-ARIA256-GCM-SHA384", "TLS_DHE_PSK_WITH_ARIA_256_GCM_SHA384",
        0xC06D, "kDHEPSK", "aPSK", "ARIA256GCM", "AEAD", "TLSv1.2", 256, "HIGH ND"),
    ("RSA-PSK-ARIA128-GCM-SHA256", "TLS_RSA_PSK_WITH_ARIA_128_GCM_SHA256",
        0xC06E, "kRSAPSK", "aRSA", "ARIA128GCM", "AEAD", "TLSv1.2", 128, "HIGH ND"),
    ("RSA-PSK-ARIA256-GCM-SHA384", "TLS_RSA_PSK_WITH_ARIA_256_GCM_SHA384",
        0xC06F, "kRSAPSK", "aRSA", "ARIA256GCM", "AEAD", "TLSv1.2", 256, "HIGH ND"),
    ("ECDHE-ECDSA-CAMELLIA128-SHA256", "TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256",
        0xC072, "kECDHE", "aECDSA", "CAMELLIA128", "SHA256", "TLSv1.2", 128, "HIGH ND"),
    ("ECDHE-ECDSA-CAMELLIA256-SHA384", "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384",
        0xC073, "kECDHE", "aECDSA", "CAMELLIA256", "SHA384", "TLSv1.2", 256, "HIGH ND"),
    ("ECDHE-RSA-CAMELLIA128-SHA256", "TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256",
        0xC076, "kECDHE", "aRSA", "CAMELLIA128", "SHA256", "TLSv1.2", 128, "HIGH ND"),
    ("ECDHE-RSA-CAMELLIA256-SHA384", "TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384",
        0xC077, "kECDHE", "aRSA", "CAMELLIA256", "SHA384", "TLSv1.2", 256, "HIGH ND"),
    ("PSK-CAMELLIA128-SHA256", "TLS_PSK_WITH_CAMELLIA_128_CBC_SHA256",
        0xC094, "kPSK", "aPSK", "CAMELLIA128", "SHA256", "TLSv1", 128, "HIGH ND"),
    ("PSK-CAMELLIA256-SHA384", "TLS_PSK_WITH_CAMELLIA_256_CBC_SHA384",
        0xC095, "kPSK", "aPSK", "CAMELLIA256", "SHA384", "TLSv1", 256, "HIGH ND"),
    ("DHE-PSK-CAMELLIA128-SHA256", "TLS_DHE_PSK_WITH_CAMELLIA_128_CBC_SHA256",
        0xC096, "kDHEPSK", "aPSK", "CAMELLIA128", "SHA256", "TLSv1", 128, "HIGH ND"),
    ("DHE-PSK-CAMELLIA256-SHA384", "TLS_DHE_PSK_WITH_CAMELLIA_256_CBC_SHA384",
        0xC097, "kDHEPSK", "aPSK", "CAMELLIA256", "SHA384", "TLSv1", 256, "HIGH ND"),
    ("RSA-PSK-CAMELLIA128-SHA256", "TLS_RSA_PSK_WITH_CAMELLIA_128_CBC_SHA256",
        0xC098, "kRSAPSK", "aRSA", "CAMELLIA128", "SHA256", "TLSv1", 128, "HIGH ND"),
    ("RSA-PSK-CAMELLIA256-SHA384", "TLS_RSA_PSK_WITH_CAMELLIA_256_CBC_SHA384",
        0xC099, "kRSAPSK", "aRSA", "CAMELLIA256", "SHA384", "TLSv1", 256, "HIGH ND"),
    ("ECDHE-PSK-CAMELLIA128-SHA256", "TLS_ECDHE_PSK_WITH_CAMELLIA_128_CBC_SHA256",
        0xC09A, "kECDHEPSK", "aPSK", "CAMELLIA128", "SHA256", "TLSv1", 128, "HIGH ND"),
    ("ECDHE-PSK-CAMELLIA256-SHA384", "TLS_ECDHE_PSK_WITH_CAMELLIA_256_CBC_SHA384",
        0xC09B, "kECDHEPSK", "aPSK", "CAMELLIA256", "SHA384", "TLSv1", 256, "HIGH ND"),
    ("AES128-CCM", "TLS_RSA_WITH_AES_128_CCM",
        0xC09C, "kRSA", "aRSA", "AES128CCM", "AEAD", "TLSv1.2", 128, "HIGH ND"),
    ("AES256-CCM", "TLS_RSA_WITH_AES_256_CCM",
        0xC09D, "kRSA", "aRSA", "AES256CCM", "AEAD", "TLSv1.2", 256, "HIGH ND"),
    ("DHE-RSA-AES128-CCM", "TLS_DHE_RSA_WITH_AES_128_CCM",
        0xC09E, "kDHE", "aRSA", "AES128CCM", "AEAD", "TLSv1.2", 128, "HIGH ND"),
    ("DHE-RSA-AES256-CCM", "TLS_DHE_RSA_WITH_AES_256_CCM",
        0xC09F, "kDHE", "aRSA", "AES256CCM", "AEAD", "TLSv1.2", 256, "HIGH ND"),
    ("AES128-CCM8", "TLS_RSA_WITH_AES_128_CCM_8",
        0xC0A0, "kRSA", "aRSA", "AES128CCM8", "AEAD", "TLSv1.2", 128, "HIGH ND"),
    ("AES256-CCM8", "TLS_RSA_WITH_AES_256_CCM_8",
        0xC0A1, "kRSA", "aRSA", "AES256CCM8", "AEAD", "TLSv1.2", 256, "HIGH ND"),
    ("DHE-RSA-AES128-CCM8", "TLS_DHE_RSA_WITH_AES_128_CCM_8",
        0xC0A2, "kDHE", "aRSA", "AES128CCM8", "AEAD", "TLSv1.2", 128, "HIGH ND"),
    ("DHE-RSA-AES256-CCM8", "TLS_DHE_RSA_WITH_AES_256_CCM_8",
        0xC0A3, "kDHE", "aRSA", "AES256CCM8", "AEAD", "TLSv1.2", 256, "HIGH ND"),
    ("PSK-AES128-CCM", "TLS_PSK_WITH_AES_128_CCM",
        0xC0A4, "kPSK", "aPSK", "AES128CCM", "AEAD", "TLSv1.2", 128, "HIGH ND"),
    ("PSK-AES256-CCM", "TLS_PSK_WITH_AES_256_CCM",
        0xC0A5, "kPSK", "aPSK", "AES256CCM", "AEAD", "TLSv1.2", 256, "HIGH ND"),
    ("DHE-PSK-AES128-CCM", "TLS_DHE_PSK_WITH_AES_128_CCM",
        0xC0A6, "kDHEPSK", "aPSK", "AES128CCM", "AEAD", "TLSv1.2", 128, "HIGH ND"),
    ("DHE-PSK-AES256-CCM", "TLS_DHE_PSK_WITH_AES_256_CCM",
        0xC0A7, "kDHEPSK", "aPSK", "AES256CCM", "AEAD", "TLSv1.2", 256, "HIGH ND"),
    ("PSK-AES128-CCM8", "TLS_PSK_WITH_AES_128_CCM_8",
        0xC0A8, "kPSK", "aPSK", "AES128CCM8", "AEAD", "TLSv1.2", 128, "HIGH ND"),
    ("PSK-AES256-CCM8", "TLS_PSK_WITH_AES_256_CCM_8",
        0xC0A9, "kPSK", "aPSK", "AES256CCM8", "AEAD", "TLSv1.2", 256, "HIGH ND"),
    ("DHE-PSK-AES128-CCM8", "TLS_PSK_DHE_WITH_AES_128_CCM_8",
        0xC0AA, "kDHEPSK", "aPSK", "AES128CCM8", "AEAD", "TLSv1.2", 128, "HIGH ND"),
    ("DHE-PSK-AES256-CCM8", "TLS_PSK_DHE_WITH_AES_256_CCM_8",
        0xC0AB, "kDHEPSK", "aPSK", "AES256CCM8", "AEAD", "TLSv1.2", 256, "HIGH ND"),
    ("ECDHE-ECDSA-AES128-CCM", "TLS_ECDHE_ECDSA_WITH_AES_128_CCM",
        0xC0AC, "kECDHE", "aECDSA", "AES128CCM", "AEAD", "TLSv1.2", 128, "HIGH ND"),
    ("ECDHE-ECDSA-AES256-CCM", "TLS_ECDHE_ECDSA_WITH_AES_256_CCM",
        0xC0AD, "kECDHE", "aECDSA", "AES256CCM", "AEAD", "TLSv1.2", 256, "HIGH ND"),
    ("ECDHE-ECDSA-AES128-CCM8", "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8",
        0xC0AE, "kECDHE", "aECDSA", "AES128CCM8", "AEAD", "TLSv1.2", 128, "HIGH ND"),
    ("ECDHE-ECDSA-AES256-CCM8", "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8",
        0xC0AF, "kECDHE", "aECDSA", "AES256CCM8", "AEAD", "TLSv1.2", 256, "HIGH ND"),
    ("GOST2012-KUZNYECHIK-KUZNYECHIKOMAC", "TLS_GOSTR341112_256_WITH_KUZNYECHIK_CTR_OMAC",
        0xC100, "kGOST18", "aGOST12", "KUZNYECHIK", "KUZNYECHIKOMAC", "TLSv1.2", 256, "HIGH"),
    ("GOST2012-MAGMA-MAGMAOMAC", "TLS_GOSTR341112_256_WITH_MAGMA_CTR_OMAC",
        0xC101, "kGOST18", "aGOST12", "MAGMA", "MAGMAOMAC", "TLSv1.2", 256, "HIGH"),
    ("ECDHE-RSA-CHACHA20-POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
        0xCCA8, "kECDHE", "aRSA", "CHACHA20POLY1305", "AEAD", "TLSv1.2", 256, "HIGH"),
    ("ECDHE-ECDSA-CHACHA20-POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        0xCCA9, "kECDHE", "aECDSA", "CHACHA20POLY1305", "AEAD", "TLSv1.2", 256, "HIGH"),
    ("DHE-RSA-CHACHA20-POLY1305", "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
        0xCCAA, "kDHE", "aRSA", "CHACHA20POLY1305", "AEAD", "TLSv1.2", 256, "HIGH"),
    ("PSK-CHACHA20-POLY1305", "TLS_PSK_WITH_CHACHA20_POLY1305_SHA256",
        0xCCAB, "kPSK", "aPSK", "CHACHA20POLY1305", "AEAD", "TLSv1.2", 256, "HIGH"),
    ("ECDHE-PSK-CHACHA20-POLY1305", "TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256",
        0xCCAC, "kECDHEPSK", "aPSK", "CHACHA20POLY1305", "AEAD", "TLSv1.2", 256, "HIGH"),
    ("DHE-PSK-CHACHA20-POLY1305", "TLS_DHE_PSK_WITH_CHACHA20_POLY1305_SHA256",
        0xCCAD, "kDHEPSK", "aPSK", "CHACHA20POLY1305", "AEAD", "TLSv1.2", 256, "HIGH"),
    ("RSA-PSK-CHACHA20-POLY1305", "TLS_RSA_PSK_WITH_CHACHA20_POLY1305_SHA256",
        0xCCAE, "kRSAPSK", "aRSA", "CHACHA20POLY1305", "AEAD", "TLSv1.2", 256, "HIGH"),
    ("GOST2012-GOST8912-GOST8912", "TLS_GOSTR341112_256_WITH_28147_CNT_IMIT",
        0xFF85, "kGOST", "aGOST12", "GOST89_12", "GOST89MAC12", "TLSv1", 256, "HIGH"),
    ("GOST2012-NULL-GOST12", "TLS_GOSTR341112_256_WITH_NULL_GOSTR3411",
        0xFF87, "kGOST", "aGOST12", "eNULL", "GOST12_256", "TLSv1", 0, "NONE"),
)
# fmt: on

# OpenSSL 1.0.x names that 1.1.0 renamed, for lookup(); cipher strings get them from _ALIASES.
_RENAMED = {
    "EDH-RSA-DES-CBC3-SHA": "DHE-RSA-DES-CBC3-SHA",
    "EDH-DSS-DES-CBC3-SHA": "DHE-DSS-DES-CBC3-SHA",
}


def _tls13(name: str, code: int, enc: str, bits: int) -> Cipher:
    return Cipher(name, name, code, "ANY", "ANY", enc, bits, "AEAD", "TLSv1.3")


TLS13_SUITES: tuple[Cipher, ...] = (
    _tls13("TLS_AES_128_GCM_SHA256", 0x1301, "AESGCM", 128),
    _tls13("TLS_AES_256_GCM_SHA384", 0x1302, "AESGCM", 256),
    _tls13("TLS_CHACHA20_POLY1305_SHA256", 0x1303, "CHACHA20", 256),
    _tls13("TLS_AES_128_CCM_SHA256", 0x1304, "AESCCM", 128),
    _tls13("TLS_AES_128_CCM_8_SHA256", 0x1305, "AESCCM8", 128),
)


class _Spec(NamedTuple):
    """A suite with the bit masks OpenSSL's selection logic works on."""

    cipher: Cipher
    mkey: int
    auth: int
    enc: int
    mac: int
    min_tls: int
    strong: int
    exp: int
    dflt: int


class _Sel(NamedTuple):
    """A selector: one alias, or one explicit suite (``cipher`` >= 0), or several combined."""

    mkey: int = 0
    auth: int = 0
    enc: int = 0
    mac: int = 0
    min_tls: int = 0
    strong: int = 0
    exp: int = 0
    dflt: int = 0
    cipher: int = -1


def _mask(table: dict[str, int], names: str) -> int:
    value = 0
    for name in names.split():
        value |= table[name]
    return value


def _spec(row: _Row) -> _Spec:
    openssl, iana, code, mkey, auth, enc, mac, protocol, bits, flags = row
    flag_set = set(flags.split())
    export = bool(flag_set & {"EXP40", "EXP56"})
    auth_public, auth_bits = _AUTH_NAME[auth]
    cipher = Cipher(
        openssl=openssl,
        iana=iana,
        code=code,
        kx=_KX_NAME[mkey],
        auth=auth_public,
        enc=_ENC_NAME[enc],
        bits=bits,
        mac=_MAC_NAME[mac],
        protocol=protocol,
        export=export,
    )
    return _Spec(
        cipher=cipher,
        mkey=_MKEY[mkey],
        auth=_mask(_AUTH, auth_bits),
        enc=_ENC[enc],
        mac=_MAC[mac],
        min_tls=_PROTOCOL_VERSION[protocol],
        strong=_mask(_STRONG, " ".join(f for f in flag_set if f in _STRONG)),
        exp=_EXP["EXPORT"] if export else _EXP["NOT_EXP"],
        dflt=_NOT_DEFAULT if "ND" in flag_set else 0,
    )


# --------------------------------------------------------------------------------------------
# The cipher list: OpenSSL's doubly linked CIPHER_ORDER list, as a Python list of indices plus
# an "active" flag per suite. ``member`` is a bit set over suite indices.

_ADD, _KILL, _DEL, _ORD, _SPECIAL, _BUMP = 1, 2, 3, 4, 5, 6


class _CipherList:
    __slots__ = ("active", "bits", "order")

    def __init__(self, order: Sequence[int], bits: Sequence[int]) -> None:
        self.order = list(order)
        self.active = bytearray(max(order, default=-1) + 1)
        self.bits = bits

    def apply(self, rule: int, member: int) -> None:
        """ssl_cipher_apply_rule(); each rule is a stable partition of the list."""
        order, active = self.order, self.active
        if rule == _KILL:
            self.order = [i for i in order if not (member >> i) & 1]
            for i in order:
                if (member >> i) & 1:
                    active[i] = 0
            return
        want_active = rule != _ADD
        moved = [i for i in order if (member >> i) & 1 and bool(active[i]) == want_active]
        if not moved:
            return
        moved_set = set(moved)
        rest = [i for i in order if i not in moved_set]
        if rule == _ADD:
            for i in moved:
                active[i] = 1
            self.order = rest + moved
        elif rule == _ORD:
            self.order = rest + moved
        elif rule == _DEL:
            for i in moved:
                active[i] = 0
            self.order = moved + rest
        elif rule == _BUMP:
            self.order = moved + rest

    def strength_sort(self) -> None:
        """ssl_cipher_strength_sort(): active suites to the end, by strength bits descending."""
        active, bits = self.active, self.bits
        idle = [i for i in self.order if not active[i]]
        busy = sorted((i for i in self.order if active[i]), key=lambda i: -bits[i])
        self.order = idle + busy

    def selected(self) -> list[int]:
        return [i for i in self.order if self.active[i]]


def _members(specs: Sequence[_Spec], pred: Callable[[_Spec], bool]) -> int:
    member = 0
    for index, spec in enumerate(specs):
        if pred(spec):
            member |= 1 << index
    return member


def _default_order(specs: Sequence[_Spec]) -> list[int]:
    """The preference order ssl_create_cipher_list() sets up before reading any rule string."""
    # ssl_sort_cipher_list() sorts by id; ssl3_get_cipher() then hands them out in reverse.
    start = sorted(range(len(specs)), key=lambda i: -specs[i].cipher.code)
    cl = _CipherList(start, [s.cipher.bits for s in specs])
    kecdhe, kdhe = _MKEY["kECDHE"], _MKEY["kDHE"]
    aesgcm = _ENC["AES128GCM"] | _ENC["AES256GCM"]
    aes = aesgcm | _mask(_ENC, "AES128 AES256 AES128CCM AES256CCM AES128CCM8 AES256CCM8")
    aead = _MAC["AEAD"]

    def rule(action: int, pred: Callable[[_Spec], bool]) -> None:
        cl.apply(action, _members(specs, pred))

    rule(_ADD, lambda s: bool(s.mkey & kecdhe and s.auth & _AUTH["aECDSA"]))
    rule(_ADD, lambda s: bool(s.mkey & kecdhe))
    rule(_DEL, lambda s: bool(s.mkey & kecdhe))
    rule(_ADD, lambda s: bool(s.enc & aesgcm))
    rule(_ADD, lambda s: bool(s.enc & _ENC["CHACHA20POLY1305"]))
    rule(_ADD, lambda s: bool(s.enc & (aes ^ aesgcm)))
    rule(_ADD, lambda s: True)
    rule(_ORD, lambda s: bool(s.mac & _MAC["MD5"]))
    rule(_ORD, lambda s: bool(s.auth & _AUTH["aNULL"]))
    rule(_ORD, lambda s: bool(s.mkey & _MKEY["kRSA"]))
    rule(_ORD, lambda s: bool(s.mkey & _MKEY["kPSK"]))
    rule(_ORD, lambda s: bool(s.enc & _ENC["RC4"]))
    cl.strength_sort()
    rule(_BUMP, lambda s: s.min_tls == _PROTOCOL_VERSION["TLSv1.2"])
    rule(_BUMP, lambda s: bool(s.mac & aead))
    rule(_BUMP, lambda s: bool(s.mkey & (kdhe | kecdhe)))
    rule(_BUMP, lambda s: bool(s.mkey & (kdhe | kecdhe) and s.mac & aead))
    return cl.order


def _build() -> tuple[_Spec, ...]:
    specs = [_spec(row) for row in _TABLE]
    return tuple(specs[i] for i in _default_order(specs))


class _Tables:
    """The derived tables, built on first use: importing this module stays cheap (the
    pre-commit budget), and a run that meets no cipher string never pays ~20 ms for them."""

    @functools.cached_property
    def specs(self) -> tuple[_Spec, ...]:
        return _build()

    @functools.cached_property
    def bits(self) -> tuple[int, ...]:
        return tuple(spec.cipher.bits for spec in self.specs)

    @functools.cached_property
    def ciphers(self) -> tuple[Cipher, ...]:
        return tuple(spec.cipher for spec in self.specs)

    @functools.cached_property
    def names(self) -> dict[str, _Sel]:
        return _build_names()

    @functools.cached_property
    def lookup(self) -> dict[str, Cipher]:
        return _build_lookup()


_TABLES = _Tables()


def prepare() -> None:
    """Build the tables that expanding a cipher string needs now (before a run forks its
    workers: they inherit them, and so do the rules, which expand strings too)."""
    for table in ("specs", "names"):
        getattr(_TABLES, table)  # a cached property: built once


def __getattr__(name: str) -> object:
    if name == "CIPHERS":
        return _TABLES.ciphers
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# --------------------------------------------------------------------------------------------
# Aliases (ssl_ciph.c cipher_aliases[], plus the OpenSSL 1.0.2 ones for the legacy suites).


def _alias(
    mkey: str = "",
    auth: str = "",
    enc: str = "",
    mac: str = "",
    *,
    not_auth: str = "",
    not_enc: str = "",
    protocol: int = 0,
    strong: str = "",
    exp: str = "",
    dflt: int = 0,
) -> _Sel:
    auth_bits = _mask(_AUTH, auth)
    if not_auth:
        auth_bits = _mask(_AUTH, " ".join(_AUTH)) & ~_mask(_AUTH, not_auth)
    enc_bits = _mask(_ENC, enc)
    if not_enc:
        enc_bits = _mask(_ENC, " ".join(_ENC)) & ~_mask(_ENC, not_enc)
    return _Sel(
        mkey=_mask(_MKEY, mkey),
        auth=auth_bits,
        enc=enc_bits,
        mac=_mask(_MAC, mac),
        min_tls=protocol,
        strong=_mask(_STRONG, strong),
        exp=_mask(_EXP, exp),
        dflt=dflt,
    )


_AES128 = "AES128 AES128GCM AES128CCM AES128CCM8"
_AES256 = "AES256 AES256GCM AES256CCM AES256CCM8"
_PSK = "kPSK kRSAPSK kECDHEPSK kDHEPSK"
_CBC = "DES 3DES RC2 IDEA AES128 AES256 CAMELLIA128 CAMELLIA256 SEED"

_ALIASES: dict[str, _Sel] = {
    "ALL": _alias(not_enc="eNULL"),
    "COMPLEMENTOFALL": _alias(enc="eNULL"),
    "COMPLEMENTOFDEFAULT": _alias(dflt=_NOT_DEFAULT),
    # key exchange
    "kRSA": _alias("kRSA"),
    "kEDH": _alias("kDHE"),
    "kDHE": _alias("kDHE"),
    "DH": _alias("kDHE kDHr kDHd"),
    "kDH": _alias("kDHr kDHd"),
    "kDHr": _alias("kDHr"),
    "kDHd": _alias("kDHd"),
    "kEECDH": _alias("kECDHE"),
    "kECDHE": _alias("kECDHE"),
    "ECDH": _alias("kECDHE kECDHr kECDHe"),
    "kECDH": _alias("kECDHr kECDHe"),
    "kECDHr": _alias("kECDHr"),
    "kECDHe": _alias("kECDHe"),
    "kPSK": _alias("kPSK"),
    "kRSAPSK": _alias("kRSAPSK"),
    "kECDHEPSK": _alias("kECDHEPSK"),
    "kDHEPSK": _alias("kDHEPSK"),
    "kSRP": _alias("kSRP"),
    "kGOST": _alias("kGOST"),
    "kGOST18": _alias("kGOST18"),
    "kKRB5": _alias("kKRB5"),
    # authentication
    "aRSA": _alias(auth="aRSA"),
    "aDSS": _alias(auth="aDSS"),
    "DSS": _alias(auth="aDSS"),
    "aNULL": _alias(auth="aNULL"),
    "aECDSA": _alias(auth="aECDSA"),
    "ECDSA": _alias(auth="aECDSA"),
    "aPSK": _alias(auth="aPSK"),
    "aGOST01": _alias(auth="aGOST01"),
    "aGOST12": _alias(auth="aGOST12"),
    "aGOST": _alias(auth="aGOST01 aGOST12"),
    "aSRP": _alias(auth="aSRP"),
    "aDH": _alias(auth="aDH"),
    "aECDH": _alias(auth="aECDH"),
    "aKRB5": _alias(auth="aKRB5"),
    # key exchange + authentication
    "EDH": _alias("kDHE", not_auth="aNULL"),
    "DHE": _alias("kDHE", not_auth="aNULL"),
    "EECDH": _alias("kECDHE", not_auth="aNULL"),
    "ECDHE": _alias("kECDHE", not_auth="aNULL"),
    "NULL": _alias(enc="eNULL"),
    "RSA": _alias("kRSA", "aRSA"),
    "ADH": _alias("kDHE", "aNULL"),
    "AECDH": _alias("kECDHE", "aNULL"),
    "PSK": _alias(_PSK),
    "SRP": _alias("kSRP"),
    "KRB5": _alias("kKRB5", "aKRB5"),
    # encryption
    "3DES": _alias(enc="3DES"),
    "DES": _alias(enc="DES"),
    "RC4": _alias(enc="RC4"),
    "RC2": _alias(enc="RC2"),
    "IDEA": _alias(enc="IDEA"),
    "SEED": _alias(enc="SEED"),
    "eNULL": _alias(enc="eNULL"),
    "GOST": _alias(enc="GOST89 GOST89_12 MAGMA KUZNYECHIK"),
    "AES128": _alias(enc=_AES128),
    "AES256": _alias(enc=_AES256),
    "AES": _alias(enc=f"{_AES128} {_AES256}"),
    "AESGCM": _alias(enc="AES128GCM AES256GCM"),
    "AESCCM": _alias(enc="AES128CCM AES256CCM AES128CCM8 AES256CCM8"),
    "AESCCM8": _alias(enc="AES128CCM8 AES256CCM8"),
    "CAMELLIA128": _alias(enc="CAMELLIA128"),
    "CAMELLIA256": _alias(enc="CAMELLIA256"),
    "CAMELLIA": _alias(enc="CAMELLIA128 CAMELLIA256"),
    "CHACHA20": _alias(enc="CHACHA20POLY1305"),
    "ARIA": _alias(enc="ARIA128GCM ARIA256GCM"),
    "ARIAGCM": _alias(enc="ARIA128GCM ARIA256GCM"),
    "ARIA128": _alias(enc="ARIA128GCM"),
    "ARIA256": _alias(enc="ARIA256GCM"),
    "CBC": _alias(enc=_CBC),
    # MAC
    "MD5": _alias(mac="MD5"),
    "SHA1": _alias(mac="SHA1"),
    "SHA": _alias(mac="SHA1"),
    "GOST94": _alias(mac="GOST94"),
    "GOST89MAC": _alias(mac="GOST89MAC GOST89MAC12"),
    "SHA256": _alias(mac="SHA256"),
    "SHA384": _alias(mac="SHA384"),
    "GOST12": _alias(mac="GOST12_256"),
    # protocol version (SSLv2 is a 1.0.x alias; no SSLv2 suite is tabled, so it selects nothing)
    "SSLv2": _alias(protocol=0x0002),
    "SSLv3": _alias(protocol=_PROTOCOL_VERSION["SSLv3"]),
    "TLSv1": _alias(protocol=_PROTOCOL_VERSION["TLSv1"]),
    "TLSv1.0": _alias(protocol=_PROTOCOL_VERSION["TLSv1"]),
    "TLSv1.2": _alias(protocol=_PROTOCOL_VERSION["TLSv1.2"]),
    # strength classes
    "LOW": _alias(strong="LOW"),
    "MEDIUM": _alias(strong="MEDIUM"),
    "HIGH": _alias(strong="HIGH"),
    "FIPS": _alias(not_enc="eNULL", strong="FIPS"),
    "EXP": _alias(exp="EXPORT", strong="EXP40 EXP56"),
    "EXPORT": _alias(exp="EXPORT", strong="EXP40 EXP56"),
    "EXPORT40": _alias(exp="EXPORT", strong="EXP40"),
    "EXPORT56": _alias(exp="EXPORT", strong="EXP56"),
    # OpenSSL 3 keeps the pre-1.1.0 names of the two renamed suites as aliases (verbatim,
    # including their stale HIGH|FIPS class, which still matches through the FIPS bit).
    "EDH-DSS-DES-CBC3-SHA": _alias("kDHE", "aDSS", "3DES", "SHA1", strong="HIGH FIPS"),
    "EDH-RSA-DES-CBC3-SHA": _alias("kDHE", "aRSA", "3DES", "SHA1", strong="HIGH FIPS"),
}


def _build_names() -> dict[str, _Sel]:
    # ssl_cipher_collect_aliases(): the suites first, then the aliases; first match wins.
    names: dict[str, _Sel] = {}
    for index, spec in enumerate(_TABLES.specs):
        sel = _Sel(*spec[1:], cipher=index)
        names.setdefault(spec.cipher.openssl, sel)
        names.setdefault(spec.cipher.iana, sel)
    for name, sel in _ALIASES.items():
        names.setdefault(name, sel)
    return names


_DEFAULT_RULES = "ALL:!COMPLEMENTOFDEFAULT:!eNULL"  # OSSL_default_cipher_list()
_SUITEB = (  # check_suiteb_cipher_list(): replaces the whole string
    ("SUITEB128ONLY", "ECDHE-ECDSA-AES128-GCM-SHA256"),
    ("SUITEB128C2", "ECDHE-ECDSA-AES256-GCM-SHA384"),
    ("SUITEB128", "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384"),
    ("SUITEB192", "ECDHE-ECDSA-AES256-GCM-SHA384"),
)
_SEPARATORS = frozenset(":, ;")
_NAME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._=")
_PREFIX_RULES = {"-": _DEL, "+": _ORD, "!": _KILL, "@": _SPECIAL}


def _intersect(current: int, new: int) -> int:
    """One mask of ``A+B``: a part that does not constrain (0) leaves it as is."""
    if not new:
        return current
    return current & new if current else new


def _combine(sels: Iterable[_Sel]) -> _Sel | None:
    """Merge the parts of ``A+B+C`` as ssl_cipher_process_rulestr() does; None = no match."""
    merged = _Sel()
    for sel in sels:
        dflt = merged.dflt
        if sel.strong and not merged.strong:
            # OpenSSL assigns (rather than ORs) the first strength class into algo_strength,
            # dropping a COMPLEMENTOFDEFAULT seen before it: COMPLEMENTOFDEFAULT+HIGH == HIGH.
            dflt = 0
        masks = (
            _intersect(merged.mkey, sel.mkey),
            _intersect(merged.auth, sel.auth),
            _intersect(merged.enc, sel.enc),
            _intersect(merged.mac, sel.mac),
            _intersect(merged.strong, sel.strong),
            _intersect(merged.exp, sel.exp),
            _intersect(dflt, sel.dflt),
        )
        news = (sel.mkey, sel.auth, sel.enc, sel.mac, sel.strong, sel.exp, sel.dflt)
        if any(new and not mask for mask, new in zip(masks, news, strict=True)):
            return None  # contradictory parts
        min_tls = merged.min_tls
        if sel.cipher < 0 and sel.min_tls:
            # Only aliases add a protocol version; an explicit suite's own version does not.
            if min_tls and min_tls != sel.min_tls:
                return None
            min_tls = sel.min_tls
        mkey, auth, enc, mac, strong, exp, dflt = masks
        # Only the *last* part decides whether a single explicit suite is meant: "X+HIGH" is a
        # pattern made of X's algorithms, "HIGH+X" is X itself (masks checked as usual).
        merged = _Sel(mkey, auth, enc, mac, min_tls, strong, exp, dflt, sel.cipher)
    return merged


@functools.lru_cache(maxsize=1024)
def _member_set(sel: _Sel) -> int:
    """The suites a combined selector matches (the test in ssl_cipher_apply_rule())."""
    member = 0
    for index, spec in enumerate(_TABLES.specs):
        if sel.cipher >= 0 and sel.cipher != index:
            continue
        if sel.mkey and not sel.mkey & spec.mkey:
            continue
        if sel.auth and not sel.auth & spec.auth:
            continue
        if sel.enc and not sel.enc & spec.enc:
            continue
        if sel.mac and not sel.mac & spec.mac:
            continue
        if sel.min_tls and sel.min_tls != spec.min_tls:
            continue
        if sel.strong and not sel.strong & spec.strong:
            continue
        if sel.exp and not sel.exp & spec.exp:
            continue
        if sel.dflt and not sel.dflt & spec.dflt:
            continue
        member |= 1 << index
    return member


class _Evaluator:
    """One run of ssl_create_cipher_list() over a rule string."""

    def __init__(self) -> None:
        self.list = _CipherList(range(len(_TABLES.specs)), _TABLES.bits)
        self.unknown: list[str] = []
        self.seclevel: int | None = None

    def process(self, text: str) -> None:
        """A port of ssl_cipher_process_rulestr()."""
        n = len(text)
        pos = 0
        while pos < n:
            start = pos
            ch = text[pos]
            rule = _PREFIX_RULES.get(ch, _ADD)
            if rule != _ADD:
                pos += 1
            elif ch in _SEPARATORS:
                pos += 1
                continue
            names: list[str] = []
            first = pos
            bad = False
            while True:
                name_start = pos
                while pos < n and text[pos] in _NAME_CHARS:
                    pos += 1
                if pos == name_start:
                    bad = True  # OpenSSL: "invalid command", the whole list is rejected
                    break
                names.append(text[name_start:pos])
                if rule != _SPECIAL and pos < n and text[pos] == "+":
                    pos += 1
                    continue
                break
            end = pos
            while end < n and text[end] not in _SEPARATORS:
                end += 1
            if bad:
                self.unknown.append(text[start:end])
                pos = end
            elif rule == _SPECIAL:
                self.special(names[0], text[start:end])
                pos = end
            else:
                sels = [_TABLES.names.get(name) for name in names]
                missing = [name for name, sel in zip(names, sels, strict=True) if sel is None]
                if missing:
                    # OpenSSL ignores the entry up to the next separator, junk included.
                    self.unknown.extend([text[first:end]] if end > pos else missing)
                    pos = end
                    continue
                combined = _combine(s for s in sels if s is not None)
                if combined is None:
                    pos = end  # contradictory parts: OpenSSL treats it like an unknown name
                    continue
                self.list.apply(rule, _member_set(combined))
                # Parsing resumes right after the name (anything but a separator is an error).

    def special(self, name: str, raw: str) -> None:
        if name == "STRENGTH":
            self.list.strength_sort()
        elif len(name) == 10 and name.startswith("SECLEVEL=") and name[9] in "012345":
            self.seclevel = int(name[9])
        else:
            self.unknown.append(raw)


def _evaluate(cipher_string: str) -> Expansion:
    text = cipher_string
    for prefix, replacement in _SUITEB:
        if text.startswith(prefix):
            text = replacement
            break
    evaluator = _Evaluator()
    if text.startswith("DEFAULT"):
        evaluator.process(_DEFAULT_RULES)
        text = text[7:]
        if text.startswith(":"):
            text = text[1:]
    evaluator.process(text)
    return Expansion(
        suites=tuple(_TABLES.specs[i].cipher for i in evaluator.list.selected()),
        unknown=tuple(dict.fromkeys(evaluator.unknown)),
        seclevel=evaluator.seclevel,
    )


@functools.lru_cache(maxsize=8192)
def _expand_cached(cipher_string: str) -> Expansion:
    try:
        return _evaluate(cipher_string)
    except Exception:  # pragma: no cover - defensive: expand() must never raise
        return Expansion(suites=(), unknown=(cipher_string,), seclevel=None)


def expand(cipher_string: str) -> Expansion:
    """The TLS <= 1.2 suites an OpenSSL cipher string enables, in OpenSSL's order.

    Mirrors ``SSL_CTX_set_cipher_list()`` of OpenSSL 1.1.1/3.x over the full table, legacy
    suites included. Never raises: names that match nothing, and syntax OpenSSL would reject,
    end up in :attr:`Expansion.unknown`. Results are cached.
    """
    if not isinstance(cipher_string, str):
        return Expansion(suites=(), unknown=(), seclevel=None)
    if len(cipher_string) > MAX_CIPHER_STRING:
        cipher_string = _compact(cipher_string)
        if len(cipher_string) > MAX_CIPHER_STRING:
            note = f"(a cipher string over {MAX_CIPHER_STRING:,} characters; not evaluated)"
            return Expansion(suites=(), unknown=(note,), seclevel=None)
    return _expand_cached(cipher_string)


# Real cipher strings are a few hundred characters; evaluation costs time per term, so a
# hostile one (megabytes of repeated names) is compacted, and refused when still too long.
MAX_CIPHER_STRING = 64 * 1024
_TERM_SPLIT = re.compile(r"[:, ;]+")


def _compact(cipher_string: str) -> str:
    """The same cipher string without a term that repeats the one before it (applying a rule
    twice in a row changes nothing: adds, moves, removals and kills are all idempotent)."""
    terms = [t for t in _TERM_SPLIT.split(cipher_string) if t]
    kept = [t for i, t in enumerate(terms) if i == 0 or t != terms[i - 1]]
    return ":".join(kept)


def _build_lookup() -> dict[str, Cipher]:
    table: dict[str, Cipher] = {}
    for cipher in (*_TABLES.ciphers, *TLS13_SUITES):
        table.setdefault(cipher.openssl.upper(), cipher)
        table.setdefault(cipher.iana.upper(), cipher)
    for old, new in _RENAMED.items():
        table.setdefault(old.upper(), table[new.upper()])
    return table


def parse_groups(value: str) -> tuple[str, ...]:
    """Group names of an OpenSSL groups list (``ssl_ecdh_curve``, ``ssl-ecdh-curve``).

    OpenSSL 3.5 prefixes a group with ``?`` (skip it when this build does not know it) or
    ``*`` (send a key share for it), separates preference tuples with ``/`` and accepts
    ``DEFAULT`` for its own list (SSL_CTX_set1_groups_list(3)); the groups are the names
    without those marks.
    """
    out: list[str] = []
    for part in value.replace("/", ":").split(":"):
        name = part.strip().lstrip("?*").strip()
        if name and name.upper() != "DEFAULT" and name not in out:
            out.append(name)
    return tuple(out)


def lookup(name: str) -> Cipher | None:
    """Find a suite (TLS 1.3 included) by OpenSSL or IANA name, case-insensitively.

    Also accepts the pre-1.1.0 OpenSSL names ``EDH-*-DES-CBC3-SHA`` and the ``SSL_`` spelling
    of IANA names used by Java (``SSL_RSA_WITH_RC4_128_MD5``).
    """
    if not isinstance(name, str):
        return None
    key = name.strip().upper()
    found = _TABLES.lookup.get(key)
    if found is None and key.startswith("SSL_"):
        found = _TABLES.lookup.get("TLS_" + key[4:])
    return found


def weakness(c: Cipher) -> str | None:
    """Why a suite is insecure, or None. Only the first applicable reason is given."""
    if c.enc == "NULL":
        return "NULL encryption"
    if c.export:
        return "export-grade"
    if c.auth == "NULL":
        return "anonymous key exchange"
    if c.enc in ("RC4", "DES", "3DES"):
        return c.enc
    if c.mac == "MD5":
        return "MD5 MAC"
    if c.enc in ("IDEA", "SEED", "RC2"):
        return c.enc
    return None


# Suites that OpenSSL 3.0's default provider offers (generated once from `openssl ciphers
# 'ALL:COMPLEMENTOFALL:@SECLEVEL=0'` of OpenSSL 3.0.19, as Debian and most distributions ship it).
# Cipher-string aliases such as HIGH or ALL select only these on a current server; suites outside
# this set are enabled only on older OpenSSL builds, or never (see ``available``).
OPENSSL3_SUITES: frozenset[str] = frozenset(
    (
        "ADH-AES128-GCM-SHA256",
        "ADH-AES128-SHA",
        "ADH-AES128-SHA256",
        "ADH-AES256-GCM-SHA384",
        "ADH-AES256-SHA",
        "ADH-AES256-SHA256",
        "ADH-CAMELLIA128-SHA",
        "ADH-CAMELLIA128-SHA256",
        "ADH-CAMELLIA256-SHA",
        "ADH-CAMELLIA256-SHA256",
        "AECDH-AES128-SHA",
        "AECDH-AES256-SHA",
        "AECDH-NULL-SHA",
        "AES128-CCM",
        "AES128-CCM8",
        "AES128-GCM-SHA256",
        "AES128-SHA",
        "AES128-SHA256",
        "AES256-CCM",
        "AES256-CCM8",
        "AES256-GCM-SHA384",
        "AES256-SHA",
        "AES256-SHA256",
        "ARIA128-GCM-SHA256",
        "ARIA256-GCM-SHA384",
        "CAMELLIA128-SHA",
        "CAMELLIA128-SHA256",
        "CAMELLIA256-SHA",
        "CAMELLIA256-SHA256",
        "DHE-DSS-AES128-GCM-SHA256",
        "DHE-DSS-AES128-SHA",
        "DHE-DSS-AES128-SHA256",
        "DHE-DSS-AES256-GCM-SHA384",
        "DHE-DSS-AES256-SHA",
        "DHE-DSS-AES256-SHA256",
        "DHE-DSS-ARIA128-GCM-SHA256",
        "DHE-DSS-ARIA256-GCM-SHA384",
        "DHE-DSS-CAMELLIA128-SHA",
        "DHE-DSS-CAMELLIA128-SHA256",
        "DHE-DSS-CAMELLIA256-SHA",
        "DHE-DSS-CAMELLIA256-SHA256",
        "DHE-PSK-AES128-CBC-SHA",
        "DHE-PSK-AES128-CBC-SHA256",
        "DHE-PSK-AES128-CCM",
        "DHE-PSK-AES128-CCM8",
        "DHE-PSK-AES128-GCM-SHA256",
        "DHE-PSK-AES256-CBC-SHA",
        "DHE-PSK-AES256-CBC-SHA384",
        "DHE-PSK-AES256-CCM",
        "DHE-PSK-AES256-CCM8",
        "DHE-PSK-AES256-GCM-SHA384",
        "DHE-PSK-ARIA128-GCM-SHA256",
        "DHE-PSK-ARIA256-GCM-SHA384",
        "DHE-PSK-CAMELLIA128-SHA256",
        "DHE-PSK-CAMELLIA256-SHA384",
        "DHE-PSK-CHACHA20-POLY1305",
        "DHE-PSK-NULL-SHA",
        "DHE-PSK-NULL-SHA256",
        "DHE-PSK-NULL-SHA384",
        "DHE-RSA-AES128-CCM",
        "DHE-RSA-AES128-CCM8",
        "DHE-RSA-AES128-GCM-SHA256",
        "DHE-RSA-AES128-SHA",
        "DHE-RSA-AES128-SHA256",
        "DHE-RSA-AES256-CCM",
        "DHE-RSA-AES256-CCM8",
        "DHE-RSA-AES256-GCM-SHA384",
        "DHE-RSA-AES256-SHA",
        "DHE-RSA-AES256-SHA256",
        "DHE-RSA-ARIA128-GCM-SHA256",
        "DHE-RSA-ARIA256-GCM-SHA384",
        "DHE-RSA-CAMELLIA128-SHA",
        "DHE-RSA-CAMELLIA128-SHA256",
        "DHE-RSA-CAMELLIA256-SHA",
        "DHE-RSA-CAMELLIA256-SHA256",
        "DHE-RSA-CHACHA20-POLY1305",
        "ECDHE-ARIA128-GCM-SHA256",
        "ECDHE-ARIA256-GCM-SHA384",
        "ECDHE-ECDSA-AES128-CCM",
        "ECDHE-ECDSA-AES128-CCM8",
        "ECDHE-ECDSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-AES128-SHA",
        "ECDHE-ECDSA-AES128-SHA256",
        "ECDHE-ECDSA-AES256-CCM",
        "ECDHE-ECDSA-AES256-CCM8",
        "ECDHE-ECDSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-AES256-SHA",
        "ECDHE-ECDSA-AES256-SHA384",
        "ECDHE-ECDSA-ARIA128-GCM-SHA256",
        "ECDHE-ECDSA-ARIA256-GCM-SHA384",
        "ECDHE-ECDSA-CAMELLIA128-SHA256",
        "ECDHE-ECDSA-CAMELLIA256-SHA384",
        "ECDHE-ECDSA-CHACHA20-POLY1305",
        "ECDHE-ECDSA-NULL-SHA",
        "ECDHE-PSK-AES128-CBC-SHA",
        "ECDHE-PSK-AES128-CBC-SHA256",
        "ECDHE-PSK-AES256-CBC-SHA",
        "ECDHE-PSK-AES256-CBC-SHA384",
        "ECDHE-PSK-CAMELLIA128-SHA256",
        "ECDHE-PSK-CAMELLIA256-SHA384",
        "ECDHE-PSK-CHACHA20-POLY1305",
        "ECDHE-PSK-NULL-SHA",
        "ECDHE-PSK-NULL-SHA256",
        "ECDHE-PSK-NULL-SHA384",
        "ECDHE-RSA-AES128-GCM-SHA256",
        "ECDHE-RSA-AES128-SHA",
        "ECDHE-RSA-AES128-SHA256",
        "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-RSA-AES256-SHA",
        "ECDHE-RSA-AES256-SHA384",
        "ECDHE-RSA-CAMELLIA128-SHA256",
        "ECDHE-RSA-CAMELLIA256-SHA384",
        "ECDHE-RSA-CHACHA20-POLY1305",
        "ECDHE-RSA-NULL-SHA",
        "NULL-MD5",
        "NULL-SHA",
        "NULL-SHA256",
        "PSK-AES128-CBC-SHA",
        "PSK-AES128-CBC-SHA256",
        "PSK-AES128-CCM",
        "PSK-AES128-CCM8",
        "PSK-AES128-GCM-SHA256",
        "PSK-AES256-CBC-SHA",
        "PSK-AES256-CBC-SHA384",
        "PSK-AES256-CCM",
        "PSK-AES256-CCM8",
        "PSK-AES256-GCM-SHA384",
        "PSK-ARIA128-GCM-SHA256",
        "PSK-ARIA256-GCM-SHA384",
        "PSK-CAMELLIA128-SHA256",
        "PSK-CAMELLIA256-SHA384",
        "PSK-CHACHA20-POLY1305",
        "PSK-NULL-SHA",
        "PSK-NULL-SHA256",
        "PSK-NULL-SHA384",
        "RSA-PSK-AES128-CBC-SHA",
        "RSA-PSK-AES128-CBC-SHA256",
        "RSA-PSK-AES128-GCM-SHA256",
        "RSA-PSK-AES256-CBC-SHA",
        "RSA-PSK-AES256-CBC-SHA384",
        "RSA-PSK-AES256-GCM-SHA384",
        "RSA-PSK-ARIA128-GCM-SHA256",
        "RSA-PSK-ARIA256-GCM-SHA384",
        "RSA-PSK-CAMELLIA128-SHA256",
        "RSA-PSK-CAMELLIA256-SHA384",
        "RSA-PSK-CHACHA20-POLY1305",
        "RSA-PSK-NULL-SHA",
        "RSA-PSK-NULL-SHA256",
        "RSA-PSK-NULL-SHA384",
        "SRP-AES-128-CBC-SHA",
        "SRP-AES-256-CBC-SHA",
        "SRP-DSS-AES-128-CBC-SHA",
        "SRP-DSS-AES-256-CBC-SHA",
        "SRP-RSA-AES-128-CBC-SHA",
        "SRP-RSA-AES-256-CBC-SHA",
    )
)
# Present in OpenSSL 1.1.x builds but gone from 3.0's default provider.
_OPENSSL11_ENCRYPTION = frozenset({"3DES", "IDEA", "SEED"})


def available(c: Cipher, openssl_version: tuple[int, ...] | None) -> bool:
    """Whether an OpenSSL of that version (None: 3.x, as current distributions ship) offers c.

    Single DES, export-grade, static DH/ECDH and Kerberos suites left OpenSSL in 1.1.0; RC4
    needs a non-default build from 1.1.0 on; 3DES, IDEA and SEED left the default provider in
    3.0.
    """
    if c.openssl in OPENSSL3_SUITES or c.protocol == "TLSv1.3":
        return True
    if openssl_version is None or openssl_version >= (3,):
        return False
    if openssl_version >= (1, 1):
        return c.enc in _OPENSSL11_ENCRYPTION and not c.export and c.kx not in ("DH", "ECDH")
    return True


@functools.lru_cache(maxsize=4096)
def expand_for(cipher_string: str, openssl_version: tuple[int, ...] | None = None) -> Expansion:
    """Like :func:`expand`, restricted to what that OpenSSL really offers.

    Aliases (``HIGH``, ``ALL``) select only available suites; a suite named exactly is kept
    even where that OpenSSL would ignore it, because the configuration asks for it and the same
    file may be served by an older build.
    """
    expansion = expand(cipher_string)
    explicit = {
        token.lstrip("!-+")
        for token in cipher_string.replace(",", ":").replace(";", ":").replace(" ", ":").split(":")
    }
    suites = tuple(
        c
        for c in expansion.suites
        if available(c, openssl_version) or c.openssl in explicit or c.iana in explicit
    )
    return Expansion(suites, expansion.unknown, expansion.seclevel)
