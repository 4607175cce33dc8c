"""Reversible redaction: placeholders that survive a model, and restore that never guesses.

Credential-shaped values are generated at run time (see conftest) so nothing here
looks like a leaked key to a secret scanner.
"""

from __future__ import annotations

import functools
import json
import random
import string
import warnings
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import promptguard
from promptguard import placeholders
from promptguard.reversible import PlaceholderWarning, redact_reversible, restore, restore_stream
from promptguard.scanner import Scanner
from promptguard.vault import Vault
from tests.conftest import run_cli

_B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase


# -- values the bundled rules detect, built at run time ---------------------------------


def email(rng: random.Random) -> str:
    local = rng.choice(string.ascii_lowercase) + "".join(
        rng.choices(string.ascii_lowercase + string.digits, k=rng.randint(2, 10))
    )
    if rng.random() < 0.3:
        local += "." + "".join(rng.choices(string.ascii_lowercase, k=rng.randint(2, 6)))
    domain = "".join(rng.choices(string.ascii_lowercase, k=rng.randint(4, 10)))
    return f"{local}@{domain}.{rng.choice(['com', 'net', 'de', 'io', 'co.uk', 'fr'])}"


def aws_key_id(rng: random.Random) -> str:
    return "AK" + "IA" + "".join(rng.choices(string.ascii_uppercase + "234567", k=16))


def github_pat(rng: random.Random) -> str:
    # GitHub's format: 30 random base62 characters, then base62(CRC32) in 6 characters.
    body = "".join(rng.choices(_B62, k=30))
    number, check = zlib.crc32(body.encode()), ""
    while number:
        number, rem = divmod(number, 62)
        check = _B62[rem] + check
    return "gh" + "p_" + body + check.rjust(6, "0")


def mobile_de(rng: random.Random) -> str:
    return "+49 151 " + "".join(rng.choices(string.digits, k=8))


GENERATORS = (email, aws_key_id, github_pat, mobile_de)


def mixed_text(rng: random.Random, values: int = 5) -> tuple[str, list[str]]:
    words = ["deploy", "the", "key", "is", "mail", "me", "at", "token", "café", "東京", "🙂", "**bold**", "`code`", "[link]"]
    parts, planted = [], []
    for _ in range(values):
        parts.append(" ".join(rng.choices(words, k=rng.randint(1, 6))))
        value = rng.choice(GENERATORS)(rng)
        planted.append(value)
        parts.append(value)
    parts.append(rng.choice(["", ".", "\n", "\r\n"]))
    return " ".join(parts), planted


# -- fixtures ----------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def scanner() -> Scanner:
    return Scanner()


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[Vault]:
    with Vault(tmp_path / "vault.sqlite3") as v:
        yield v


# -- the property ------------------------------------------------------------------------

# Filler without '_' cannot form a placeholder, without digits or '@' forms no finding of
# its own; brackets, Markdown, quotes, CRLF and non-ASCII stress offsets and parsing.
_FILLER = st.text(alphabet=st.sampled_from(list("abcXYZ é東🙂[]*`#>\"'\\{}:,.-\n\r\t")), max_size=30)
# Seeds rather than st.randoms(): shrinking a Random yields "AKIAAAAA..." that rules rightly reject.
_VALUE = st.builds(lambda make, seed: make(random.Random(seed)), st.sampled_from(GENERATORS), st.integers(0, 2**32))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    pieces=st.lists(st.tuples(_FILLER, _VALUE), max_size=6),
    tail=_FILLER,
    separator=st.sampled_from([" ", "\n", " (", ": ", "\t", "'"]),
    namespace=st.sampled_from(["default", "conv-1", "conv-2"]),
)
def test_restore_of_redact_is_identity(
    tmp_path: Path, pieces: list[tuple[str, str]], tail: str, separator: str, namespace: str
) -> None:
    text = "".join(filler + separator + value + separator for filler, value in pieces) + tail
    with Vault(tmp_path / "property.sqlite3") as v:
        result = redact_reversible(text, vault=v, namespace=namespace, scanner=scanner())
        assert restore(result.text, vault=v, namespace=namespace) == text
        assert "".join(restore_stream(_split(result.text, 7), vault=v, namespace=namespace)) == text
    for finding in result.findings:
        assert finding.value not in result.text
    for _, value in pieces:
        assert value not in result.text


def _split(text: str, size: int) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)]


# -- placeholders ------------------------------------------------------------------------


def test_placeholder_is_typed_ascii_and_free_of_the_value(vault: Vault) -> None:
    rng = random.Random(1)
    key = aws_key_id(rng)
    first = vault.placeholder("a", "aws_access_key_id", key)
    assert placeholders.is_placeholder(first)
    assert first.startswith("[[AWS_ACCESS_KEY_ID_") and first.isascii()
    assert key[4:] not in first and key[-6:] not in first
    # The tag is drawn at random, not derived from the value: another namespace differs.
    others = {vault.placeholder(f"ns{i}", "aws_access_key_id", key) for i in range(5)}
    assert len(others | {first}) == 6


def test_same_value_same_placeholder_different_values_differ(vault: Vault) -> None:
    rng = random.Random(2)
    values = [email(rng) for _ in range(200)]
    names = vault.placeholders("c", [("email", v) for v in values])
    assert len(set(names)) == len(set(values))
    assert vault.placeholders("c", [("email", v) for v in reversed(values)]) == list(reversed(names))


@pytest.mark.parametrize("type_", ["email", "aws_access_key_id", "detect-secrets.Base64", "9lives", "", "a" * 80])
def test_labels_always_parse(type_: str) -> None:
    name = placeholders.make(type_, placeholders.new_tag())
    assert placeholders.is_placeholder(name), name
    assert len(name) <= placeholders.MAX_LENGTH


def test_placeholders_are_not_findings_themselves(vault: Vault) -> None:
    text, _ = mixed_text(random.Random(3), values=20)
    redacted = redact_reversible(text, vault=vault, scanner=scanner()).text
    assert scanner().scan(redacted) == []


def _sample(vault: Vault) -> tuple[list[str], list[str]]:
    rng = random.Random(4)
    values = [email(rng), aws_key_id(rng), github_pat(rng)]
    names = [
        vault.placeholder("default", t, v) for t, v in zip(("email", "aws_access_key_id", "github_pat"), values, strict=True)
    ]
    return values, names


def test_survives_markdown_code_fences_json_and_reordering(vault: Vault) -> None:
    values, names = _sample(vault)
    mail, key, token = names
    answer = (
        f"## Summary\n\n* **Contact:** _{mail}_ and `{key}`\n> quoted {token}\n\n"
        f"```bash\nexport AWS_ACCESS_KEY_ID={key}\ncurl -H 'Authorization: token {token}'\n```\n"
        f"| who | key |\n|---|---|\n| {mail} | {key} |\n"
    )
    expected = answer.replace(mail, values[0]).replace(key, values[1]).replace(token, values[2])
    assert restore(answer, vault=vault) == expected
    # JSON string quoting, as a model's tool call or an API body would carry it.
    quoted = json.dumps({"text": answer, "html_safe": answer.replace("<", "\\u003c")})
    assert all(name in quoted for name in names)  # nothing inside a placeholder needs escaping
    assert restore(json.loads(quoted)["text"], vault=vault) == expected
    assert json.loads(restore(quoted, vault=vault))["text"] == expected
    # Moved around: sentences reordered, placeholders repeated and glued to punctuation.
    moved = f"({token}),{mail}.{mail}\n{key}!"
    assert restore(moved, vault=vault) == f"({values[2]}),{values[0]}.{values[0]}\n{values[1]}!"


def test_placeholder_text_is_plain_for_markdown_and_json() -> None:
    name = placeholders.make("aws_access_key_id", placeholders.new_tag())
    assert json.dumps(name) == f'"{name}"'
    assert json.dumps(name, ensure_ascii=True) == f'"{name}"'
    # Nothing that Markdown or HTML escaping touches inside the brackets.
    assert not set(name[2:-2]) & set("\\`*{}()#+-.!|<>&\"'~")


# -- restore never guesses ---------------------------------------------------------------


def test_tampered_and_unknown_placeholders_stay_with_a_warning(vault: Vault) -> None:
    rng = random.Random(5)
    value = email(rng)
    name = vault.placeholder("default", "email", value)
    tag = name[-8:-2]
    altered_tag = name.replace(tag, tag[:-1] + ("A" if tag[-1] != "A" else "B"))
    altered_type = name.replace("EMAIL", "PHONE_NUMBER")
    text = f"a {name} b {altered_tag} c {altered_type} d [[EMAIL_{tag}]"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = restore(text, vault=vault)
    assert out == f"a {value} b {altered_tag} c {altered_type} d [[EMAIL_{tag}]"
    messages = [str(w.message) for w in caught if w.category is PlaceholderWarning]
    assert len(messages) == 2
    assert any(altered_tag in m for m in messages) and any(altered_type in m for m in messages)
    assert all(value not in m for m in messages)


def test_other_namespace_is_not_guessed(vault: Vault) -> None:
    value = email(random.Random(6))
    name = vault.placeholder("conv-a", "email", value)
    with pytest.warns(PlaceholderWarning):
        assert restore(name, vault=vault, namespace="conv-b") == name


# -- streaming ---------------------------------------------------------------------------


def test_stream_every_split_point(vault: Vault) -> None:
    text, _ = mixed_text(random.Random(7), values=3)
    redacted = redact_reversible(text, vault=vault, scanner=scanner()).text + " [[ [x] [[EMAIL_ ]]"
    expected = restore(redacted, vault=vault)
    for i in range(len(redacted) + 1):
        assert "".join(restore_stream([redacted[:i], redacted[i:]], vault=vault)) == expected, i
    for i in range(0, len(redacted) + 1, 3):
        for j in range(i, min(len(redacted), i + placeholders.MAX_LENGTH) + 1):
            chunks = [redacted[:i], redacted[i:j], redacted[j:]]
            assert "".join(restore_stream(chunks, vault=vault)) == expected, (i, j)
    assert "".join(restore_stream(iter(redacted), vault=vault)) == expected


def test_stream_holds_back_only_a_possible_placeholder_start(vault: Vault) -> None:
    name = vault.placeholder("default", "email", "ana.lima@servidor-mail.com.br")
    stream = restore_stream(iter(["see ", name[:5], name[5:], " [x] and [", "[", "no"]), vault=vault)
    assert next(stream) == "see "
    assert next(stream) == "ana.lima@servidor-mail.com.br"  # held until the closing ']]'
    assert next(stream) == " [x] and "  # '[' may begin a placeholder: held
    assert next(stream) == "[[no"  # '[[n' cannot: released at once
    assert list(stream) == []


def test_stream_tail_that_never_completes_is_flushed(vault: Vault) -> None:
    assert "".join(restore_stream(["abc [[EMAIL_12"], vault=vault)) == "abc [[EMAIL_12"


# -- library API and CLI -----------------------------------------------------------------


def test_library_api_round_trip(tmp_path: Path) -> None:
    text, values = mixed_text(random.Random(8))
    with Vault(tmp_path / "v.sqlite3") as v:
        result = promptguard.redact(text, reversible=True, vault=v, namespace="s1")
        assert not any(value in result.text for value in values)
        assert promptguard.restore(result.text, vault=v, namespace="s1") == text
        assert "".join(promptguard.restore_stream(iter(result.text), vault=v, namespace="s1")) == text


def test_library_default_vault_lives_in_user_data_dir() -> None:
    text, _ = mixed_text(random.Random(9))
    result = promptguard.redact(text, reversible=True, namespace="s2")
    assert promptguard.restore(result.text, namespace="s2") == text
    from promptguard.vault import default_path

    assert default_path().is_file()


def test_cli_redact_reversible_then_restore(tmp_path: Path) -> None:
    text, values = mixed_text(random.Random(10))
    vault_file = str(tmp_path / "cli.sqlite3")
    red = run_cli("redact", "--reversible", "--namespace", "chat-9", "--vault", vault_file, "-", stdin=text, cwd=tmp_path)
    assert red.returncode == 0, red.stderr
    assert not any(v in red.stdout + red.stderr for v in values)
    assert "reversible" in red.stderr
    back = run_cli("restore", "--namespace", "chat-9", "--vault", vault_file, stdin=red.stdout, cwd=tmp_path)
    assert back.returncode == 0, back.stderr
    assert back.stdout == text
    wrong = run_cli("restore", "-n", "other", "--vault", vault_file, "--strict", stdin=red.stdout, cwd=tmp_path)
    assert wrong.returncode == 1 and wrong.stdout == red.stdout
    assert "left as is" in wrong.stderr and not any(v in wrong.stderr for v in values)


def test_cli_restore_passes_other_bytes_through(tmp_path: Path) -> None:
    vault_file = tmp_path / "bytes.sqlite3"
    with Vault(vault_file) as v:
        name = v.placeholder("default", "email", "kim.sato@kaisha-mail.jp")
    data = b"\xef\xbb\xbfbad \xff\xfe utf-8 " + name.encode() + b" \r\n\x00end"
    result = run_cli("restore", "--vault", str(vault_file), stdin=data, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = data.replace(name.encode(), b"kim.sato@kaisha-mail.jp").decode("utf-8", "replace")
    assert result.stdout == out


def test_cli_restore_file_and_missing_file(tmp_path: Path) -> None:
    vault_file = tmp_path / "f.sqlite3"
    with Vault(vault_file) as v:
        name = v.placeholder("default", "email", "kim.sato@kaisha-mail.jp")
    answer = tmp_path / "answer.md"
    answer.write_text(f"Write to {name}.\n")
    ok = run_cli("restore", str(answer), "--vault", str(vault_file), cwd=tmp_path)
    assert ok.returncode == 0 and ok.stdout == "Write to kim.sato@kaisha-mail.jp.\n"
    missing = run_cli("restore", str(tmp_path / "nope.md"), "--vault", str(vault_file), cwd=tmp_path)
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_cli_reversible_rejects_style(tmp_path: Path) -> None:
    result = run_cli("redact", "--reversible", "--style", "mask", "-", stdin="x", cwd=tmp_path)
    assert result.returncode == 2 and "--style" in result.stderr


def test_redact_messages_reversible(tmp_path: Path) -> None:
    rng = random.Random(13)
    mail, key = email(rng), aws_key_id(rng)
    original = f"mail {mail} about key {key}"
    messages: list[dict[str, Any]] = [
        {"role": "system", "content": "You are helpful."},
        {"role": "user", "content": [{"type": "text", "text": original}]},
        {"role": "user", "content": f"again: {mail}"},
    ]
    with Vault(tmp_path / "m.sqlite3") as v:
        safe = promptguard.redact_messages(messages, vault=v, namespace="chat")
        dumped = json.dumps(safe)
        assert mail not in dumped and key not in dumped
        first = safe[1]["content"][0]["text"]
        again = placeholders.PATTERN.search(safe[2]["content"])
        assert again is not None and again.group(0) in first  # same value, same placeholder
        assert promptguard.restore(first, vault=v, namespace="chat") == original
    assert messages[2]["content"] == f"again: {mail}"  # input not mutated
