"""Structure validators: JWT, PEM and user:password encodings.

Every token and key here is built at run time from random bytes, so nothing in this
file looks like a credential to a secret scanner.
"""

from __future__ import annotations

import base64
import json
import random

import pytest

from promptguard.validators import ValidatorContext, registry, structure


def run(name: str, value: str, text: str | None = None) -> float:
    text = value if text is None else text
    start = text.index(value)
    return float(registry()[name](value, ValidatorContext(text, start, start + len(value))))


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwt(header: dict[str, object], payload: dict[str, object], signature: bytes = b"\x01" * 32) -> str:
    head = b64url(json.dumps(header).encode())
    body = b64url(json.dumps(payload).encode())
    return f"{head}.{body}.{b64url(signature)}"


def der_body(size: int = 300, seed: int = 1, prefix: bytes = b"\x30\x82\x01\x28") -> str:
    rng = random.Random(seed)
    return base64.b64encode(prefix + bytes(rng.randrange(256) for _ in range(size))).decode()


def pem(label: str, body: str, width: int = 64) -> str:
    lines = [body[i : i + width] for i in range(0, len(body), width)]
    return f"-----BEGIN {label}-----\n" + "\n".join(lines) + f"\n-----END {label}-----"


def test_structure_validators_are_registered() -> None:
    assert set(structure.VALIDATORS) <= set(registry())


# -- jwt ----------------------------------------------------------------------------------


def test_signed_jwt() -> None:
    assert run("jwt", jwt({"alg": "HS256", "typ": "JWT"}, {"sub": "u1", "exp": 1893456000})) == 1


def test_unsigned_jwt_scores_lower() -> None:
    head = b64url(json.dumps({"alg": "none"}).encode())
    body = b64url(json.dumps({"sub": "u1"}).encode())
    assert run("jwt", f"{head}.{body}.") == pytest.approx(0.5)


def test_damaged_header_scores_lower_but_is_kept() -> None:
    token = jwt({"alg": "HS256"}, {"sub": "u1"})
    damaged = token[:10] + "eee" + token[13:]
    assert 0 < run("jwt", damaged) < 1


@pytest.mark.parametrize(
    "value",
    [
        b64url(b'{"alg":"HS256"}') + "." + b64url(b"not json at all") + ".c2ln",
        b64url(b'{"alg":"HS256"}') + "." + b64url(b'["a list"]') + ".c2ln",
        b64url(b'{"foo":"bar"}') + "." + b64url(b'{"x":1}') + ".",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0",
        "eyJ.eyJ.x",
    ],
)
def test_not_a_jwt(value: str) -> None:
    assert run("jwt", value) == 0


# -- pem ----------------------------------------------------------------------------------


@pytest.mark.parametrize("label", ["RSA PRIVATE KEY", "EC PRIVATE KEY", "PRIVATE KEY", "ENCRYPTED PRIVATE KEY"])
def test_der_private_keys(label: str) -> None:
    assert run("pem", pem(label, der_body())) == 1


def test_openssh_magic() -> None:
    body = base64.b64encode(b"openssh-key-v1\x00" + bytes(range(200))).decode()
    assert run("pem", pem("OPENSSH PRIVATE KEY", body, 70)) == 1
    assert run("pem", pem("OPENSSH PRIVATE KEY", der_body())) == pytest.approx(0.7)


def test_encrypted_headers_and_pgp_armor_are_skipped() -> None:
    body = der_body(prefix=b"")
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    encrypted = "\n".join(["-----BEGIN RSA PRIVATE KEY-----", "Proc-Type: 4,ENCRYPTED", "DEK-Info: AES-128-CBC,00FF", "", *lines])
    assert run("pem", encrypted + "\n-----END RSA PRIVATE KEY-----") > 0
    armored = "\n".join(["-----BEGIN PGP PRIVATE KEY BLOCK-----", "Comment: test", "", *lines, "=AbCd"])
    assert run("pem", armored + "\n-----END PGP PRIVATE KEY BLOCK-----") == 1


def test_escaped_unterminated_and_concatenated_blocks() -> None:
    block = pem("PRIVATE KEY", der_body())
    assert run("pem", block.replace("\n", "\\n")) == 1
    assert run("pem", "\n".join(block.splitlines()[:4])) > 0
    java = "\n".join(f'"{line}" +' for line in block.splitlines())
    assert run("pem", java[1:-3]) > 0


def test_mangled_body_is_kept_with_lower_confidence() -> None:
    body = der_body()
    assert run("pem", pem("PRIVATE KEY", body[:40] + "=" + body[41:])) == pytest.approx(0.6)


@pytest.mark.parametrize(
    "block",
    [
        "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----",
        "-----BEGIN PRIVATE KEY-----\nanything\n-----END PRIVATE KEY-----",
        "-----BEGIN PRIVATE KEY-----\n<private key here>\n-----END PRIVATE KEY-----",
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA...\n-----END RSA PRIVATE KEY-----",
        "-----BEGIN RSA PRIVATE KEY-----\n" + "A" * 64 + "\n" + "A" * 64 + "\n-----END RSA PRIVATE KEY-----",
        pem("RSA PRIVATE KEY", der_body()).replace("END RSA", "END EC"),
        "no block here",
    ],
)
def test_placeholder_and_mismatched_blocks(block: str) -> None:
    assert run("pem", block) == 0


def test_pem_base64() -> None:
    key = base64.b64encode(pem("EC PRIVATE KEY", der_body()).encode()).decode()
    cert = base64.b64encode(pem("CERTIFICATE", der_body()).encode()).decode()
    assert run("pem_base64", key) == 1
    assert run("pem_base64", key[:150]) == 1  # truncated
    assert run("pem_base64", cert) == 0


def test_base64_blob() -> None:
    assert run("base64_blob", der_body(60)[:64] + "\n" + der_body(60, 2)[:64]) == 1
    assert run("base64_blob", "AAAA") == 0
    assert run("base64_blob", "not base64 at all, sorry!!") == 0


# -- user:password encodings ---------------------------------------------------------------


def basic(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def test_basic_auth() -> None:
    assert run("basic_auth", basic("deploy:" + "Zr8!qL" + "m2xV4")) == 1
    assert run("basic_auth", basic("api:" + "key-3ax6xnjp29jd6fds4gc373sgvjxteol0")) == 1
    assert run("basic_auth", basic("d2LkV78zLx!t:")) == pytest.approx(0.5)  # API key as user name


@pytest.mark.parametrize(
    "value",
    [
        basic("user:password"),
        basic("admin:changeme"),
        basic("short:"),
        basic("no colon here"),
        "QWxhZGRpbjpvcGVuIHNlc2FtZQ==",  # RFC 7617's example
        "not base64!",
        b64url(b'{"alg":"HS256"}'),
    ],
)
def test_not_basic_auth(value: str) -> None:
    assert run("basic_auth", value) == 0


def test_damaged_basic_auth_is_kept_with_lower_confidence() -> None:
    raw = base64.b64decode(basic("svc-reports:" + "Rp-77!kQw2xYz"))
    damaged = base64.b64encode(raw[:-3] + b"\x95" + raw[-2:]).decode()
    assert 0 < run("basic_auth", damaged) < 1


def test_docker_auth_and_base64_text() -> None:
    assert run("docker_auth", basic("ci-bot:" + "dckr-Pass-7781")) == 1
    assert run("docker_auth", basic("ci-bot:")) == 0
    assert run("base64_text", basic("Np8#" + "word42")) == 1
    assert run("base64_text", basic("password")) == 0
    assert run("base64_text", base64.b64encode(bytes(range(200, 230))).decode()) == 0
