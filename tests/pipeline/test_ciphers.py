"""Tests for tlslint.tls.ciphers: the suite table and the OpenSSL cipher-string evaluator.

The evaluator is checked against the real ``openssl ciphers`` binary where one is installed:
our expansion, restricted to the suites that binary knows, must equal OpenSSL's list as a set
*and* in order. Legacy suites (RC4, DES, export, ...) that a modern OpenSSL no longer builds are
checked against the semantics of the OpenSSL sources instead.
"""

from __future__ import annotations

import functools
import random
import re
import shutil
import subprocess

import pytest

from tests.helpers import NOT_APPLICABLE
from tlslint.tls.ciphers import (
    CIPHERS,
    TLS13_SUITES,
    Cipher,
    Expansion,
    expand,
    lookup,
    weakness,
)

OPENSSL = shutil.which("openssl")
needs_openssl = pytest.mark.skipif(OPENSSL is None, reason="openssl binary not installed")

TLS13_NAMES = {c.openssl for c in TLS13_SUITES}


@functools.cache
def _supports_ciphersuites_option() -> bool:
    assert OPENSSL is not None
    proc = subprocess.run(
        [OPENSSL, "ciphers", "-ciphersuites", "", "--", "ALL"],
        capture_output=True,
        text=True,
        check=False,
    )
    return proc.returncode == 0


@functools.cache
def openssl_list(cipher_string: str) -> tuple[str, ...] | None:
    """OpenSSL's TLS <= 1.2 suites for a string; () for "no cipher match"; None if rejected."""
    assert OPENSSL is not None
    # "--" so that strings starting with "-" are not taken for options; TLS 1.3 suites are
    # configured separately and are dropped.
    args = [OPENSSL, "ciphers"]
    if _supports_ciphersuites_option():
        args += ["-ciphersuites", ""]
    proc = subprocess.run([*args, "--", cipher_string], capture_output=True, text=True, check=False)
    if proc.returncode == 0:
        return tuple(n for n in proc.stdout.strip().split(":") if n and n not in TLS13_NAMES)
    if "no cipher match" in proc.stderr:
        return ()
    return None


@functools.cache
def local_names() -> frozenset[str]:
    """Every TLS <= 1.2 suite the local OpenSSL build knows."""
    names = openssl_list("ALL:COMPLEMENTOFALL")
    assert names
    return frozenset(names)


def ours(cipher_string: str) -> tuple[str, ...]:
    """Our expansion, restricted to the suites the local OpenSSL knows."""
    known = local_names()
    return tuple(c.openssl for c in expand(cipher_string).suites if c.openssl in known)


def names(cipher_string: str) -> list[str]:
    return [c.openssl for c in expand(cipher_string).suites]


def words(text: str) -> list[str]:
    return text.split()


MOZILLA_MODERN_2015 = (
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:"
    "ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-SHA384:ECDHE-ECDSA-AES128-SHA256:"
    "ECDHE-RSA-AES128-SHA256"
)
MOZILLA_INTERMEDIATE = (
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
    "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305"
)
MOZILLA_OLD = (
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
    "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305:"
    "ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA:"
    "ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-SHA384:"
    "ECDHE-ECDSA-AES256-SHA:ECDHE-RSA-AES256-SHA:DHE-RSA-AES128-SHA256:DHE-RSA-AES256-SHA256:"
    "AES128-GCM-SHA256:AES256-GCM-SHA384:AES128-SHA256:AES256-SHA256:AES128-SHA:AES256-SHA:"
    "DES-CBC3-SHA"
)
MOZILLA_INTERMEDIATE_2015 = (
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256:"
    "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-SHA256:"
    "ECDHE-RSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES256-SHA384:"
    "ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA384:ECDHE-ECDSA-AES256-SHA:ECDHE-RSA-AES256-SHA:"
    "DHE-RSA-AES128-SHA256:DHE-RSA-AES128-SHA:DHE-RSA-AES256-SHA256:DHE-RSA-AES256-SHA:"
    "ECDHE-ECDSA-DES-CBC3-SHA:ECDHE-RSA-DES-CBC3-SHA:EDH-RSA-DES-CBC3-SHA:AES128-GCM-SHA256:"
    "AES256-GCM-SHA384:AES128-SHA256:AES256-SHA256:AES128-SHA:AES256-SHA:DES-CBC3-SHA:!DSS"
)
HYNEK = (
    "ECDH+AESGCM:DH+AESGCM:ECDH+AES256:DH+AES256:ECDH+AES128:DH+AES:ECDH+3DES:DH+3DES:"
    "RSA+AESGCM:RSA+AES:RSA+3DES:!aNULL:!MD5:!DSS"
)

# Realistic strings (nginx/ingress/Apache defaults, Mozilla generations, blog-post favourites)
# plus the operators and corner cases of the syntax. For every one of them our order equals
# OpenSSL's exactly; there are no known order-only differences.
COMPARED = [
    "HIGH:!aNULL:!MD5",  # nginx default
    "ECDHE+AESGCM:ECDHE+CHACHA20",
    "EECDH+AESGCM:EDH+AESGCM",
    "EECDH+AESGCM:EDH+AESGCM:AES256+EECDH:AES256+EDH",
    "ALL:!EXPORT:!LOW:!aNULL:!eNULL:!SSLv2",
    "ALL:!ADH:!EXPORT56:RC4+RSA:+HIGH:+MEDIUM:+LOW:+SSLv2:+EXP",  # old Apache default
    "ALL:!EXPORT:!LOW:RC4+RSA:+HIGH:+MEDIUM",
    MOZILLA_MODERN_2015,
    MOZILLA_INTERMEDIATE,
    MOZILLA_INTERMEDIATE_2015,
    MOZILLA_OLD,
    HYNEK,
    "DEFAULT",
    "DEFAULT:!DHE:@STRENGTH",
    "DEFAULT:-AES256:AES256",
    "AES128-SHA:AES256-SHA",
    "kEECDH+aRSA",
    "HIGH:MEDIUM:!aNULL",
    "ECDHE-ECDSA-AES128-GCM-SHA256:-ECDHE",  # empty: OpenSSL says "no cipher match"
    "+AES:HIGH",
    "HIGH:@STRENGTH",
    "HIGH:+SHA1:+SHA256:@STRENGTH",
    "ALL",
    "ALL:COMPLEMENTOFALL",
    "COMPLEMENTOFDEFAULT",
    "COMPLEMENTOFALL",
    "eNULL:NULL-SHA",
    "AES:-AES256:AES256",  # "-" removes, a later add puts them back at the end
    "AES:!AES256:AES256",  # "!" removes for good
    "-ALL:AES128-SHA:ALL",
    "ECDHE:DHE:-aRSA:aRSA",
    "FIPS",
    "TLSv1.2:TLSv1:SSLv3",
    "kRSA:kPSK:PSK:SRP",
    "CBC:!SHA1",
    "ARIA:CAMELLIA:+CAMELLIA256",
    "AESCCM8:AESCCM:AESGCM",
    "DHE:!DSS:!aNULL",
    "HIGH+COMPLEMENTOFDEFAULT",
    "COMPLEMENTOFDEFAULT+HIGH",
    "HIGH+FIPS",  # quirk: two strength classes intersect to nothing
    "AES128-SHA+kRSA",
    "AES128-SHA+TLSv1.2",  # quirk: the alias's protocol, not the suite's, is tested
    "COMPLEMENTOFDEFAULT+ECDHE-RSA-AES256-SHA384",
    "ECDHE-RSA-AES256-SHA384+COMPLEMENTOFDEFAULT",
    "AES128-SHA AES256-SHA,CAMELLIA128-SHA;SEED-SHA",
    "aes128-sha:AES256-SHA",  # names are case-sensitive
    "garbage:HIGH:!MD5",
    "AES128-SHA:DEFAULT",  # DEFAULT is only special at the start
    "DEFAULTAES128-SHA",
    "SSLv2:AES128-SHA",
    "SUITEB128",
    "SUITEB128C2",
    "SUITEB192:HIGH",
    "foo/bar:AES128-SHA",
    "TLS_AES_128_GCM_SHA256:AES128-SHA",  # TLS 1.3 names do not belong in a cipher string
]


@needs_openssl
@pytest.mark.parametrize("cipher_string", COMPARED)
def test_matches_openssl(cipher_string: str) -> None:
    expected = openssl_list(cipher_string)
    assert expected is not None, "OpenSSL rejects this string; pick another"
    got = ours(cipher_string)
    assert set(got) == set(expected)
    assert got == expected


@needs_openssl
def test_matches_openssl_on_random_strings() -> None:
    """Property: for random rule strings OpenSSL accepts, we produce its exact list."""
    rng = random.Random(20240607)
    vocabulary = [
        *words("ALL COMPLEMENTOFALL COMPLEMENTOFDEFAULT HIGH MEDIUM LOW FIPS eNULL NULL aNULL"),
        *words("kRSA RSA aRSA kDHE kEDH DH DHE EDH ADH kECDHE kEECDH ECDH ECDHE EECDH AECDH"),
        *words("aECDSA ECDSA aDSS DSS PSK kPSK aPSK kRSAPSK kDHEPSK kECDHEPSK SRP kSRP aSRP"),
        *words("AES AES128 AES256 AESGCM AESCCM AESCCM8 CHACHA20 CAMELLIA CAMELLIA128 CBC"),
        *words("CAMELLIA256 ARIA ARIAGCM ARIA128 ARIA256 3DES RC4 SEED IDEA MD5 SHA1 SHA"),
        *words("SHA256 SHA384 SSLv3 TLSv1 TLSv1.0 TLSv1.2 EXPORT DES"),
    ]
    suite_names = sorted(local_names())
    compared = 0
    for _ in range(150):
        tokens = []
        for _ in range(rng.randint(1, 6)):
            parts = [
                rng.choice(vocabulary) if rng.random() < 0.8 else rng.choice(suite_names)
                for _ in range(rng.choice((1, 1, 1, 2, 3)))
            ]
            tokens.append(rng.choice(("", "", "", "!", "-", "+")) + "+".join(parts))
        if rng.random() < 0.2:
            tokens.append("@STRENGTH")
        if rng.random() < 0.2:
            tokens.insert(0, "DEFAULT")
        cipher_string = ":".join(tokens)
        expected = openssl_list(cipher_string)
        if expected is None:
            continue
        compared += 1
        assert ours(cipher_string) == expected, cipher_string
    assert compared > 100


@needs_openssl
def test_table_covers_the_local_openssl() -> None:
    """Every suite of the local OpenSSL is tabled, with the same code point and IANA name."""
    proc = subprocess.run(
        [OPENSSL or "openssl", "ciphers", "-stdname", "-V", "ALL:COMPLEMENTOFALL"],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        pytest.skip(f"{NOT_APPLICABLE} openssl ciphers -stdname is not supported")
    pattern = re.compile(r"\s*0x(..),0x(..) - (\S+)\s+- (\S+)\s+(\S+)")
    seen = 0
    for line in proc.stdout.splitlines():
        match = pattern.match(line)
        assert match, line
        high, low, iana, name, protocol = match.groups()
        if name in TLS13_NAMES:
            continue
        cipher = lookup(name)
        assert cipher is not None, name
        assert (cipher.openssl, cipher.iana, cipher.code, cipher.protocol) == (
            name,
            iana,
            int(high + low, 16),
            protocol,
        )
        seen += 1
    assert seen == len(local_names())


@needs_openssl
def test_default_order_matches_openssl() -> None:
    """CIPHERS is in OpenSSL's default preference order (seen through ALL and eNULL)."""
    known = local_names()
    table = [c for c in CIPHERS if c.openssl in known]
    assert tuple(c.openssl for c in table if c.enc != "NULL") == openssl_list("ALL")
    assert tuple(c.openssl for c in table if c.enc == "NULL") == openssl_list("eNULL")


# ---------------------------------------------------------------------------------------------
# Legacy suites: the reason the table is hand-made.


def test_rc4_suite() -> None:
    result = expand("RC4-SHA")
    assert [c.openssl for c in result.suites] == ["RC4-SHA"]
    assert weakness(result.suites[0]) == "RC4"
    assert result.unknown == ()


def test_export_suites() -> None:
    suites = expand("EXPORT").suites
    assert suites
    assert all(c.export for c in suites)
    assert all(weakness(c) == "export-grade" for c in suites)
    assert {c.openssl for c in expand("EXP").suites} == {c.openssl for c in suites}
    assert "EXP-RC4-MD5" in {c.openssl for c in expand("EXPORT40").suites}
    assert expand("EXPORT56").suites == ()  # the 56-bit suites were never built by default


def test_high_has_no_weak_ciphers() -> None:
    suites = expand("HIGH").suites
    assert suites
    assert not {c.enc for c in suites} & {"RC4", "DES", "3DES", "NULL", "RC2", "IDEA", "SEED"}
    assert not any(c.export for c in suites)


def test_all_has_3des_and_no_enull() -> None:
    suites = expand("ALL").suites
    assert "DES-CBC3-SHA" in {c.openssl for c in suites}
    assert "RC4-MD5" in {c.openssl for c in suites}
    assert not any(c.enc == "NULL" for c in suites)
    assert {c.enc for c in expand("COMPLEMENTOFALL").suites} == {"NULL"}


def test_null_and_anonymous_suites() -> None:
    null_sha = expand("NULL-SHA").suites
    assert len(null_sha) == 1
    assert weakness(null_sha[0]) == "NULL encryption"
    adh = lookup("ADH-AES128-SHA")
    assert adh is not None
    assert adh.anonymous
    assert weakness(adh) == "anonymous key exchange"
    assert expand("ADH-AES128-SHA").suites == (adh,)


def test_strength_classes_of_legacy_suites() -> None:
    assert {c.enc for c in expand("LOW").suites} == {"DES"}
    assert {c.enc for c in expand("MEDIUM").suites} == {"RC4", "3DES", "IDEA", "SEED"}
    des3 = lookup("DES-CBC3-SHA")
    assert des3 is not None
    assert des3.bits == 112
    assert "DES-CBC3-SHA" not in names("HIGH")
    assert "DES-CBC3-SHA" in names("MEDIUM")


def test_default_excludes_legacy_and_equals_its_definition() -> None:
    default = expand("DEFAULT")
    assert default.suites == expand("ALL:!COMPLEMENTOFDEFAULT:!eNULL").suites
    assert all(weakness(c) is None for c in default.suites)
    assert "ECDHE-RSA-AES128-GCM-SHA256" in {c.openssl for c in default.suites}


def test_old_apache_default_orders_weak_suites_last() -> None:
    result = expand("ALL:!ADH:!EXPORT56:RC4+RSA:+HIGH:+MEDIUM:+LOW:+SSLv2:+EXP")
    assert result.unknown == ()
    got = [c.openssl for c in result.suites]
    assert {"RC4-SHA", "RC4-MD5", "DES-CBC-SHA", "EXP-RC4-MD5"} <= set(got)
    assert not any(c.openssl.startswith("ADH-") for c in result.suites)
    # +HIGH, +MEDIUM, +LOW, +EXP move each class to the end in turn.
    rank = {}
    for level, alias in enumerate(("HIGH", "MEDIUM", "LOW", "EXPORT")):
        rank.update(dict.fromkeys(names(alias), level))
    ranks = [rank[name] for name in got]
    assert ranks == sorted(ranks)
    assert set(ranks) == {0, 1, 2, 3}


def test_renamed_edh_suites() -> None:
    modern = lookup("DHE-RSA-DES-CBC3-SHA")
    assert modern is not None
    assert lookup("EDH-RSA-DES-CBC3-SHA") is modern
    assert lookup("edh-dss-des-cbc3-sha") is lookup("DHE-DSS-DES-CBC3-SHA")
    assert expand("EDH-RSA-DES-CBC3-SHA").suites == (modern,)
    assert expand("EDH-RSA-DES-CBC3-SHA").unknown == ()
    # Single DES kept its 1.0.2 "EDH-" name.
    assert names("EDH-RSA-DES-CBC-SHA") == ["EDH-RSA-DES-CBC-SHA"]


def test_static_dh_and_ecdh_suites() -> None:
    ecdh = set(names("ECDH+AESGCM"))
    assert {"ECDHE-RSA-AES128-GCM-SHA256", "ECDH-RSA-AES128-GCM-SHA256"} <= ecdh
    assert "ECDH-RSA-AES128-GCM-SHA256" not in names("ECDHE")
    assert "ECDH-RSA-AES128-GCM-SHA256" not in names("kECDHE")
    assert "DH-RSA-AES256-SHA" in names("DH")
    assert "DH-RSA-AES256-SHA" not in names("DHE")
    assert set(names("kDH")) == {c.openssl for c in CIPHERS if c.kx == "DH"}
    static = lookup("ECDH-ECDSA-AES256-SHA")
    assert static is not None
    assert (static.kx, static.auth, static.forward_secret) == ("ECDH", "ECDSA", False)
    assert "ECDH-ECDSA-AES256-SHA" not in names("aECDSA")  # 1.0.2: its auth bit is aECDH
    assert "ECDH-ECDSA-AES256-SHA" in names("aECDH")


def test_ordering_puts_legacy_suites_where_openssl_1_1_1_would() -> None:
    got = names("ALL")
    # (EC)DHE first, RC4 at the end of its strength group, 3DES after every 128-bit suite.
    assert got.index("ECDHE-RSA-DES-CBC3-SHA") < got.index("AES128-SHA")
    assert got.index("AES128-SHA") < got.index("DES-CBC3-SHA")
    assert got.index("SEED-SHA") < got.index("RC4-SHA") < got.index("DES-CBC3-SHA")
    assert got.index("DHE-RSA-SEED-SHA") < got.index("DHE-RSA-CAMELLIA128-SHA")
    assert got[-1].startswith("EXP-")


# ---------------------------------------------------------------------------------------------
# Syntax, unknown tokens, robustness.


def test_garbage_token_is_reported_and_rest_expands() -> None:
    result = expand("garbage:HIGH")
    assert result.unknown == ("garbage",)
    assert result.suites == expand("HIGH").suites
    assert result.suites


def test_empty_string() -> None:
    assert expand("") == Expansion(suites=(), unknown=(), seclevel=None)


@pytest.mark.parametrize(
    ("cipher_string", "unknown"),
    [
        ("ECDHE+AESGMC:HIGH", ("AESGMC",)),
        ("high:HIGH", ("high",)),
        ("TLS_AES_128_GCM_SHA256:HIGH", ("TLS_AES_128_GCM_SHA256",)),
        ("HIGH:DEFAULT", ("DEFAULT",)),
        ("HIGH:TLSv1.1", ("TLSv1.1",)),
        ("!!AES:HIGH", ("!!AES",)),
        ("HIGH:AES+", ("AES+",)),
        ("foo/bar:HIGH", ("foo/bar",)),
        ("HIGH/x", ("/x",)),
        ("HIGH:@SECLEVEL=9", ("@SECLEVEL=9",)),
        ("HIGH:@FOO", ("@FOO",)),
        ("HIGH\n", ("\n",)),
        ("typo:HIGH:typo", ("typo",)),
    ],
)
def test_unknown_tokens(cipher_string: str, unknown: tuple[str, ...]) -> None:
    result = expand(cipher_string)
    assert result.unknown == unknown
    assert result.suites


def test_known_but_empty_tokens_are_not_unknown() -> None:
    assert expand("SSLv2:HIGH").unknown == ()
    assert expand("kRSA+kECDHE:HIGH").unknown == ()  # contradictory, selects nothing


def test_seclevel() -> None:
    assert expand("HIGH:@SECLEVEL=2").seclevel == 2
    assert expand("@SECLEVEL=0:ALL").seclevel == 0
    assert expand("HIGH").seclevel is None
    assert expand("HIGH:@SECLEVEL=9").seclevel is None
    assert expand("HIGH:@SECLEVEL=2").suites == expand("HIGH").suites


def test_strength_sort() -> None:
    bits = [c.bits for c in expand("ALL:@STRENGTH").suites]
    assert bits == sorted(bits, reverse=True)


def test_iana_names_in_cipher_strings() -> None:
    result = expand("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256:TLS_RSA_WITH_RC4_128_SHA")
    assert [c.openssl for c in result.suites] == ["ECDHE-RSA-AES128-GCM-SHA256", "RC4-SHA"]
    assert result.unknown == ()


def test_suiteb_replaces_the_whole_string() -> None:
    assert names("SUITEB128:RC4-SHA") == [
        "ECDHE-ECDSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-AES256-GCM-SHA384",
    ]
    assert names("SUITEB128ONLY") == ["ECDHE-ECDSA-AES128-GCM-SHA256"]
    assert names("SUITEB192") == ["ECDHE-ECDSA-AES256-GCM-SHA384"]


def test_never_raises_on_random_input() -> None:
    rng = random.Random(1234)
    vocabulary = [
        "HIGH", "ALL", "aNULL", "RC4", "AES128-SHA", "TLS_RSA_WITH_AES_128_CBC_SHA", "DEFAULT",
        "@STRENGTH", "@SECLEVEL=3", "@SECLEVEL=", "SUITEB128", "garbage", "", "+", "-", "!",
        "@", "!!", "++", "\x00", "é", "\n", "\t", "=", ".", "/", "(", "*", "AES+", "+AES+",
    ]  # fmt: skip
    for _ in range(2000):
        pieces = [rng.choice(vocabulary) for _ in range(rng.randint(0, 8))]
        if rng.random() < 0.3:
            pieces.append("".join(chr(rng.randint(0, 0x2FF)) for _ in range(rng.randint(0, 6))))
        cipher_string = "".join(p + rng.choice(":, ;+!-@") for p in pieces)
        result = expand(cipher_string)
        assert isinstance(result, Expansion)
        assert len(set(result.suites)) == len(result.suites)
        assert set(result.suites) <= set(CIPHERS)
        assert all(isinstance(u, str) and u for u in result.unknown)


def test_non_string_input_does_not_raise() -> None:
    assert expand(None).suites == ()  # type: ignore[arg-type]
    assert lookup(None) is None  # type: ignore[arg-type]


def test_results_are_cached() -> None:
    assert expand("HIGH:!aNULL:!MD5") is expand("HIGH:!aNULL:!MD5")


# ---------------------------------------------------------------------------------------------
# lookup(), Cipher properties, weakness(), the table itself.


def test_lookup_by_openssl_and_iana_name() -> None:
    cipher = lookup("ECDHE-RSA-AES128-GCM-SHA256")
    assert cipher is not None
    assert lookup("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256") is cipher
    assert lookup("tls_ecdhe_rsa_with_aes_128_gcm_sha256") is cipher
    assert lookup(" ecdhe-rsa-aes128-gcm-sha256 ") is cipher
    assert (cipher.code, cipher.kx, cipher.auth, cipher.enc, cipher.bits, cipher.mac) == (
        0xC02F,
        "ECDHE",
        "RSA",
        "AESGCM",
        128,
        "AEAD",
    )
    assert cipher.protocol == "TLSv1.2"
    assert (
        lookup("RC4-MD5")
        is lookup("TLS_RSA_WITH_RC4_128_MD5")
        is lookup("SSL_RSA_WITH_RC4_128_MD5")
    )
    assert lookup("TLS_DH_anon_WITH_AES_128_CBC_SHA") is lookup("ADH-AES128-SHA")
    assert lookup("NOPE-NOPE") is None
    assert lookup("HIGH") is None  # aliases are not suites


def test_lookup_tls13() -> None:
    for suite in TLS13_SUITES:
        assert lookup(suite.iana) is suite
        assert lookup(suite.iana.lower()) is suite
        assert suite.protocol == "TLSv1.3"
        assert suite.forward_secret and suite.aead
        assert weakness(suite) is None
    assert [s.code for s in TLS13_SUITES] == [0x1301, 0x1302, 0x1303, 0x1304, 0x1305]


def test_forward_secrecy() -> None:
    def fs(name: str) -> bool:
        cipher = lookup(name)
        assert cipher is not None
        return cipher.forward_secret

    assert fs("ECDHE-RSA-AES128-GCM-SHA256")
    assert fs("DHE-RSA-AES256-SHA")
    assert fs("ECDHE-PSK-AES128-CBC-SHA256")
    assert not fs("AES128-SHA")
    assert not fs("RSA-PSK-AES128-GCM-SHA256")
    assert not fs("DH-RSA-AES128-SHA")


def test_aead_and_anonymous_properties() -> None:
    gcm, cbc, aecdh = lookup("AES128-GCM-SHA256"), lookup("AES128-SHA"), lookup("AECDH-AES128-SHA")
    assert gcm is not None and cbc is not None and aecdh is not None
    assert gcm.aead and not cbc.aead
    assert aecdh.anonymous and not cbc.anonymous


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("NULL-MD5", "NULL encryption"),
        ("ECDHE-RSA-NULL-SHA", "NULL encryption"),
        ("AECDH-NULL-SHA", "NULL encryption"),
        ("EXP-ADH-RC4-MD5", "export-grade"),
        ("EXP-RC2-CBC-MD5", "export-grade"),
        ("ADH-RC4-MD5", "anonymous key exchange"),
        ("AECDH-DES-CBC3-SHA", "anonymous key exchange"),
        ("RC4-MD5", "RC4"),
        ("ECDHE-RSA-RC4-SHA", "RC4"),
        ("DES-CBC-SHA", "DES"),
        ("EDH-DSS-DES-CBC-SHA", "DES"),
        ("DES-CBC3-SHA", "3DES"),
        ("KRB5-DES-CBC3-MD5", "3DES"),
        ("KRB5-IDEA-CBC-MD5", "MD5 MAC"),
        ("IDEA-CBC-SHA", "IDEA"),
        ("SEED-SHA", "SEED"),
        ("AES128-SHA", None),
        ("ECDHE-ECDSA-CHACHA20-POLY1305", None),
        ("CAMELLIA256-SHA", None),
    ],
)
def test_weakness(name: str, reason: str | None) -> None:
    cipher = lookup(name)
    assert cipher is not None
    assert weakness(cipher) == reason


REQUIRED_LEGACY = words("""
RC4-SHA RC4-MD5 ECDHE-RSA-RC4-SHA ECDHE-ECDSA-RC4-SHA ADH-RC4-MD5 AECDH-RC4-SHA DES-CBC-SHA
EDH-RSA-DES-CBC-SHA EDH-DSS-DES-CBC-SHA ADH-DES-CBC-SHA EXP-RC4-MD5 EXP-RC2-CBC-MD5
EXP-DES-CBC-SHA EXP-EDH-RSA-DES-CBC-SHA EXP-EDH-DSS-DES-CBC-SHA EXP-ADH-DES-CBC-SHA
EXP-ADH-RC4-MD5 IDEA-CBC-SHA SEED-SHA DHE-RSA-SEED-SHA DHE-DSS-SEED-SHA ADH-SEED-SHA NULL-MD5
NULL-SHA NULL-SHA256 ECDHE-RSA-NULL-SHA ECDHE-ECDSA-NULL-SHA AECDH-NULL-SHA DES-CBC3-SHA
EDH-RSA-DES-CBC3-SHA DHE-RSA-DES-CBC3-SHA ECDHE-RSA-DES-CBC3-SHA ECDHE-ECDSA-DES-CBC3-SHA
ADH-DES-CBC3-SHA AECDH-DES-CBC3-SHA ECDH-RSA-AES128-SHA ECDH-ECDSA-AES256-GCM-SHA384
DH-RSA-AES256-SHA DH-DSS-AES128-GCM-SHA256
""")


def test_table_contains_the_legacy_suites() -> None:
    missing = [name for name in REQUIRED_LEGACY if lookup(name) is None]
    assert missing == []


def test_table_is_consistent() -> None:
    assert len(CIPHERS) > 200
    assert len({c.openssl for c in CIPHERS}) == len(CIPHERS)
    assert len({c.iana for c in CIPHERS}) == len(CIPHERS)
    assert len({c.code for c in CIPHERS}) == len(CIPHERS)
    vocab = {
        "kx": "RSA DHE ECDHE DH ECDH PSK DHEPSK ECDHEPSK RSAPSK SRP GOST KRB5",
        "auth": "RSA ECDSA DSS NULL PSK SRP GOST KRB5",
        "enc": "AESGCM AESCCM AESCCM8 AES CHACHA20 CAMELLIA ARIAGCM 3DES DES RC4 RC2 IDEA SEED"
        " NULL GOST",
        "mac": "AEAD SHA1 SHA256 SHA384 MD5 GOST",
        "protocol": "SSLv3 TLSv1 TLSv1.2",
    }
    for cipher in CIPHERS:
        assert isinstance(cipher, Cipher)
        for field, allowed in vocab.items():
            assert getattr(cipher, field) in allowed.split(), (cipher.openssl, field)
        assert cipher.iana.startswith("TLS_")
        assert 0 < cipher.code < 0x10000
        if cipher.aead:
            assert cipher.protocol == "TLSv1.2"
        assert (cipher.bits == 0) == (cipher.enc == "NULL")
        assert cipher.export == (cipher.bits == 40)
    assert not {c.openssl for c in CIPHERS} & TLS13_NAMES


def test_openssl3_suite_set_matches_the_local_openssl() -> None:
    """OPENSSL3_SUITES is generated data: it must equal what OpenSSL 3 really offers."""
    import shutil
    import subprocess

    from tlslint.tls.ciphers import OPENSSL3_SUITES

    binary = shutil.which("openssl")
    if binary is None:
        pytest.skip("openssl is not installed")
    version = subprocess.run([binary, "version"], capture_output=True, text=True).stdout
    if not version.startswith("OpenSSL 3."):
        pytest.skip(f"{NOT_APPLICABLE} not OpenSSL 3: {version.strip()}")
    listed = (
        subprocess.run(
            [binary, "ciphers", "ALL:COMPLEMENTOFALL:@SECLEVEL=0"], capture_output=True, text=True
        )
        .stdout.strip()
        .split(":")
    )
    assert {name for name in listed if not name.startswith("TLS_")} == OPENSSL3_SUITES


def test_aliases_select_only_suites_the_target_openssl_offers() -> None:
    from tlslint.tls.ciphers import expand_for

    modern = {c.openssl for c in expand_for("ALL:RC4-SHA").suites}
    assert "RC4-SHA" in modern  # named explicitly: kept, the config asks for it
    assert "DES-CBC3-SHA" not in modern and "ECDH-RSA-AES128-SHA" not in modern
    openssl11 = {c.openssl for c in expand_for("ALL", (1, 1, 1)).suites}
    assert "DES-CBC3-SHA" in openssl11 and "ECDH-RSA-AES128-SHA" not in openssl11
    legacy = {c.openssl for c in expand_for("ALL", (1, 0, 2)).suites}
    assert "ECDH-RSA-AES128-SHA" in legacy
