"""The vault: placeholder -> value mappings for reversible redaction, in embedded SQLite.

Built to avoid the failures of in-memory or single-connection vaults (lost mappings,
races between threads, mixed-up values):

* one SQLite file shared by every process and thread: WAL journal, a busy timeout, one
  connection per thread (and per process after a fork), and allocate-or-get in a
  ``BEGIN IMMEDIATE`` transaction so two writers never hand out two placeholders for
  one value; a committed mapping survives a crash of any process using the vault;
* the file is created by us with ``O_CREAT|O_EXCL|O_NOFOLLOW`` and mode 0600 (in a 0700
  directory) before SQLite opens it; symlinks are refused;
* namespaces (a conversation or session id) keep mappings apart; entries expire after
  a TTL and expired ones are purged when the vault is opened;
* the index that finds a value's placeholder is an HMAC of namespace and value, never
  the value; with a key configured values are sealed with AES-GCM (``cryptography``),
  bound to their namespace and placeholder so rows cannot be swapped. Without a key,
  values are plain text inside the 0600 file, and ``promptguard vault list`` says so.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import sqlite3
import stat
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from promptguard import placeholders
from promptguard.errors import PromptguardError

if TYPE_CHECKING:
    from promptguard.config import Config

DEFAULT_NAMESPACE = "default"
DEFAULT_TTL = 7 * 24 * 3600
MIN_KEY_LENGTH = 32
_SCHEMA_VERSION = b"1"
_BUSY_TIMEOUT = 30.0  # seconds a writer waits for another one before giving up
_MAX_NAMESPACE = 256
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS entries (
    namespace TEXT NOT NULL,
    placeholder TEXT NOT NULL,
    type TEXT NOT NULL,
    digest BLOB NOT NULL,
    value BLOB NOT NULL,
    key_id BLOB,
    created REAL NOT NULL,
    expires REAL NOT NULL,
    PRIMARY KEY (namespace, placeholder)
);
CREATE UNIQUE INDEX IF NOT EXISTS entries_digest ON entries (namespace, digest);
CREATE INDEX IF NOT EXISTS entries_expires ON entries (expires);
"""


class VaultError(PromptguardError):
    """The vault cannot be opened or used (unsafe file, bad key, missing crypto package)."""


@dataclass(frozen=True)
class Entry:
    """One mapping as ``vault list`` shows it: never the value."""

    namespace: str
    placeholder: str
    type: str
    created: float
    expires: float
    storage: str  # "plain", "encrypted", or "other-key" (sealed with a key we do not have)


@dataclass(frozen=True)
class Resolved:
    """What a lookup found: values by placeholder, and placeholders that could not be opened."""

    values: dict[str, str]
    sealed: frozenset[str]  # encrypted with another key, or failed authentication


def default_path() -> Path:
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        base = Path(os.environ["LOCALAPPDATA"])
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "promptguard" / "vault.sqlite3"


_shared: dict[tuple[str, str | None, int], Vault] = {}
_shared_lock = threading.Lock()


def vault_for(config: Config) -> Vault:
    """The vault a config names (one shared instance per path, key and TTL in a process)."""
    path = str(Path(config.vault_path) if config.vault_path else default_path())
    key = os.environ.get(config.vault_key_env) or None
    cache_key = (path, hashlib.sha256(key.encode()).hexdigest() if key else None, config.vault_ttl)
    with _shared_lock:
        vault = _shared.get(cache_key)
        if vault is None:
            vault = _shared[cache_key] = Vault.from_config(config)
        return vault


class Vault:
    """Placeholder <-> value mappings in one SQLite file; safe to share between threads."""

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        ttl: int = DEFAULT_TTL,
        key: str | None = None,
        key_source: str = "key",
        busy_timeout: float = _BUSY_TIMEOUT,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path = Path(path) if path is not None else default_path()
        if ttl <= 0:
            raise VaultError(f"vault ttl must be a positive number of seconds, got {ttl}")
        self.ttl = ttl
        self._clock = clock
        self._busy_timeout = busy_timeout
        self._local = threading.local()
        self._connections: list[tuple[int, sqlite3.Connection]] = []
        self._lock = threading.Lock()
        self._master = _check_key(key, key_source) if key else None
        aead_class = _aead_class(key_source) if self._master is not None else None
        self._aead: Any | None = None  # AESGCM instance once the file's salt is known
        self._key_id: bytes | None = None
        self._index_key = b""
        _prepare_file(self.path, own_directory=path is None)
        self.purged_on_open = self._initialise(aead_class)

    @classmethod
    def from_config(cls, config: Config, *, path: str | Path | None = None) -> Vault:
        """A new vault for a config's path (or ``path``), TTL and key variable (see also ``vault_for``)."""
        key = os.environ.get(config.vault_key_env) or None
        chosen = path if path is not None else config.vault_path
        return cls(chosen, ttl=config.vault_ttl, key=key, key_source=config.vault_key_env)

    @property
    def encrypted(self) -> bool:
        """Whether new values are sealed (a key is configured)."""
        return self._master is not None

    # -- mappings -------------------------------------------------------------------

    def placeholder(self, namespace: str, type_: str, value: str) -> str:
        return self.placeholders(namespace, [(type_, value)])[0]

    def placeholders(self, namespace: str, items: Sequence[tuple[str, str]]) -> list[str]:
        """The placeholder of each ``(type, value)``: existing ones reused, new ones allocated.

        One transaction for the whole batch: ``BEGIN IMMEDIATE`` takes the write lock
        first, so the look-up and the insert cannot interleave with another writer's.
        Reusing a mapping extends its expiry: a value still in use does not expire.
        """
        _check_namespace(namespace)
        if not items:
            return []
        now = self._clock()
        expires = now + self.ttl
        found: dict[str, str] = {}
        with self._transaction() as conn:
            for type_, value in items:
                if value in found:
                    continue
                digest = self._digest(namespace, value)
                row = conn.execute(
                    "SELECT placeholder, expires FROM entries WHERE namespace = ? AND digest = ?", (namespace, digest)
                ).fetchone()
                if row is not None and row[1] > now:
                    conn.execute(
                        "UPDATE entries SET expires = ? WHERE namespace = ? AND placeholder = ?", (expires, namespace, row[0])
                    )
                    found[value] = row[0]
                    continue
                if row is not None:  # expired but not purged yet: its slot is free again
                    conn.execute("DELETE FROM entries WHERE namespace = ? AND placeholder = ?", (namespace, row[0]))
                found[value] = self._insert(
                    conn, namespace=namespace, type_=type_, value=value, digest=digest, now=now, expires=expires
                )
        return [found[value] for _, value in items]

    def lookup(self, namespace: str, wanted: Iterable[str]) -> Resolved:
        """Values of the given placeholders that exist and have not expired."""
        _check_namespace(namespace)
        names = sorted({p for p in wanted if placeholders.is_placeholder(p)})
        values: dict[str, str] = {}
        sealed: set[str] = set()
        if not names:
            return Resolved(values, frozenset())
        conn = self._conn()
        now = self._clock()
        for start in range(0, len(names), 500):  # stay under SQLite's bound-parameter limit
            batch = names[start : start + 500]
            marks = ",".join("?" * len(batch))
            sql = (
                f"SELECT placeholder, value, key_id FROM entries WHERE namespace = ? AND expires > ? AND placeholder IN ({marks})"  # noqa: S608 - only '?' marks
            )
            rows = conn.execute(sql, (namespace, now, *batch)).fetchall()
            for placeholder, stored, key_id in rows:
                value = self._open(namespace, placeholder, stored, key_id)
                if value is None:
                    sealed.add(placeholder)
                else:
                    values[placeholder] = value
        return Resolved(values, frozenset(sealed))

    # -- housekeeping ---------------------------------------------------------------

    def entries(self, namespace: str | None = None) -> list[Entry]:
        """Mappings (without values), oldest first; expired ones are not listed."""
        sql = "SELECT namespace, placeholder, type, created, expires, key_id FROM entries WHERE expires > ?"
        params: tuple[Any, ...] = (self._clock(),)
        if namespace is not None:
            _check_namespace(namespace)
            sql += " AND namespace = ?"
            params += (namespace,)
        rows = self._conn().execute(sql + " ORDER BY namespace, created, placeholder", params).fetchall()
        return [Entry(ns, ph, type_, created, expires, self._storage(key_id)) for ns, ph, type_, created, expires, key_id in rows]

    def purge(self, *, namespace: str | None = None, expired_only: bool = False) -> int:
        """Delete mappings (all, one namespace's, or only expired ones); return how many."""
        clauses: list[str] = []
        params: list[Any] = []
        if namespace is not None:
            _check_namespace(namespace)
            clauses.append("namespace = ?")
            params.append(namespace)
        if expired_only:
            clauses.append("expires <= ?")
            params.append(self._clock())
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        with self._transaction() as conn:
            return conn.execute(f"DELETE FROM entries{where}", params).rowcount  # noqa: S608 - fixed clauses

    def close(self) -> None:
        """Close this process's connections (call when no other thread is using the vault)."""
        with self._lock:
            mine = [conn for pid, conn in self._connections if pid == os.getpid()]
            self._connections = [(pid, conn) for pid, conn in self._connections if pid != os.getpid()]
        for conn in mine:
            with contextlib.suppress(sqlite3.Error):
                conn.close()
        self._local = threading.local()

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Vault({str(self.path)!r}, encrypted={self.encrypted})"

    # -- internals ------------------------------------------------------------------

    def _insert(
        self, conn: sqlite3.Connection, *, namespace: str, type_: str, value: str, digest: bytes, now: float, expires: float
    ) -> str:
        # Random tags: a collision (about n / 2**30) just draws again.
        while True:
            placeholder = placeholders.make(type_, placeholders.new_tag())
            stored, key_id = self._seal(namespace, placeholder, value)
            cursor = conn.execute(
                "INSERT OR IGNORE INTO entries (namespace, placeholder, type, digest, value, key_id, created, expires)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (namespace, placeholder, type_, digest, stored, key_id, now, expires),
            )
            if cursor.rowcount == 1:
                return placeholder

    def _digest(self, namespace: str, value: str) -> bytes:
        message = namespace.encode("utf-8", "surrogatepass") + b"\0" + value.encode("utf-8", "surrogatepass")
        return hmac.new(self._index_key, message, hashlib.sha256).digest()

    def _seal(self, namespace: str, placeholder: str, value: str) -> tuple[bytes, bytes | None]:
        data = value.encode("utf-8", "surrogatepass")
        if self._aead is None:
            return data, None
        nonce = secrets.token_bytes(12)
        return nonce + self._aead.encrypt(nonce, data, _aad(namespace, placeholder)), self._key_id

    def _open(self, namespace: str, placeholder: str, stored: bytes, key_id: bytes | None) -> str | None:
        if key_id is None:
            return bytes(stored).decode("utf-8", "surrogatepass")
        if self._aead is None or key_id != self._key_id:
            return None
        from cryptography.exceptions import InvalidTag

        try:
            data = self._aead.decrypt(stored[:12], stored[12:], _aad(namespace, placeholder))
        except InvalidTag:
            return None  # altered in the file, or moved from another row
        return bytes(data).decode("utf-8", "surrogatepass")

    def _storage(self, key_id: bytes | None) -> str:
        if key_id is None:
            return "plain"
        return "encrypted" if self._master is not None and key_id == self._key_id else "other-key"

    def _initialise(self, aead_class: Any | None) -> int:
        """Create the schema, derive keys from the file's salt, purge expired entries."""
        with self._transaction() as conn:
            for statement in _SCHEMA.split(";"):  # executescript would commit first
                if statement.strip():
                    conn.execute(statement)
            conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (_SCHEMA_VERSION,))
            conn.execute("INSERT OR IGNORE INTO meta VALUES ('salt', ?)", (secrets.token_bytes(16),))
            conn.execute("INSERT OR IGNORE INTO meta VALUES ('index_key', ?)", (secrets.token_bytes(32),))
            meta = dict(conn.execute("SELECT name, value FROM meta").fetchall())
        if bytes(meta["schema"]) != _SCHEMA_VERSION:
            raise VaultError(f"{self.path}: vault written by a newer promptguard (schema {bytes(meta['schema']).decode()!r})")
        salt = bytes(meta["salt"])
        if self._master is None or aead_class is None:
            self._index_key = bytes(meta["index_key"])
        else:
            # With a key, the index must not be computable from the file alone.
            self._index_key = _derive(self._master, salt, b"index")
            self._aead = aead_class(_derive(self._master, salt, b"encryption"))
            self._key_id = _derive(self._master, salt, b"key-id")[:8]
        now = self._clock()
        if self._conn().execute("SELECT 1 FROM entries WHERE expires <= ? LIMIT 1", (now,)).fetchone() is None:
            return 0
        return self.purge(expired_only=True)

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def _conn(self) -> sqlite3.Connection:
        # One connection per thread; a forked child must not reuse its parent's.
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None and self._local.pid == os.getpid():
            return conn
        conn = self._connect()
        self._local.conn, self._local.pid = conn, os.getpid()
        with self._lock:
            self._connections.append((os.getpid(), conn))
        return conn

    def _connect(self) -> sqlite3.Connection:
        _refuse_symlinks(self.path)
        uri = f"file:{quote(str(self.path.resolve()))}?mode=rw"  # never let SQLite create it
        # Switching a new file to WAL takes an exclusive lock and SQLite answers "database
        # is locked" at once, without its busy handler, when another process is doing the
        # same or is mid-transaction. Several hooks opening a fresh vault together hit
        # this, so such errors are retried up to the busy timeout like any other wait.
        deadline = time.monotonic() + self._busy_timeout
        delay = 0.002
        while True:
            conn: sqlite3.Connection | None = None
            try:
                conn = sqlite3.connect(uri, uri=True, timeout=self._busy_timeout, isolation_level=None, check_same_thread=False)
                _configure(conn, self._busy_timeout)
                return conn
            except sqlite3.DatabaseError as exc:
                if conn is not None:
                    with contextlib.suppress(sqlite3.Error):
                        conn.close()
                if not _is_busy(exc) or time.monotonic() >= deadline:
                    raise VaultError(f"{self.path}: cannot open vault: {exc}") from None
            time.sleep(delay * (0.5 + secrets.randbelow(1000) / 1000))  # jitter: racing openers spread out
            delay = min(delay * 2, 0.1)


def _configure(conn: sqlite3.Connection, busy_timeout: float) -> None:
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
    # WAL is a property of the file: only the first opener has to switch it.
    if str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    # NORMAL, not FULL: in WAL mode a commit then survives any process crash and
    # only an OS crash or power loss can undo the last few; FULL's fsync per
    # commit costs 5-20 ms on every prompt. A lost mapping is never a wrong one:
    # restore leaves its placeholder as it is.
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA secure_delete = ON")  # purged values are zeroed in the file


def _is_busy(exc: sqlite3.DatabaseError) -> bool:
    # SQLITE_BUSY (5) and SQLITE_LOCKED (6); the primary code is the low byte of an extended one.
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (5, 6)
    message = str(exc).lower()  # Python 3.10 has no error codes on exceptions
    return "locked" in message or "busy" in message


def _check_namespace(namespace: str) -> None:
    if not isinstance(namespace, str) or not namespace or len(namespace) > _MAX_NAMESPACE or not namespace.isprintable():
        raise VaultError(f"vault namespace must be 1-{_MAX_NAMESPACE} printable characters")


def _check_key(key: str, source: str) -> bytes:
    if len(key) < MIN_KEY_LENGTH:
        raise VaultError(
            f"{source}: vault key must be at least {MIN_KEY_LENGTH} characters of random data "
            "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(32))')"
        )
    return key.encode("utf-8", "surrogatepass")


def _aead_class(source: str) -> Any:
    try:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    except ImportError:
        # Never fall back to plain text when the user asked for encryption.
        raise VaultError(
            f"{source} is set but the 'cryptography' package is missing: pip install 'promptguard[vault-crypto]'"
        ) from None
    return AESGCM


def _derive(master: bytes, salt: bytes, purpose: bytes) -> bytes:
    """HKDF-SHA256 (RFC 5869) with one output block: salt per vault file, one key per purpose."""
    prk = hmac.new(salt, master, hashlib.sha256).digest()
    return hmac.new(prk, b"promptguard vault v1 " + purpose + b"\x01", hashlib.sha256).digest()


def _aad(namespace: str, placeholder: str) -> bytes:
    return namespace.encode("utf-8", "surrogatepass") + b"\0" + placeholder.encode("ascii")


def _prepare_file(path: Path, *, own_directory: bool) -> None:
    """Create the vault file 0600 (directory 0700) before SQLite touches it.

    ``own_directory``: the directory is promptguard's own (the default location), so
    its permissions are tightened too; a user-chosen directory is left as it is.
    """
    directory = path.parent
    try:
        if not directory.is_dir():
            directory.mkdir(mode=0o700, parents=True)
            os.chmod(directory, 0o700)  # mkdir's mode is reduced by the umask
        elif own_directory and hasattr(os, "getuid"):
            info = os.lstat(directory)
            if info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) & 0o077:
                os.chmod(directory, 0o700)
    except OSError as exc:
        raise VaultError(f"{directory}: cannot create vault directory: {exc.strerror or exc}") from None
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags, 0o600)
    except FileExistsError:
        _check_existing(path)
    except OSError as exc:
        raise VaultError(f"{path}: cannot create vault: {exc.strerror or exc}") from None
    else:
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, 0o600)  # exactly 0600 whatever the umask
        finally:
            os.close(fd)
    _refuse_symlinks(path)


def _check_existing(path: Path) -> None:
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        raise VaultError(f"{path}: vault path is a symlink; refusing to follow it")
    if not stat.S_ISREG(info.st_mode):
        raise VaultError(f"{path}: vault path is not a regular file")
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise VaultError(f"{path}: vault file belongs to another user")
    if stat.S_IMODE(info.st_mode) & 0o077:
        os.chmod(path, 0o600)


def _refuse_symlinks(path: Path) -> None:
    # SQLite opens "<db>-wal", "<db>-shm" and "<db>-journal" beside the file by name.
    for candidate in (path, *(Path(f"{path}{suffix}") for suffix in ("-wal", "-shm", "-journal"))):
        with contextlib.suppress(FileNotFoundError):
            if stat.S_ISLNK(os.lstat(candidate).st_mode):
                raise VaultError(f"{candidate}: vault path is a symlink; refusing to follow it")
