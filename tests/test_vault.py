"""The vault: file safety, TTL, encryption at rest, and no lost or mixed mappings under concurrency."""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import sqlite3
import stat
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from promptguard.reversible import PlaceholderWarning, redact_reversible, restore
from promptguard.vault import Vault, VaultError, default_path
from tests.conftest import run_cli
from tests.test_reversible import aws_key_id, email, github_pat, mixed_text

_KEY = "k" * 8 + "-fake-test-key-not-a-secret-" + "z" * 8  # 44 characters, generated for tests


class Clock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[Vault]:
    with Vault(tmp_path / "vault.sqlite3") as v:
        yield v


# -- the file ----------------------------------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_default_file_0600_in_0700_directory_whatever_the_umask() -> None:
    old = os.umask(0o000)
    try:
        with Vault() as v:
            v.placeholder("default", "email", "ana@correo-ejemplar.es")
            path = default_path()
            assert v.path == path
            assert _mode(path.parent) == 0o700
            assert _mode(path) == 0o600
            for suffix in ("-wal", "-shm"):  # SQLite gives its side files the database's mode
                side = Path(f"{path}{suffix}")
                if side.exists():
                    assert _mode(side) == 0o600
    finally:
        os.umask(old)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_loose_permissions_are_tightened(tmp_path: Path) -> None:
    default = default_path()
    default.parent.mkdir(parents=True, mode=0o755)
    os.chmod(default.parent, 0o755)  # noqa: S103 - the loose mode under test
    default.write_bytes(b"")
    os.chmod(default, 0o644)
    with Vault():
        assert _mode(default.parent) == 0o700
        assert _mode(default) == 0o600


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_config_default_vault_is_in_its_own_0700_directory() -> None:
    from promptguard.config import Config
    from promptguard.vault import vault_for

    default_path().parent.mkdir(parents=True, mode=0o750)
    os.chmod(default_path().parent, 0o750)  # noqa: S103 - the loose mode under test
    vault = vault_for(Config())
    assert vault is vault_for(Config())  # one shared instance per process
    assert vault.path == default_path()
    assert _mode(default_path().parent) == 0o700


def test_symlink_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.sqlite3"
    target.write_bytes(b"")
    link = tmp_path / "vault.sqlite3"
    link.symlink_to(target)
    with pytest.raises(VaultError, match="symlink"):
        Vault(link)


def test_dangling_symlink_is_refused_not_created(tmp_path: Path) -> None:
    link = tmp_path / "vault.sqlite3"
    link.symlink_to(tmp_path / "planted")
    with pytest.raises(VaultError, match="symlink"):
        Vault(link)
    assert not (tmp_path / "planted").exists()


def test_symlinked_wal_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "vault.sqlite3"
    Path(f"{path}-wal").symlink_to(tmp_path / "planted-wal")
    with pytest.raises(VaultError, match="symlink"):
        Vault(path)


def test_not_a_vault_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "vault.sqlite3"
    path.write_bytes(b"this is not a database file at all" * 200)
    with pytest.raises(VaultError, match="cannot open vault"):
        Vault(path)


def test_mappings_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "v.sqlite3"
    with Vault(path) as first:
        name = first.placeholder("s", "email", "li.wei@hangzhou-mail.cn")
    with Vault(path) as second:
        assert second.lookup("s", [name]).values == {name: "li.wei@hangzhou-mail.cn"}
        assert second.placeholder("s", "email", "li.wei@hangzhou-mail.cn") == name


# -- namespaces, TTL, list, purge ---------------------------------------------------------


def test_namespaces_are_separate(vault: Vault) -> None:
    a = vault.placeholder("conv-a", "email", "x.y@firma-mail.de")
    b = vault.placeholder("conv-b", "email", "x.y@firma-mail.de")
    assert a != b
    assert vault.lookup("conv-b", [a]).values == {}
    with pytest.raises(VaultError):
        vault.placeholder("", "email", "x.y@firma-mail.de")


def test_ttl_expiry_and_purge_on_open(tmp_path: Path) -> None:
    clock = Clock()
    path = tmp_path / "ttl.sqlite3"
    with Vault(path, ttl=100, clock=clock) as v:
        old = v.placeholder("s", "email", "old@mailhost-one.com")
        clock.now += 60
        kept = v.placeholder("s", "email", "kept@mailhost-one.com")
        clock.now += 50  # "old" is past its TTL, "kept" is not
        assert v.lookup("s", [old, kept]).values == {kept: "kept@mailhost-one.com"}
        assert [e.placeholder for e in v.entries()] == [kept]
        assert v.placeholder("s", "email", "old@mailhost-one.com") != old  # a fresh mapping
    clock.now += 1000
    with Vault(path, ttl=100, clock=clock) as reopened:
        assert reopened.purged_on_open == 2
    rows = sqlite3.connect(path).execute("SELECT COUNT(*) FROM entries").fetchone()
    assert rows == (0,)


def test_reuse_extends_expiry(tmp_path: Path) -> None:
    clock = Clock()
    with Vault(tmp_path / "v.sqlite3", ttl=100, clock=clock) as v:
        name = v.placeholder("s", "email", "busy@mailhost-two.com")
        clock.now += 90
        assert v.placeholder("s", "email", "busy@mailhost-two.com") == name
        clock.now += 90
        assert v.lookup("s", [name]).values == {name: "busy@mailhost-two.com"}


def test_purge_variants(tmp_path: Path) -> None:
    clock = Clock()
    with Vault(tmp_path / "v.sqlite3", ttl=100, clock=clock) as v:
        v.placeholders("a", [("email", "one@mailhost-three.com"), ("email", "two@mailhost-three.com")])
        v.placeholder("b", "email", "three@mailhost-three.com")
        clock.now += 200
        v.placeholder("b", "email", "four@mailhost-three.com")
        assert v.purge(expired_only=True) == 3
        assert v.purge(namespace="a") == 0
        assert v.purge(namespace="b") == 1
        assert v.entries() == []


# -- encryption at rest -------------------------------------------------------------------


def _file_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.iterdir() if p.name.startswith(path.name))


def test_values_encrypted_at_rest_with_a_key(tmp_path: Path) -> None:
    pytest.importorskip("cryptography")
    rng = random.Random(11)
    values = [email(rng), aws_key_id(rng), github_pat(rng)]
    path = tmp_path / "sealed.sqlite3"
    with Vault(path, key=_KEY) as v:
        assert v.encrypted
        names = v.placeholders("s", [("email", values[0]), ("aws_access_key_id", values[1]), ("github_pat", values[2])])
        raw = _file_bytes(path)
        for value in values:
            assert value.encode() not in raw
            assert value[4:20].encode() not in raw
        assert v.lookup("s", names).values == dict(zip(names, values, strict=True))
        assert {e.storage for e in v.entries()} == {"encrypted"}
    with Vault(path, key=_KEY) as again:  # same key, new process state: same mappings
        assert again.placeholder("s", "email", values[0]) == names[0]


def test_wrong_or_missing_key_never_yields_a_value(tmp_path: Path) -> None:
    pytest.importorskip("cryptography")
    path = tmp_path / "sealed.sqlite3"
    with Vault(path, key=_KEY) as v:
        name = v.placeholder("s", "email", "secret.person@hidden-mail.org")
    for other in (Vault(path), Vault(path, key=_KEY[::-1])):
        with other:
            found = other.lookup("s", [name])
            assert found.values == {} and found.sealed == {name}
            assert [e.storage for e in other.entries()] == ["other-key"]
            with pytest.warns(PlaceholderWarning, match="another key"):
                assert restore(name, vault=other, namespace="s") == name


def test_tampered_or_swapped_ciphertext_is_rejected(tmp_path: Path) -> None:
    pytest.importorskip("cryptography")
    path = tmp_path / "sealed.sqlite3"
    with Vault(path, key=_KEY) as v:
        a, b = v.placeholders("s", [("email", "first@hidden-mail.org"), ("email", "second@hidden-mail.org")])
    db = sqlite3.connect(path)
    (value_b,) = db.execute("SELECT value FROM entries WHERE placeholder = ?", (b,)).fetchone()
    db.execute("UPDATE entries SET value = ? WHERE placeholder = ?", (value_b, a))  # moved between rows
    db.execute("UPDATE entries SET value = ? WHERE placeholder = ?", (bytes(value_b[:-1]) + b"\x00", b))  # altered
    db.commit()
    db.close()
    with Vault(path, key=_KEY) as v:
        found = v.lookup("s", [a, b])
        assert found.values == {} and found.sealed == {a, b}


def test_short_key_is_refused(tmp_path: Path) -> None:
    with pytest.raises(VaultError, match="at least 32"):
        Vault(tmp_path / "v.sqlite3", key="hunter2")


def test_key_without_cryptography_fails_closed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "cryptography.hazmat.primitives.ciphers.aead", None)
    with pytest.raises(VaultError, match="vault-crypto"):
        Vault(tmp_path / "v.sqlite3", key=_KEY)
    assert not (tmp_path / "v.sqlite3").exists()


# -- concurrency --------------------------------------------------------------------------

_SHARED = 12  # values every worker redacts, so workers race to allocate them


def _shared_values() -> list[tuple[str, str]]:
    rng = random.Random(99)
    return [(t, make(rng)) for t, make in (("email", email), ("aws_access_key_id", aws_key_id)) for _ in range(_SHARED // 2)]


def _worker(path: str, worker: int, threads: int = 4, rounds: int = 6) -> list[tuple[str, str, str]]:
    """Redact and restore from several threads; return every (namespace, value, placeholder) seen."""
    from promptguard.scanner import Scanner

    scanner = Scanner()
    seen: list[tuple[str, str, str]] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    vault = Vault(path)

    def run(thread: int) -> None:
        rng = random.Random(worker * 1000 + thread)
        try:
            for round_ in range(rounds):
                namespace = f"ns-{round_ % 2}"
                text, _ = mixed_text(rng, values=3)
                shared = rng.sample(_shared_values(), 4)
                text += " " + " ".join(value for _, value in shared)
                result = redact_reversible(text, vault=vault, namespace=namespace, scanner=scanner)
                assert restore(result.text, vault=vault, namespace=namespace) == text
                pairs = [(f.type, f.value) for f in result.findings]
                names = vault.placeholders(namespace, pairs)
                assert all(name in result.text for name in names)
                with lock:
                    seen.extend((namespace, value, name) for (_, value), name in zip(pairs, names, strict=True))
        except BaseException as exc:  # reported to the parent below
            errors.append(exc)

    workers = [threading.Thread(target=run, args=(t,)) for t in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    vault.close()
    if errors:
        raise errors[0]
    return seen


def test_processes_and_threads_lose_and_mix_nothing(tmp_path: Path) -> None:
    path = str(tmp_path / "shared.sqlite3")
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(4) as pool:
        results = pool.starmap(_worker, [(path, w) for w in range(4)])
    seen = [item for result in results for item in result]
    by_value: dict[tuple[str, str], set[str]] = {}
    by_name: dict[tuple[str, str], set[str]] = {}
    for namespace, value, name in seen:
        by_value.setdefault((namespace, value), set()).add(name)
        by_name.setdefault((namespace, name), set()).add(value)
    assert all(len(names) == 1 for names in by_value.values()), "a value got two placeholders"
    assert all(len(values) == 1 for values in by_name.values()), "a placeholder maps to two values"
    shared = {value for _, value in _shared_values()}
    assert shared <= {value for _, value in by_value}
    with Vault(path) as v:  # nothing lost: every mapping any worker saw is still there
        for namespace in ("ns-0", "ns-1"):
            names = {name for (ns, name) in by_name if ns == namespace}
            found = v.lookup(namespace, names).values
            assert found == {name: next(iter(by_name[(namespace, name)])) for name in names}


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork")
def test_forked_child_opens_its_own_connection(vault: Vault) -> None:
    name = vault.placeholder("s", "email", "parent@forking-mail.net")
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        ok = vault.lookup("s", [name]).values == {name: "parent@forking-mail.net"}
        ok = ok and vault.placeholder("s", "email", "child@forking-mail.net").startswith("[[EMAIL_")
        os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    assert len(vault.entries("s")) == 2


# -- CLI ----------------------------------------------------------------------------------


def test_cli_vault_list_never_prints_values_and_says_plain_text(tmp_path: Path) -> None:
    rng = random.Random(12)
    values = [email(rng), aws_key_id(rng)]
    path = tmp_path / "v.sqlite3"
    with Vault(path) as v:
        names = v.placeholders("chat-1", [("email", values[0]), ("aws_access_key_id", values[1])])
        v.placeholder("chat-2", "email", values[0])
    listing = run_cli("vault", "list", "--vault", str(path), cwd=tmp_path)
    assert listing.returncode == 0, listing.stderr
    assert "PLAIN TEXT" in listing.stdout and "chat-1" in listing.stdout and "chat-2" in listing.stdout
    detail = run_cli("vault", "list", "-n", "chat-1", "--vault", str(path), "--format", "json", cwd=tmp_path)
    data = json.loads(detail.stdout)
    assert {e["placeholder"] for e in data["entries"]} == set(names)
    assert data["plain_text_entries"] == 2 and data["encrypted"] is False
    for out in (listing.stdout + listing.stderr, detail.stdout + detail.stderr):
        assert not any(value in out or value[:8] in out for value in values)


def test_cli_vault_purge(tmp_path: Path) -> None:
    path = tmp_path / "v.sqlite3"
    with Vault(path) as v:
        v.placeholder("chat-1", "email", "someone@mailhost-four.com")
        v.placeholder("chat-2", "email", "someone@mailhost-four.com")
    refused = run_cli("vault", "purge", "--vault", str(path), cwd=tmp_path)
    assert refused.returncode == 2 and "--all" in refused.stderr
    one = run_cli("vault", "purge", "-n", "chat-1", "--vault", str(path), cwd=tmp_path)
    assert one.returncode == 0 and one.stdout == "purged 1 entry\n"
    rest = run_cli("vault", "purge", "--all", "--vault", str(path), cwd=tmp_path)
    assert rest.stdout == "purged 1 entry\n"


def test_cli_uses_key_from_environment(tmp_path: Path) -> None:
    pytest.importorskip("cryptography")
    path = tmp_path / "v.sqlite3"
    env = {"PROMPTGUARD_VAULT_KEY": _KEY}
    text = "reach me at nora.berg@fjord-post.no"
    red = run_cli("redact", "--reversible", "--vault", str(path), "-", stdin=text, cwd=tmp_path, env=env)
    assert "nora.berg" not in red.stdout and b"nora.berg" not in _file_bytes(path)
    assert run_cli("restore", "--vault", str(path), stdin=red.stdout, cwd=tmp_path, env=env).stdout == text
    listing = run_cli("vault", "list", "--vault", str(path), cwd=tmp_path, env=env)
    assert "encrypted with the key in $PROMPTGUARD_VAULT_KEY" in listing.stdout and "PLAIN TEXT" not in listing.stdout


def _open_fresh(path: str, worker: int) -> str:
    with Vault(path) as vault:
        return vault.placeholder("ns", "email", f"user{worker}@corp.io")


def test_many_processes_opening_a_new_vault_together_all_succeed(tmp_path: Path) -> None:
    # Regression: switching a new file to WAL fails at once with "database is locked"
    # (no busy wait) when another process is doing it too; about one run in two failed.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    ctx = multiprocessing.get_context(method)
    for trial in range(8):
        path = str(tmp_path / f"fresh-{trial}.sqlite3")
        with ctx.Pool(8) as pool:  # a new pool each time: its workers start together
            names = pool.starmap(_open_fresh, [(path, w) for w in range(8)])
        assert len(set(names)) == 8
        with Vault(path) as vault:
            assert set(vault.lookup("ns", names).values) == set(names)
