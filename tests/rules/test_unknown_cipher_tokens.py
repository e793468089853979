"""Unrecognised cipher-string tokens: typos are quoted, pieces of encoded data never are.

A private key pasted into `ssl_ciphers` (or a Terraform `ssl_policy`) is split by the cipher
parser at `+` and `:`; the message that lists the tokens must not carry any piece of it,
whatever the key's bytes (the listing cuts long tokens short, which once let a key's first
24 characters through redaction)."""

from __future__ import annotations

import re

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from tlslint.pipeline.redact import redact
from tlslint.rules.ciphers import name_shaped, shorten, unknown_tokens


@pytest.mark.parametrize(
    "token",
    [
        "ECDHE-RSA-AES128-GCM-SHA265",
        "TLS_AES_128_GCM_SHA384",
        "!aNULL",
        "kEECDH",
        "@SECLEVEL=9",
        "TLSv1.4",
        "-3DES",
        "COMPLEMENTOFDEFAULT",
    ],
)
def test_a_token_written_like_a_cipher_name_is_quoted(token: str) -> None:
    assert name_shaped(token)
    assert repr(token) in unknown_tokens((token,))


def test_tokens_beside_encoded_data_are_counted_not_quoted() -> None:
    listed = unknown_tokens(("ECDHE-RSA-AES128-GCM-SHA265", "MIGHAgEAMBMGByqGSM49AgE", "QN"))
    assert listed == "3 tokens not written like cipher names (not quoted)"


@pytest.mark.parametrize("kind", ["ec", "rsa"])
def test_no_piece_of_a_pasted_key_reaches_the_message(kind: str) -> None:
    for _ in range(40):
        key = (
            ec.generate_private_key(ec.SECP256R1())
            if kind == "ec"
            else rsa.generate_private_key(65537, 1024)
        )
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()
        body = "".join(pem.splitlines()[1:-1])
        value = body[:200]
        tokens = tuple(t for t in re.split(r"[+:, ]", value) if t)
        message = redact(f"'{shorten(value)}' contains {unknown_tokens(tokens)}, which match no")
        windows = {body[i : i + 8] for i in range(len(value) - 8)}
        assert not [w for w in windows if w in message], message
