"""Checks for provider token formats that carry their own checksum or structure.

Vendors that publish "scannable" formats embed a checksum so that a scanner can
tell an issued token from a string that merely has the right shape. A mismatch
lowers the finding's confidence instead of dropping it: a vendor may change its
scheme for new tokens, and a hard reject would then hide every new token. A
failed structural check that no issued credential can fail (an AWS
documentation key, an age key with a broken bech32 checksum) rejects.
"""

from __future__ import annotations

import base64
import binascii
import zlib

from promptguard.patterncache import static
from promptguard.validators import Validator, ValidatorContext, bech32

# Confidence factors (see the package docstring): above 1 raises, below lowers.
_CHECKSUM_OK = 1.2
_CHECKSUM_BAD = 0.7
_NEUTRAL = 1.0

_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"


def _encode(number: int, alphabet: str, width: int) -> str:
    base = len(alphabet)
    digits = ""
    while number:
        number, rem = divmod(number, base)
        digits = alphabet[rem] + digits
    return digits.rjust(width, alphabet[0])


def _crc32(text: str) -> int:
    return zlib.crc32(text.encode("ascii", "replace"))


def _base62_crc_ok(body: str) -> bool:
    """GitHub/npm scheme: the last 6 characters are base62(CRC32(the rest))."""
    entropy, checksum = body[:-6], body[-6:]
    return _encode(_crc32(entropy), _BASE62, 6) == checksum


# --- GitHub and npm -------------------------------------------------------------------

_GITHUB_PREFIXES = ("ghp_", "gho_", "ghu_", "ghs_", "ghr_")


def github_checksum(value: str, ctx: ValidatorContext) -> float:
    """GitHub ``gh?_`` tokens: 30 random base62 characters, then a 6-character checksum.

    https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/
    Older refresh tokens (``ghr_`` + 76 characters) predate the scheme: neutral.
    """
    del ctx
    if not value.startswith(_GITHUB_PREFIXES):
        return _NEUTRAL
    body = value[4:]
    if len(body) != 36:
        return _NEUTRAL
    return _CHECKSUM_OK if _base62_crc_ok(body) else _CHECKSUM_BAD


def npm_checksum(value: str, ctx: ValidatorContext) -> float:
    """npm ``npm_`` tokens use GitHub's scheme (36 characters, last 6 a base62 CRC32).

    https://github.blog/2021-09-23-announcing-npms-new-access-token-format/
    """
    del ctx
    if not value.startswith("npm_") or len(value) != 40:
        return _NEUTRAL
    return _CHECKSUM_OK if _base62_crc_ok(value[4:]) else _CHECKSUM_BAD


# --- GitLab routable tokens -------------------------------------------------------------

# <prefix><base64url payload>.<version: 2 base36>.<payload length: 2 base36><crc: 7 base36>
# and the earlier form without the version field. The CRC32 covers everything before it,
# prefix included (lib/authn/token_field/generator/routable_token.rb in GitLab).
_GITLAB_ROUTABLE = static(
    r"(?P<prefix>[a-z]+-(?:t\d_)?)(?P<payload>[0-9A-Za-z_-]{27,300})"
    r"\.(?:(?P<version>[0-9a-z]{2})\.)?(?P<length>[0-9a-z]{2})(?P<crc>[0-9a-z]{7})"
)


def gitlab_routable_checksum(value: str, ctx: ValidatorContext) -> float:
    """Routable GitLab tokens end with a base36 CRC32; legacy 20-character ones are neutral."""
    del ctx
    match = _GITLAB_ROUTABLE.fullmatch(value)
    if match is None:
        return _NEUTRAL
    if int(match["length"], 36) != len(match["payload"]):
        return _CHECKSUM_BAD
    head = value[: match.start("crc")]
    return _CHECKSUM_OK if _encode(_crc32(head), _BASE36, 7) == match["crc"] else _CHECKSUM_BAD


# --- Cloudflare ------------------------------------------------------------------------


def cloudflare_checksum(value: str, ctx: ValidatorContext) -> float:
    """``cfk_``/``cfut_``/``cfat_`` + 40 characters + 8 hex digits of their CRC32.

    https://developers.cloudflare.com/fundamentals/api/get-started/token-formats/
    """
    del ctx
    _, sep, body = value.partition("_")
    if not sep or len(body) != 48:
        return _NEUTRAL
    return _CHECKSUM_OK if f"{_crc32(body[:40]):08x}" == body[40:].lower() else _CHECKSUM_BAD


# --- AWS ---------------------------------------------------------------------------------

# Key-id prefixes of credentials (long-term, temporary, bearer, context-specific).
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
_AWS_KEY_PREFIXES = frozenset({"AKIA", "ASIA", "ABIA", "ACCA"})
_AWS_BODY = static(r"[A-Z2-7]{16}")
# Keys printed in AWS documentation and SDK samples.
_AWS_DOC_KEYS = frozenset({"AKIAIOSFODNN7EXAMPLE", "AKIAI44QH8DHBEXAMPLE", "ASIAIOSFODNN7EXAMPLE"})
_RUN = static(r"(.)\1{5}")


def aws_key_id(value: str, ctx: ValidatorContext) -> float:
    """AWS access key ids: a credential prefix and 16 base32 characters, not a sample key."""
    del ctx
    prefix, body = value[:4], value[4:]
    if prefix not in _AWS_KEY_PREFIXES or _AWS_BODY.fullmatch(body) is None:
        return 0.0
    if value in _AWS_DOC_KEYS or body.endswith("EXAMPLE"):
        return 0.0
    # Issued ids are random base32: six equal characters in a row is a placeholder.
    if _RUN.search(body):
        return 0.0
    return _NEUTRAL


# --- Azure -------------------------------------------------------------------------------


def azure_storage_key(value: str, ctx: ValidatorContext) -> bool:
    """Storage account keys (and other Azure 512-bit keys) are 64 bytes in base64."""
    del ctx
    if len(value) != 88:
        return False
    try:
        return len(base64.b64decode(value, validate=True)) == 64
    except (binascii.Error, ValueError):
        return False


# --- age ---------------------------------------------------------------------------------


def bech32_ok(text: str) -> bool:
    """BIP 173 bech32 checksum of ``hrp1data`` (case-insensitive)."""
    text = text.lower()
    hrp, sep, data = text.rpartition("1")
    if not sep or not hrp or len(data) < 6 or any(c not in bech32.CHARSET for c in data):
        return False
    return bech32.checksum_constant(hrp, [bech32.CHARSET.index(c) for c in data]) == bech32.BECH32_CONST


def age_bech32(value: str, ctx: ValidatorContext) -> float:
    """``AGE-SECRET-KEY-1...`` is bech32 with the HRP ``age-secret-key-`` (age spec)."""
    del ctx
    return _CHECKSUM_OK if bech32_ok(value) else _CHECKSUM_BAD


VALIDATORS: dict[str, Validator] = {
    "github_checksum": github_checksum,
    "npm_checksum": npm_checksum,
    "gitlab_routable_checksum": gitlab_routable_checksum,
    "cloudflare_checksum": cloudflare_checksum,
    "aws_key_id": aws_key_id,
    "azure_storage_key": azure_storage_key,
    "age_bech32": age_bech32,
}
