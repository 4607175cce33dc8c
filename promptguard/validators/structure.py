"""Validators that check a candidate has the inner structure of its format.

A JWT whose parts decode to JSON, a PEM block whose body is base64 and whose END
label matches its BEGIN label, a Basic-auth value that decodes to ``user:password``:
structure is far better evidence than entropy, and it costs a few microseconds.
"""

from __future__ import annotations

import base64
import binascii
import json

from promptguard.patterncache import static
from promptguard.validators import Validator, ValidatorContext
from promptguard.validators.generic import doc_examples, not_placeholder

# --- base64 helpers ----------------------------------------------------------------------

_B64_CHARS = static(r"[A-Za-z0-9+/]*={0,2}")
_B64URL_CHARS = static(r"[A-Za-z0-9_-]*")
_B64_ALPHABET = static(r"[A-Za-z0-9+/=]+")


def _b64decode(data: str, *, urlsafe: bool = False) -> bytes | None:
    """Decode (url-safe) base64 with or without padding; None when it is not base64."""
    stripped = data.rstrip("=")
    if not (_B64URL_CHARS if urlsafe else _B64_CHARS).fullmatch(stripped) or len(stripped) % 4 == 1:
        return None
    padded = stripped + "=" * (-len(stripped) % 4)
    try:
        if urlsafe:
            return base64.urlsafe_b64decode(padded)
        return base64.b64decode(padded, validate=True)
    except (binascii.Error, ValueError):
        return None


def _printable(data: bytes) -> str | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text if text.isprintable() else None


# --- JWT --------------------------------------------------------------------------------


def _json_object(segment: str) -> dict[str, object] | None:
    raw = _b64decode(segment, urlsafe=True)
    if raw is None:
        return None
    try:
        value = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None
    return value if isinstance(value, dict) else None


def jwt(value: str, ctx: ValidatorContext) -> float:
    """A JWS compact token: the payload decodes to a JSON object, the header to JSON with "alg".

    A header that does not decode (a token damaged by copy-paste) lowers confidence;
    unsigned ``alg: none`` tokens grant nothing by themselves, so they score lower too.
    """
    parts = value.strip().split(".")
    if len(parts) != 3:
        return 0.0
    payload = _json_object(parts[1])
    if payload is None:
        raw = _b64decode(parts[1][: len(parts[1]) // 4 * 4], urlsafe=True)
        if raw is None or not raw.startswith(b'{"'):
            return 0.0
        payload = {}  # truncated payload: still clearly a JWT
    header = _json_object(parts[0])
    if header is None or "alg" not in header:
        return 0.6 if parts[2] else 0.0
    if str(header["alg"]).lower() == "none" or not parts[2]:
        return 0.5
    return 1.0


# --- PEM ---------------------------------------------------------------------------------

_PEM_BEGIN = static(r"-{4,5}\s?BEGIN ([A-Z0-9 ]+?)\s?-{4,5}")
_PEM_END = static(r"-{4,5}\s?END ([A-Z0-9 ]+?)\s?-{4,5}")
_HEADER_LINE = static(r"^[A-Za-z][\w-]*:\s")
_PGP_CHECKSUM = static(r"^=[A-Za-z0-9+/]{4}$")
# Code that builds a key from string literals: `"MIIE..." +`, `+ "MIIE..."`, `"MIIE...",`
_QUOTE_WRAP = static(r"""^(?:\+\s*)?["']|["']\s*[+,]?$|^["']?\s*\+\s*$""")
_DER_LABELS = frozenset({"RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY", "PRIVATE KEY", "ENCRYPTED PRIVATE KEY"})
_MIN_BODY = 40  # the smallest real key body (PKCS#8 Ed25519) is 64 base64 characters


def _unescape(block: str) -> str:
    r"""Undo the ``\n`` escapes of a PEM block stored in a JSON or YAML string."""
    if "\n" in block.strip() or "\\n" not in block:
        return block
    return block.replace("\\r", "").replace("\\n", "\n").replace("\\/", "/")


def _pem_body(lines: list[str]) -> str:
    """The base64 body of a PEM/armored block, without header lines and checksums."""
    body: list[str] = []
    continuation = False
    for raw in lines:
        line = _QUOTE_WRAP.sub("", raw.strip()).strip()
        if continuation:
            continuation = line.endswith("\\")
            continue
        if not body and _HEADER_LINE.match(line):
            continuation = line.endswith("\\")  # RFC 4716 header continuation
            continue
        if line and not _PGP_CHECKSUM.match(line):
            body.append(line)
    return "".join(body)


def pem(value: str, ctx: ValidatorContext) -> float:
    """A private-key block: END label matches BEGIN, the body is real base64 of key size.

    Placeholder blocks (``...``, ``<key>``, ``MIIE...``) have non-base64 bodies or are
    far too short. A body that is base64-alphabet but does not decode cleanly (a key
    mangled in transit) is kept with lower confidence.
    """
    block = _unescape(value.strip())
    begin = _PEM_BEGIN.search(block)
    if begin is None:
        return 0.0
    label = begin.group(1).strip()
    end = _PEM_END.search(block, begin.end())
    if end is not None and end.group(1).strip() != label:
        return 0.0
    inner = block[begin.end() : end.start() if end is not None else len(block)]
    body = _pem_body(inner.splitlines())
    if len(body) < _MIN_BODY or not _B64_ALPHABET.fullmatch(body):
        return 0.0
    if len(set(body)) < 16:
        return 0.0  # "AAAA..." / "xxxx..." filler
    decoded = _b64decode(body)
    if decoded is None:
        return 0.6
    if label in _DER_LABELS and not decoded.startswith(b"\x30"):
        return 0.7
    if label == "OPENSSH PRIVATE KEY" and not decoded.startswith(b"openssh-key-v1\x00"):
        return 0.7
    return 1.0


_PRIVATE_KEY_BEGIN = static(r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----")


def pem_base64(value: str, ctx: ValidatorContext) -> bool:
    """Base64 that decodes to a PEM private-key block (kubeconfig ``client-key-data``, env vars)."""
    v = value.strip()
    decoded = _b64decode(v[: len(v) // 4 * 4])
    if decoded is None:
        return False
    head = decoded[:80].decode("ascii", "replace")
    return bool(_PRIVATE_KEY_BEGIN.match(head))


def base64_blob(value: str, ctx: ValidatorContext) -> bool:
    """Whitespace-wrapped base64 of key size (PuTTY ``Private-Lines``)."""
    body = "".join(value.split())
    return len(body) >= _MIN_BODY and len(set(body)) >= 16 and _b64decode(body) is not None


# --- user:password encodings -----------------------------------------------------------------


_NOT_A_USER = static(r"[\"'{}\[\]<>]")


def _user_password(value: str) -> tuple[str, str, bool] | None:
    """(user, password, clean) from base64 of ``user:password``.

    ``clean`` is False when a few bytes are not printable UTF-8 (a value damaged in a
    copy-paste): still credentials, with less certainty.
    """
    decoded = _b64decode(value.strip())
    if decoded is None:
        return None
    text = _printable(decoded)
    clean = text is not None
    if text is None:
        text = decoded.decode("latin-1")
        if sum(32 <= ord(ch) < 127 for ch in text) < 0.9 * len(text):
            return None
    user, colon, password = text.partition(":")
    if not colon or _NOT_A_USER.search(user):
        return None  # no separator, or JSON/markup rather than a user name
    return user, password, clean


def basic_auth(value: str, ctx: ValidatorContext) -> float:
    """HTTP Basic credentials: base64 of printable ``user:password``.

    An empty password is kept at lower confidence (the user part is then usually an
    API key, as with Mailgun or Stripe).
    """
    if value.strip() in doc_examples():
        return 0.0
    pair = _user_password(value)
    if pair is None:
        return 0.0
    user, password, clean = pair
    factor = 1.0 if clean else 0.6
    if not password:
        return 0.5 * factor if len(user) >= 8 and not_placeholder(user, ctx) else 0.0
    return factor if not_placeholder(password, ctx) else 0.0


def docker_auth(value: str, ctx: ValidatorContext) -> bool:
    """A docker ``config.json`` ``auth``: base64 of ``user:password``, both present."""
    pair = _user_password(value)
    return pair is not None and pair[2] and bool(pair[0]) and bool(pair[1]) and not_placeholder(pair[1], ctx)


def base64_text(value: str, ctx: ValidatorContext) -> bool:
    """Base64 of a printable, non-placeholder string (npm ``_password``)."""
    decoded = _b64decode(value.strip())
    text = _printable(decoded) if decoded is not None else None
    return text is not None and len(text) >= 4 and not_placeholder(text, ctx)


VALIDATORS: dict[str, Validator] = {
    "jwt": jwt,
    "pem": pem,
    "pem_base64": pem_base64,
    "base64_blob": base64_blob,
    "basic_auth": basic_auth,
    "docker_auth": docker_auth,
    "base64_text": base64_text,
}
