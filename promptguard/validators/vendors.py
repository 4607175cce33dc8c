"""Structure checks for payment, messaging, observability and SaaS token formats.

Each function knows one vendor's documented (or observably fixed) token layout: a
CRC32 checksum (Grafana service-account tokens, Trello ``ATTA`` tokens), a base64
segment that decodes to known JSON (Grafana, Mapbox, Sentry, Supabase, QStash), a
numeric id (Slack, Telegram, Discord). As in ``tokens.py``, a failed check that an
issued credential could still fail (a vendor changing its scheme) lowers confidence;
a value that cannot be a credential at all (a Supabase ``anon`` key, a Slack token
whose ids are all zeros) is rejected.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from typing import Any

from promptguard.patterncache import static
from promptguard.validators import Validator, ValidatorContext

_OK = 1.0
_CHECKSUM_OK = 1.2
_CHECKSUM_BAD = 0.6
_UNDECODABLE = 0.6
_COUNTING = 0.6

_SAME_DIGIT = static(r"^(\d)\1*$")


def _b64decode(segment: str) -> bytes | None:
    """Decode standard or URL-safe base64 with or without padding; None if it is not."""
    cleaned = segment.rstrip("=").replace("-", "+").replace("_", "/")
    try:
        return base64.b64decode(cleaned + "=" * (-len(cleaned) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None


def _b64json(segment: str) -> dict[str, Any] | None:
    raw = _b64decode(segment)
    if raw is None:
        return None
    try:
        decoded = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return decoded if isinstance(decoded, dict) else None


def _placeholder_id(digits: str) -> float:
    """Confidence factor for a numeric id: ``0000000000`` is a placeholder, ``1234567890`` likely one."""
    if _SAME_DIGIT.match(digits):
        return 0.0
    return _COUNTING if digits in "12345678901234567890" else _OK


# --- Slack -------------------------------------------------------------------------------


def slack_token(value: str, ctx: ValidatorContext) -> float:
    """Slack ``xox?-`` tokens: the numeric segments are team, user and token ids.

    https://api.slack.com/authentication/token-types. A token whose ids are all one
    digit is a documentation placeholder; a counting sequence lowers confidence.
    """
    del ctx
    ids = [part for part in value.split("-")[1:] if part.isdigit() and len(part) >= 6]
    return min((_placeholder_id(part) for part in ids), default=_OK)


# --- Telegram ----------------------------------------------------------------------------


def telegram_bot_token(value: str, ctx: ValidatorContext) -> float:
    """``<bot id>:<35-character secret>`` from @BotFather; the bot id is a positive integer.

    https://core.telegram.org/bots/api#authorizing-your-bot. Current secrets start with
    ``AA``; older ones do not, so that only nudges confidence.
    """
    del ctx
    bot_id, _, secret = value.partition(":")
    if not bot_id.isdigit() or bot_id.startswith("0") or len(secret) not in (34, 35):
        return 0.0
    return _placeholder_id(bot_id) * (_OK if secret.startswith("AA") else 0.8)


# --- Discord -----------------------------------------------------------------------------


def discord_bot_token(value: str, ctx: ValidatorContext) -> float:
    """Discord bot tokens: base64(user id) '.' base64(timestamp) '.' HMAC.

    The first segment decodes to the bot's snowflake id (17-20 decimal digits).
    """
    del ctx
    raw = _b64decode(value.split(".", 1)[0])
    if raw is None:
        return _UNDECODABLE
    text = raw.decode("ascii", "replace")
    return _OK if text.isdigit() and 17 <= len(text) <= 20 else _UNDECODABLE


# --- Grafana -----------------------------------------------------------------------------


def grafana_api_key(value: str, ctx: ValidatorContext) -> float:
    """Legacy Grafana API keys are base64 JSON ``{"k": ..., "n": <name>, "id": <org>}``.

    Other ``eyJrIjoi`` values (Power BI report links: ``{"k":..,"t":..,"c":..}``) are not
    keys. The decoded text is inspected rather than parsed, so that a key damaged by
    copy-paste is still recognised.
    """
    del ctx
    raw = _b64decode(value)
    if raw is None:
        return _UNDECODABLE
    text = raw.decode("utf-8", "replace")
    if '"n":' in text or '"id":' in text:
        return _OK
    return 0.0 if '"t"' in text else _UNDECODABLE


def grafana_cloud_token(value: str, ctx: ValidatorContext) -> float:
    """Grafana Cloud ``glc_`` tokens wrap base64 JSON ``{"o": org, "n": name, "k": key, "m": ...}``."""
    del ctx
    payload = _b64json(value.removeprefix("glc_"))
    if payload is None:
        return _UNDECODABLE
    return _OK if "k" in payload and ("o" in payload or "n" in payload) else 0.0


def grafana_service_account_token(value: str, ctx: ValidatorContext) -> float:
    """``glsa_<32 random>_<8 hex>``: the hex is CRC32("glsa_<random>") as little-endian bytes.

    See grafana/grafana pkg/components/satokengen.
    """
    del ctx
    key, _, checksum = value.rpartition("_")
    expected = zlib.crc32(key.encode("ascii", "replace")).to_bytes(4, "little").hex()
    return _CHECKSUM_OK if checksum.lower() == expected else _CHECKSUM_BAD


# --- Trello ------------------------------------------------------------------------------


def trello_token(value: str, ctx: ValidatorContext) -> float:
    """Trello ``ATTA`` tokens end with 8 upper-case hex digits: CRC32 of everything before."""
    del ctx
    body, checksum = value[:-8], value[-8:]
    expected = f"{zlib.crc32(body.encode('ascii', 'replace')):08X}"
    return _CHECKSUM_OK if checksum == expected else _CHECKSUM_BAD


# --- Sentry ------------------------------------------------------------------------------


def sentry_org_token(value: str, ctx: ValidatorContext) -> float:
    """``sntrys_<base64 JSON>_<secret>``: the JSON carries ``iat`` and the org's ``url``.

    https://github.com/getsentry/rfcs/blob/main/text/0091-ci-upload-tokens.md
    """
    del ctx
    middle = value.removeprefix("sntrys_").rpartition("_")[0]
    payload = _b64json(middle)
    if payload is None:
        return _UNDECODABLE
    return _OK if "iat" in payload and ("url" in payload or "region_url" in payload) else 0.3


def _middle_claims(value: str) -> dict[str, Any] | None:
    """The decoded JSON of the middle segment of a three-part dotted token (JWT-like)."""
    parts = value.split(".")
    return _b64json(parts[1]) if len(parts) == 3 else None


# --- Mapbox ------------------------------------------------------------------------------


def mapbox_token(value: str, ctx: ValidatorContext) -> float:
    """Mapbox ``pk.``/``sk.``/``tk.`` tokens: the middle segment is base64 JSON ``{"u": user, "a": ...}``."""
    del ctx
    payload = _middle_claims(value)
    if payload is None:
        return _UNDECODABLE
    return _OK if "u" in payload else 0.3


# --- Supabase ----------------------------------------------------------------------------


def supabase_service_role(value: str, ctx: ValidatorContext) -> float:
    """A Supabase project JWT whose ``role`` claim is ``service_role`` (the ``anon`` key is public)."""
    del ctx
    payload = _middle_claims(value)
    if payload is None:
        return _UNDECODABLE
    return _OK if payload.get("role") == "service_role" else 0.0


# --- Upstash -----------------------------------------------------------------------------


def qstash_token(value: str, ctx: ValidatorContext) -> float:
    """Upstash QStash tokens are base64 JSON ``{"UserID": ..., "Password": ...}``."""
    del ctx
    payload = _b64json(value)
    if payload is None:
        return _UNDECODABLE
    return _OK if "UserID" in payload and "Password" in payload else 0.0


# --- Intercom ----------------------------------------------------------------------------


def intercom_token(value: str, ctx: ValidatorContext) -> float:
    """Intercom access tokens are base64 of ``tok:<uuid-like id>...``."""
    del ctx
    raw = _b64decode(value)
    if raw is None:
        return _UNDECODABLE
    return _OK if raw.startswith(b"tok:") else 0.3


# --- Clerk -------------------------------------------------------------------------------


def clerk_publishable_key(value: str, ctx: ValidatorContext) -> float:
    """Clerk publishable keys: ``pk_test_``/``pk_live_`` + base64("<frontend api host>$")."""
    del ctx
    raw = _b64decode(value.split("_", 2)[-1])
    if raw is None:
        return 0.0
    host = raw.decode("ascii", "replace")
    return _OK if host.endswith("$") and "." in host else 0.0


VALIDATORS: dict[str, Validator] = {
    "slack_token": slack_token,
    "telegram_bot_token": telegram_bot_token,
    "discord_bot_token": discord_bot_token,
    "grafana_api_key": grafana_api_key,
    "grafana_cloud_token": grafana_cloud_token,
    "grafana_service_account_token": grafana_service_account_token,
    "trello_token": trello_token,
    "sentry_org_token": sentry_org_token,
    "mapbox_token": mapbox_token,
    "supabase_service_role": supabase_service_role,
    "qstash_token": qstash_token,
    "intercom_token": intercom_token,
    "clerk_publishable_key": clerk_publishable_key,
}
