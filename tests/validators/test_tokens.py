"""Provider token validators: checksums and structure on built tokens and lookalikes.

Checksum-valid tokens are built here at run time from random bodies, so no
credential-shaped literal sits in the repository.
"""

from __future__ import annotations

import base64
import random
import string
import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

import promptguard
from promptguard.validators import ValidatorContext, registry
from promptguard.validators.tokens import (
    age_bech32,
    aws_key_id,
    azure_storage_key,
    bech32_ok,
    cloudflare_checksum,
    github_checksum,
    gitlab_routable_checksum,
    npm_checksum,
)

BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
BASE36 = string.digits + string.ascii_lowercase
BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
CTX = ValidatorContext(text="", start=0, end=0)


def _encode(number: int, alphabet: str, width: int) -> str:
    digits = ""
    while number:
        number, rem = divmod(number, len(alphabet))
        digits = alphabet[rem] + digits
    return digits.rjust(width, alphabet[0])


def _random(rng: random.Random, n: int, alphabet: str = BASE62) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def base62_token(prefix: str, body: str) -> str:
    """GitHub/npm layout: prefix, 30 random characters, base62 CRC32 of those 30."""
    return prefix + body + _encode(zlib.crc32(body.encode()), BASE62, 6)


def gitlab_routable(prefix: str, payload: str, version: str | None = "01") -> str:
    head = f"{prefix}{payload}." + (f"{version}." if version else "") + _encode(len(payload), BASE36, 2)
    return head + _encode(zlib.crc32(head.encode()), BASE36, 7)


def cloudflare(prefix: str, body: str) -> str:
    return f"{prefix}{body}{zlib.crc32(body.encode()):08x}"


def age_key(rng: random.Random) -> str:
    hrp = "age-secret-key-"
    data = [rng.randrange(32) for _ in range(52)]
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    from promptguard.validators.bech32 import polymod as _bech32_polymod

    polymod = _bech32_polymod(expanded + data + [0] * 6) ^ 1
    checksum = [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]
    return ("age-secret-key-1" + "".join(BECH32[d] for d in data + checksum)).upper()


def _flip(token: str, index: int, alphabet: str = BASE62) -> str:
    """Change one character, staying in ``alphabet``, so the checksum no longer holds."""
    ch = token[index]
    return token[:index] + alphabet[(alphabet.index(ch) + 1) % len(alphabet)] + token[index + 1 :]


@pytest.fixture
def rng() -> random.Random:
    return random.Random(20240601)


# --- registry ----------------------------------------------------------------------------


def test_validators_are_registered() -> None:
    names = {
        "github_checksum",
        "npm_checksum",
        "gitlab_routable_checksum",
        "cloudflare_checksum",
        "aws_key_id",
        "azure_storage_key",
        "age_bech32",
    }
    assert names <= set(registry())


# --- GitHub and npm ----------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"])
def test_github_checksum_accepts_issued_layout(rng: random.Random, prefix: str) -> None:
    token = base62_token(prefix, _random(rng, 30))
    assert github_checksum(token, CTX) > 1


@given(st.text(alphabet=BASE62, min_size=30, max_size=30))
def test_github_checksum_holds_for_any_body(body: str) -> None:
    assert github_checksum(base62_token("ghp_", body), CTX) > 1


@pytest.mark.parametrize("index", [4, 20, 33, 39])
def test_github_checksum_lowers_a_tampered_token(rng: random.Random, index: int) -> None:
    token = _flip(base62_token("ghp_", _random(rng, 30)), index)
    assert 0 < github_checksum(token, CTX) < 1


def test_github_checksum_lowers_random_lookalikes(rng: random.Random) -> None:
    # A hand-typed or generated "ghp_" + 36 characters almost never carries the checksum.
    lookalikes = ["ghp_" + _random(rng, 36) for _ in range(50)]
    assert all(github_checksum(t, CTX) < 1 for t in lookalikes)


def test_github_checksum_is_neutral_where_no_scheme_applies(rng: random.Random) -> None:
    assert github_checksum("ghr_" + _random(rng, 76), CTX) == 1.0  # pre-2021 refresh token
    assert github_checksum("github_pat_" + _random(rng, 82), CTX) == 1.0
    assert github_checksum("glpat-" + _random(rng, 20), CTX) == 1.0


def test_npm_checksum(rng: random.Random) -> None:
    token = base62_token("npm_", _random(rng, 30))
    assert npm_checksum(token, CTX) > 1
    assert 0 < npm_checksum(_flip(token, 10), CTX) < 1
    assert npm_checksum("npm_" + _random(rng, 20), CTX) == 1.0  # not the 36-character format


# --- GitLab ------------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["01", None])
@pytest.mark.parametrize("prefix", ["glpat-", "gldt-", "glrt-t1_"])
def test_gitlab_routable_checksum(rng: random.Random, prefix: str, version: str | None) -> None:
    token = gitlab_routable(prefix, _random(rng, 36, BASE62 + "_-"), version)
    assert gitlab_routable_checksum(token, CTX) > 1
    assert 0 < gitlab_routable_checksum(_flip(token, len(token) - 1, BASE36), CTX) < 1


def test_gitlab_routable_checksum_checks_the_payload_length(rng: random.Random) -> None:
    payload = _random(rng, 36)
    head = f"glpat-{payload}.01.{_encode(35, BASE36, 2)}"  # claims 35 characters
    token = head + _encode(zlib.crc32(head.encode()), BASE36, 7)
    assert gitlab_routable_checksum(token, CTX) < 1


def test_gitlab_legacy_token_is_neutral(rng: random.Random) -> None:
    assert gitlab_routable_checksum("glpat-" + _random(rng, 20), CTX) == 1.0


# --- Cloudflare --------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["cfk_", "cfut_", "cfat_"])
def test_cloudflare_checksum(rng: random.Random, prefix: str) -> None:
    token = cloudflare(prefix, _random(rng, 40))
    assert cloudflare_checksum(token, CTX) > 1
    assert 0 < cloudflare_checksum(_flip(token, len(prefix) + 3), CTX) < 1
    assert 0 < cloudflare_checksum(_flip(token, len(token) - 1, "0123456789abcdef"), CTX) < 1


def test_cloudflare_checksum_neutral_on_other_lengths(rng: random.Random) -> None:
    assert cloudflare_checksum("cfut_" + _random(rng, 40), CTX) == 1.0


# --- AWS ---------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["AKIA", "ASIA", "ABIA", "ACCA"])
def test_aws_key_id_accepts_credential_prefixes(rng: random.Random, prefix: str) -> None:
    assert aws_key_id(prefix + _random(rng, 16, string.ascii_uppercase + "234567"), CTX) == 1.0


@pytest.mark.parametrize(
    "value",
    [
        "AKIA" + "IOSFODNN7" + "EXAMPLE",  # AWS documentation key
        "AKIA" + "I44QH8DHB" + "EXAMPLE",
        "AKIA" + "Z5TTJ3VQX" + "EXAMPLE",  # any ...EXAMPLE sample
        "AKIA" + "X" * 16,  # placeholder
        "AKIA" + "Z5TT0000" + "QJOLY4P1",  # 0 and 1 are not base32
        "AIDA" + "Z5TTJ3VQ" + "XQJOLY4P",  # a user id, not a credential
        "akia" + "z5ttj3vq" + "xqjoly4p",
        "AKIA" + "Z5TTJ3VQ" + "XQJOLY",  # too short
    ],
)
def test_aws_key_id_rejects_lookalikes(value: str) -> None:
    assert aws_key_id(value, CTX) == 0


# --- Azure -------------------------------------------------------------------------------


def test_azure_storage_key(rng: random.Random) -> None:
    key = base64.b64encode(rng.randbytes(64)).decode()
    assert azure_storage_key(key, CTX)
    assert not azure_storage_key(base64.b64encode(rng.randbytes(63)).decode(), CTX)
    assert not azure_storage_key(key[:-3] + "!==", CTX)
    assert not azure_storage_key("A" * 86, CTX)


# --- age / bech32 ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["A12UEL5L", "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw", "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w"],
)
def test_bech32_bip173_vectors(value: str) -> None:
    assert bech32_ok(value)


def test_age_bech32(rng: random.Random) -> None:
    key = age_key(rng)
    assert age_bech32(key, CTX) > 1
    tampered = key[:-1] + ("Q" if key[-1] != "Q" else "P")
    assert 0 < age_bech32(tampered, CTX) < 1
    assert age_bech32("AGE-SECRET-KEY-1" + "B" * 58, CTX) < 1  # "b" is not in the bech32 alphabet


# --- through the scanner -----------------------------------------------------------------


def test_scanner_ranks_checksum_valid_tokens_higher(rng: random.Random) -> None:
    good = base62_token("ghp_", _random(rng, 30))
    bad = _flip(good, 12)
    text = f"GITHUB_TOKEN={good}\nOLD_TOKEN={bad}\n"
    found = {f.value: f for f in promptguard.scan(text) if f.rule_id == "github-pat-classic"}
    assert set(found) == {good, bad}
    assert found[good].confidence > found[bad].confidence >= 0.5


def test_scanner_drops_aws_documentation_key() -> None:
    text = "aws_access_key_id = AKIA" + "IOSFODNN7" + "EXAMPLE"
    assert not [f for f in promptguard.scan(text) if f.rule_id == "aws-access-key-id"]
