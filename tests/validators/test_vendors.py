from __future__ import annotations

import base64
import json
import zlib

import pytest

from promptguard.validators import ValidatorContext, registry
from promptguard.validators import vendors as v


def ctx(value: str) -> ValidatorContext:
    return ValidatorContext(value, 0, len(value))


def b64(obj: object, *, url: bool = False) -> str:
    raw = json.dumps(obj, separators=(",", ":")).encode()
    return (base64.urlsafe_b64encode(raw) if url else base64.b64encode(raw)).decode().rstrip("=")


def test_all_vendor_validators_are_registered() -> None:
    assert set(v.VALIDATORS) <= set(registry())


# --- Slack ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("xoxb-503818135714-5066027863521-RmQ7qTMnXGr4VtZoHk2cWs9B", 1.0),  # promptguard: allow
        ("xoxb-0000000000-0000000000000-Abcdefghijklmnopqrstuvwx", 0.0),
        ("xoxb-1234567890-5066027863521-RmQ7qTMnXGr4VtZoHk2cWs9B", 0.6),  # promptguard: allow
        ("xoxe.xoxp-1-Mi0yLTIxNTE3NzA2MDYtNTEy", 1.0),
    ],
)
def test_slack_token(token: str, expected: float) -> None:
    assert v.slack_token(token, ctx(token)) == pytest.approx(expected)


# --- Telegram ------------------------------------------------------------------------------


def test_telegram_bot_token() -> None:
    secret = "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1"  # promptguard: allow
    assert v.telegram_bot_token(f"8104725531:{secret}", ctx("")) == 1.0
    assert v.telegram_bot_token(f"8104725531:Xy{secret[2:]}", ctx("")) == pytest.approx(0.8)
    assert v.telegram_bot_token(f"1234567890:{secret}", ctx("")) == pytest.approx(0.6)
    assert v.telegram_bot_token(f"0000000000:{secret}", ctx("")) == 0.0
    assert v.telegram_bot_token(f"0810472553:{secret}", ctx("")) == 0.0
    assert v.telegram_bot_token("8104725531:AAshort", ctx("")) == 0.0


# --- Discord -------------------------------------------------------------------------------


def test_discord_bot_token_decodes_snowflake() -> None:
    first = base64.urlsafe_b64encode(b"1187245590123456789").decode().rstrip("=")
    assert v.discord_bot_token(f"{first}.GhT2aQ.{'q' * 38}", ctx("")) == 1.0
    assert v.discord_bot_token("MC0dBvKTjD0rY0cV8i37CjBf.uLHQPq.Nb1Ok1mEhe-3iTdrGOuegj29yQR", ctx("")) == pytest.approx(
        0.6
    )  # promptguard: allow


# --- Grafana -------------------------------------------------------------------------------


def test_grafana_api_key() -> None:
    key = b64({"k": "Zq3Lk9Vw2Xr8Tn4Bp6Yc1Md7Hf5Js0Ga", "n": "ci", "id": 1})
    assert v.grafana_api_key(key, ctx(key)) == 1.0
    power_bi = b64({"k": "a6c197b1-348b-4529-8ad2-6e20de9900de", "t": "72f988bf-87f1-41af-91ab-2d7cd011db47", "c": 5})
    assert v.grafana_api_key(power_bi, ctx(power_bi)) == 0.0
    assert v.grafana_api_key("eyJrIjoi!!!", ctx("")) == pytest.approx(0.6)


def test_grafana_cloud_token() -> None:
    token = "glc_" + b64({"o": "310281", "n": "stack-1-hm-write", "k": "ZAcOfmaw4VFXivOeW9rDQOMd", "m": {"r": "us"}})
    assert v.grafana_cloud_token(token, ctx(token)) == 1.0
    other = "glc_" + b64({"a": 1})
    assert v.grafana_cloud_token(other, ctx(other)) == 0.0
    assert v.grafana_cloud_token("glc_" + "A1b2C3d4" * 5, ctx("")) == pytest.approx(0.6)


def test_grafana_service_account_checksum() -> None:
    body = "glsa_Zq3Lk9Vw2Xr8Tn4Bp6Yc1Md7Hf5Js0Ga"
    good = body + "_" + zlib.crc32(body.encode()).to_bytes(4, "little").hex()
    assert v.grafana_service_account_token(good, ctx(good)) == pytest.approx(1.2)
    bad = body + "_00000000"
    assert v.grafana_service_account_token(bad, ctx(bad)) == pytest.approx(0.6)


# --- Trello --------------------------------------------------------------------------------


def test_trello_checksum() -> None:
    body = "ATTA" + "3f9c2b7a1e8d4f6a0b5c9e2d7f1a3b8c" * 2
    good = body + f"{zlib.crc32(body.encode()):08X}"
    assert v.trello_token(good, ctx(good)) == pytest.approx(1.2)
    assert v.trello_token(body + "0CAB02F0", ctx("")) == pytest.approx(0.6)


# --- Sentry / Mapbox / Supabase / QStash / Intercom / Clerk ----------------------------------


def test_sentry_org_token() -> None:
    payload = b64({"iat": 1720000000.5, "url": "https://sentry.io", "region_url": "https://us.sentry.io", "org": "acme"})
    token = f"sntrys_{payload}_{'Qw3Er5Ty7Ui9Op1As3Df5Gh7Jk9Lz1Xc3Vb5Nm7Qw3E'}"
    assert v.sentry_org_token(token, ctx(token)) == 1.0
    other = f"sntrys_{b64({'a': 1})}_{'Q' * 43}"
    assert v.sentry_org_token(other, ctx(other)) == pytest.approx(0.3)


def test_mapbox_token() -> None:
    token = f"sk.{b64({'u': 'acme', 'a': 'ckx1y2z3'}, url=True)}.Xr8Tn4Bp6Yc1Md7Hf5Js0G"
    assert v.mapbox_token(token, ctx(token)) == 1.0
    assert v.mapbox_token("sk.notbase64!.abc", ctx("")) == pytest.approx(0.6)


def _jwt(claims: dict[str, object]) -> str:
    return f"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.{b64(claims, url=True)}.{'s' * 43}"


def test_supabase_service_role_only() -> None:
    service = _jwt({"iss": "supabase", "ref": "abcdefghijklmnopqrst", "role": "service_role"})
    anon = _jwt({"iss": "supabase", "ref": "abcdefghijklmnopqrst", "role": "anon"})
    assert v.supabase_service_role(service, ctx(service)) == 1.0
    assert v.supabase_service_role(anon, ctx(anon)) == 0.0


def test_qstash_token() -> None:
    token = b64(
        {"UserID": "354b8ef1-557d-4b85-9455-2798fe13f1d3", "Password": "0475e588ac91c8bb2beba7133082eac6"}
    )  # promptguard: allow
    assert v.qstash_token(token, ctx(token)) == 1.0
    assert v.qstash_token(b64({"UserID": "x"}), ctx("")) == 0.0


def test_intercom_token() -> None:
    token = base64.b64encode(b"tok:46be109a_403c_45e3_8243_9009f9154b28:1:0").decode()
    assert v.intercom_token(token, ctx(token)) == 1.0
    other = base64.b64encode(b"toc:nothing to see here at all").decode()
    assert v.intercom_token(other, ctx(other)) == pytest.approx(0.3)


def test_clerk_publishable_key() -> None:
    good = "pk_test_" + base64.b64encode(b"sweet-lark-12.clerk.accounts.dev$").decode().rstrip("=")
    assert v.clerk_publishable_key(good, ctx(good)) == 1.0
    stripe_like = "pk_test_51Hq2ZqLk9Vw2Xr8Tn4Bp6Yc1Md7Hf5Js0Ga"  # promptguard: allow
    assert v.clerk_publishable_key(stripe_like, ctx(stripe_like)) == 0.0
