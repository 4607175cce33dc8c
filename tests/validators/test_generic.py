"""Generic validators: keep real secrets, drop the code and prose around them.

Credential-like values are assembled at run time (random tokens from a seeded
generator, documentation keys from pieces) so this file does not trip secret scanners.
"""

from __future__ import annotations

import random
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from promptguard.validators import ValidatorContext, generic, registry


def run(name: str, value: str, text: str | None = None) -> float:
    """Run validator ``name`` on ``value`` found inside ``text`` (default: the value alone)."""
    text = value if text is None else text
    start = text.index(value)
    return float(registry()[name](value, ValidatorContext(text, start, start + len(value))))


def token(alphabet: str, length: int, seed: int) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(alphabet) for _ in range(length))


HEX = "0123456789abcdef"
B62 = string.ascii_letters + string.digits
B64 = B62 + "+/"
B32 = string.ascii_uppercase + "234567"
UUID = "3f2c8a71-5b0e-4d9a-9c3e-7a1b6e2d4f80"
HEX40 = token(HEX, 40, 1)
HEX64 = token(HEX, 64, 2)


def test_generic_validators_are_registered() -> None:
    names = set(registry())
    assert set(generic.VALIDATORS) <= names
    for name in ("not_placeholder", "looks_random", "not_uuid", "not_hash", "not_path", "not_version", "not_identifier"):
        assert name in names


# -- entropy ----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "bits"), [("", 0.0), ("aaaa", 0.0), ("ab", 1.0), ("abcd", 2.0), ("aabb", 1.0)])
def test_shannon_entropy(text: str, bits: float) -> None:
    assert generic.shannon_entropy(text) == pytest.approx(bits)


@given(st.text(max_size=200))
def test_shannon_entropy_is_bounded(text: str) -> None:
    assert 0.0 <= generic.shannon_entropy(text) <= 8.0 or len(set(text)) > 256


# -- looks_random -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("alphabet", "length"),
    [(HEX, 32), (HEX, 40), (HEX, 64), (B62, 20), (B62, 40), (B64, 24), (B64, 44), (B32, 32), (B62 + "_-", 43)],
)
def test_random_tokens_look_random(alphabet: str, length: int) -> None:
    kept = sum(run("looks_random", token(alphabet, length, seed)) > 0 for seed in range(200))
    assert kept >= 196  # at most 2% of genuinely random tokens may look structured


@pytest.mark.parametrize(
    "value",
    [
        "development#product",
        "ultraPictureBox1",
        "descriptor_owner",
        "proxy_auth_realm",
        "my-super-secret-jwt-key",
        "this_is_a_very_long_secret",
        "SalesResults-1.2",
        "jetbrains.mps.v8_elimination",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
        "0123456789abcdefghijklmnopqrstuvwxyz_-.",
        "1234567890123456",
        "aaaaaaaaaaaaaaaaaaaa",
        "short1A!",
        "the quick brown fox jumps",
    ],
)
def test_words_identifiers_and_sequences_do_not_look_random(value: str) -> None:
    assert run("looks_random", value) == 0


@pytest.mark.parametrize("value", ["a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7r8", "px-api-a1b2c3d4-e5f6-g7h8-i8j0-k0l3m3n4o0p5"])
def test_interleaved_counters_do_not_look_random(value: str) -> None:
    assert run("looks_random", value) == 0


def test_xml_attribute_name_is_read_for_secret_name() -> None:
    value = token(B62 + "-_", 86, 12)
    text = f'<input type="hidden" name="authenticity_token" value="{value}" autocomplete="off">'
    assert run("secret_name", value, text) == 0


@pytest.mark.parametrize("tail", ["..[Redacted]", "...[truncated]", "…(redacted)", "***", "[REDACTED]", " <masked>"])
def test_head_of_a_truncated_value_is_a_placeholder(tail: str) -> None:
    value = "ops_" + token(B62, 12, 13)
    assert run("not_placeholder", value, f"token: {value}{tail}") == 0


@pytest.mark.parametrize("tail", ["\n", "...", "… can you check it?", ". Redacted copy below"])
def test_a_whole_value_before_prose_is_not_truncated(tail: str) -> None:
    value = "ops_" + token(B62, 12, 13)
    assert run("not_placeholder", value, f"token: {value}{tail}") == 1


def test_single_case_random_is_kept_with_lower_confidence() -> None:
    assert 0 < run("looks_random", token(string.ascii_lowercase, 24, 5)) < 1


# -- random_body ------------------------------------------------------------------------

# Made-up bodies of the kind vendor docs and peers' rule examples use, built from pieces.
_ALPHABET = string.ascii_lowercase
FILLER_BODIES = [
    ("abcdef" + "1234567890") * 2,
    "1234567890" * 4 + "abcdefgh",
    _ALPHABET + _ALPHABET.upper() + "0123456789",
    "abcd1234" * 8,
    "12345678-ABCD-ABCD-ABCD-1234567890AB",
    "xyz" * 10 + "12",
]


@pytest.mark.parametrize(("alphabet", "length"), [(HEX, 32), (B62, 40), (B64, 44)])
def test_random_body_keeps_random_tokens_like_looks_random(alphabet: str, length: int) -> None:
    for seed in range(50):
        value = token(alphabet, length, seed)
        assert run("random_body", value) == run("looks_random", value)


@pytest.mark.parametrize("value", FILLER_BODIES)
def test_random_body_keeps_a_made_up_body_as_a_weak_finding(value: str) -> None:
    assert run("looks_random", value) == 0
    assert 0 < run("random_body", value) <= 0.3


@pytest.mark.parametrize(
    "value",
    [
        "a" * 40,
        "0" * 32,
        "ab" * 20,
        "aaaaaaaaaa1111111111bbbbbbbbbb2222222222",
        "x" * 36,
        "abcdXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
        "1234************************5678",
        "YOUR_API_KEY_GOES_HERE",
        "this_is_a_very_long_secret",
        "proxy_auth_realm_setting",
        "abcdef123456",
        "the quick brown fox jumps",
    ],
)
def test_random_body_rejects_masks_words_and_short_values(value: str) -> None:
    assert run("random_body", value) == 0


# -- not_placeholder --------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "",
        "${DB_PASSWORD}",
        "{{ secrets.API_TOKEN }}",
        "<password>",
        "<your token here>",
        "********",
        "xxxxxxxxxxxx",
        "sk-xxxxxxxxxxxxxxxxxxxx",
        "changeme",
        "password",
        "your_password",
        "YOUR_API_KEY",
        "[PASSWORD]",
        "{password}",
        "{0}",
        "%s",
        "%(password)s",
        "%DB_PASSWORD%",
        "$PASSWORD",
        "$(cat /run/secrets/db)",
        "#{datastore['DBPASSWORD']}",
        'os.environ["DB_PASSWORD"]',
        "process.env.API_KEY",
        "getenv('TOKEN')",
        "null",
        "None",
        "true",
        "Mot de passe",
        "Enter your password",
        "Password is required",
        "&lt;password&gt;",
        "token_goes_here",
        "AKIA" + "IOSFODNN7" + "EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "EXAMPLEKEY",
    ],
)
def test_placeholders_are_rejected(value: str) -> None:
    assert run("not_placeholder", value, f"x = '{value}'" if value else None) == 0


@pytest.mark.parametrize(
    "value", ["hunter2!x", "Tr0ub4dor&3", "s3cr3t-Pr0d", "secret", "{ZqL5kVrX1n8tA2}", "open sesame"]
)  # promptguard: allow
def test_literal_passwords_are_not_placeholders(value: str) -> None:
    assert run("not_placeholder", value) == 1


def test_random_tokens_are_not_placeholders() -> None:
    assert all(run("not_placeholder", token(B64, 40, seed)) == 1 for seed in range(50))


def test_doc_examples_come_from_the_data_file() -> None:
    examples = generic.doc_examples()
    assert "AKIA" + "IOSFODNN7EXAMPLE" in examples
    assert all(not line.startswith("#") for line in examples)
    assert run("not_doc_example", "Bearer " + "mF_9.B5f-4.1JqM") == 1  # short examples only match whole values
    assert run("not_doc_example", "mF_9.B5f-4.1JqM") == 0


# -- not_identifier ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("password = self.password", "self.password"),
        ("password=password", "password"),
        ("token = get_token()", "get_token()"),
        ("api_key = settings.API_KEY", "settings.API_KEY"),
        ("password = request.form['password']", "request.form['password']"),
        ("password: DB_PASSWORD", "DB_PASSWORD"),
        ("secret = kwargs if x else None", "kwargs"),
        ("password = result", "result"),
        ("name = 'ultraPictureBox1'", "ultraPictureBox1"),
        ("x = 'DOC_Vector_5_32'", "DOC_Vector_5_32"),
        ('add("--password", "-p")', "-p"),
        ("url = 'https://example.com/login'", "https://example.com/login"),
        ("password: str", "str"),
        ("password: !vault", "!vault"),
    ],
)
def test_code_is_an_identifier(text: str, value: str) -> None:
    assert run("not_identifier", value, text) == 0


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("PASSWORD=goodspec", "goodspec"),
        ("password: goodspec", "goodspec"),
        ("password = 'hunter2'", "hunter2"),
        ("password = hunter22", "hunter22"),
        ("DB_PASSWORD=Vq7#pL9zR2", "Vq7#pL9zR2"),
        ("url = 'https://u:p4ss@example.com'", "https://u:p4ss@example.com"),  # promptguard: allow
    ],
)
def test_literals_are_not_identifiers(text: str, value: str) -> None:
    assert run("not_identifier", value, text) == 1


# -- not_uuid / not_hash ----------------------------------------------------------------


def test_uuid_depends_on_the_name() -> None:
    assert run("not_uuid", UUID, f'client_id = "{UUID}"') == 0
    assert run("not_uuid", UUID, f'request = "{UUID}"') == 0
    assert 0 < run("not_uuid", UUID, f'api_token = "{UUID}"') < 1
    assert run("not_uuid", HEX40, f"token = {HEX40}") == 1


@pytest.mark.parametrize(
    ("text", "value", "kept"),
    [
        (f'sha256 = "{HEX64}"', HEX64, False),
        (f'checksum: "{HEX64}"', HEX64, False),
        (f"etag: {HEX64[:32]}", HEX64[:32], False),
        (f"commit: {HEX40}", HEX40, False),
        (f'SRCREV_app = "{HEX40}"', HEX40, False),
        (f"git checkout {HEX40}", HEX40, False),
        ("digest: sha256:" + HEX64, "sha256:" + HEX64, False),
        (f'secret_key = "{HEX64}"', HEX64, True),
        (f"GITHUB_TOKEN={HEX40}", HEX40, True),
        (f'api_key = "{HEX64[:32]}"', HEX64[:32], True),
    ],
)
def test_hashes_are_rejected_only_by_name_or_commit_context(text: str, value: str, kept: bool) -> None:
    assert (run("not_hash", value, text) > 0) is kept


# -- not_path / not_version / secret_name / password_literal -----------------------------


@pytest.mark.parametrize(
    "value",
    [
        "/etc/ssl/private/server.key",
        "./config/secrets.json",
        "~/.ssh/id_ed25519",
        "C:\\Users\\me\\key.pfx",
        "env/cert.p12",
        "cms/sites/passwords#edit",
        "#add-password",
        "application/json",
        "s_rsa1024_priv.pem",
    ],
)
def test_paths_are_rejected(value: str) -> None:
    assert run("not_path", value) == 0


def test_base64_with_slashes_is_not_a_path() -> None:
    assert run("not_path", token(B62, 14, 3) + "/" + token(B62, 12, 4) + "/" + token(B62, 10, 5)) == 1


@pytest.mark.parametrize("value", ["1.2.3", "v2.0.0-rc.1", "rc0.15.0_20231217_1420-SNAPSHOT", "2024-01-15", "3.5.12"])
def test_versions_are_rejected(value: str) -> None:
    assert run("not_version", value) == 0


def test_random_is_not_a_version() -> None:
    assert run("not_version", token(B62, 24, 9)) == 1


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("public_key", False),
        ("STRIPE_PUBLISHABLE_KEY", False),
        ("cache_key", False),
        ("csrf_token", False),
        ("next_page_token", False),
        ("recaptcha_site_key", False),
        ("authenticity_token", False),
        ("api_key", True),
        ("client_secret", True),
        ("SECRET_KEY", True),
    ],
)
def test_secret_name(name: str, kept: bool) -> None:
    value = token(B62, 32, 11)
    assert (run("secret_name", value, f'{name} = "{value}"') > 0) is kept


@pytest.mark.parametrize(
    ("text", "value", "kept"),
    [
        ("my password is Tr0ub4dor&3 ok", "Tr0ub4dor&3", True),  # promptguard: allow
        ("the password is 'admin'", "admin", True),  # promptguard: allow
        ("the password is required", "required", False),
        ("the password is 12", "12", False),
    ],
)
def test_password_literal_in_prose(text: str, value: str, kept: bool) -> None:
    assert (run("password_literal", value, text) > 0) is kept


def test_key_name_reads_the_assignment_target() -> None:
    def name(text: str, value: str) -> str:
        start = text.index(value)
        return generic.key_name(ValidatorContext(text, start, start + len(value)))

    assert name('"client_secret" : "abc123"', "abc123") == "client_secret"
    assert name("--api-key abc123", "abc123") == "api-key"
    assert name('<add key="ApiKey" value="abc123"/>', "abc123") == "ApiKey"
    assert name('GetEnv("api_token", "abc123")', "abc123") == "api_token"
    assert name("abc123", "abc123") == ""


@given(st.text(max_size=120))
def test_generic_validators_never_crash(text: str) -> None:
    ctx = ValidatorContext("x = " + text, 4, 4 + len(text))
    for validator in generic.VALIDATORS.values():
        assert float(validator(text, ctx)) >= 0


def test_human_secret_rejects_filler() -> None:
    from promptguard.validators import ValidatorContext
    from promptguard.validators.generic import human_secret

    ctx = ValidatorContext("", 0, 0)
    assert not human_secret("0000000=", ctx)
    assert not human_secret("xxxx-xxxx", ctx)
    assert human_secret("development#product", ctx)
