"""Deterministic benchmark corpora: mixed text with about one sensitive value per 4 KB.

The text imitates what passes through a prompt guard: prose, source code, config files,
logs and chat transcripts. It is full of the words that make naive scanners fire
(``password``, ``token``, ``key``, ``secret``, ``session``) next to values that are
not secrets (env-var references, placeholders, hashes, UUIDs, identifiers), and one
fake credential or personal value is planted per ~4 KB. Every value is generated here
from a seeded PRNG, so the same seed always yields byte-identical text.
"""

from __future__ import annotations

import base64
import json
import random
import string
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

DEFAULT_SEED = 20240601
SECRET_EVERY = 4096  # bytes of text per planted value, on average

_WORDS = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "is",
    "that",
    "for",
    "it",
    "as",
    "with",
    "was",
    "on",
    "be",
    "by",
    "this",
    "are",
    "from",
    "at",
    "or",
    "an",
    "have",
    "not",
    "which",
    "but",
    "all",
    "can",
    "were",
    "when",
    "we",
    "there",
    "their",
    "been",
    "has",
    "more",
    "if",
    "will",
    "one",
    "would",
    "about",
    "what",
    "so",
    "up",
    "out",
    "them",
    "into",
    "some",
    "could",
    "time",
    "than",
    "other",
    "then",
    "only",
    "its",
    "over",
    "also",
    "after",
    "use",
    "two",
    "how",
    "our",
    "work",
    "first",
    "well",
    "way",
    "even",
    "new",
    "want",
    "because",
    "any",
    "these",
    "give",
    "day",
    "most",
    "us",
    "system",
    "user",
    "data",
    "request",
    "response",
    "service",
    "server",
    "client",
    "model",
    "prompt",
    "assistant",
    "context",
    "message",
    "value",
    "config",
    "file",
    "path",
    "build",
    "deploy",
    "release",
    "version",
    "branch",
    "commit",
    "review",
    "test",
    "cache",
    "queue",
    "worker",
    "job",
    "task",
    "schedule",
    "retry",
    "timeout",
    "error",
    "warning",
    "debug",
    "trace",
    "metric",
    "latency",
    "throughput",
    "access",
    "password",
    "token",
    "key",
    "secret",
    "session",
    "credential",
    "auth",
    "login",
    "account",
    "api",
    "endpoint",
    "header",
    "cookie",
    "rotate",
    "vault",
    "permission",
    "policy",
    "role",
    "scope",
    "grant",
    "refresh",
    "expire",
    "issue",
    "store",
    "hash",
    "salt",
    "encrypt",
    "decrypt",
    "certificate",
]
_NAMES = ("alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory", "oscar")
_SURNAMES = ("smith", "jones", "garcia", "muller", "rossi", "novak", "tanaka", "kowalski", "dubois", "silva")
_DOMAINS = ("acme-corp.io", "northwind.dev", "globex.co.uk", "initech.de", "umbrella.fr", "hooli.xyz")
_B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase


class _Gen:
    """Random text pieces from one seeded PRNG."""

    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)

    def chars(self, alphabet: str, n: int) -> str:
        return "".join(self.r.choices(alphabet, k=n))

    def words(self, n: int) -> str:
        return " ".join(self.r.choices(_WORDS, k=n))

    def sentence(self) -> str:
        text = self.words(self.r.randint(6, 18))
        return text[0].upper() + text[1:] + self.r.choice(".?!.")

    def ident(self) -> str:
        return "_".join(self.r.choices(_WORDS, k=self.r.randint(1, 3)))

    def hexs(self, n: int) -> str:
        return self.chars("0123456789abcdef", n)

    def uuid(self) -> str:
        h = self.hexs(32)
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"

    def ip(self) -> str:
        return f"10.{self.r.randint(0, 255)}.{self.r.randint(0, 255)}.{self.r.randint(1, 254)}"

    def person(self) -> tuple[str, str]:
        return self.r.choice(_NAMES), self.r.choice(_SURNAMES)


# -- the planted values -----------------------------------------------------------------


def _luhn_complete(digits: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return digits + str((10 - total % 10) % 10)


def _iban_de(g: _Gen) -> str:
    bban = g.chars(string.digits, 18)
    numeric = int(bban + "131400")  # D=13 E=14, then "00"
    check = 98 - numeric % 97
    return f"DE{check:02d}{bban}"


def _b62(number: int, width: int) -> str:
    out = ""
    while number:
        number, rem = divmod(number, 62)
        out = _B62[rem] + out
    return out.rjust(width, "0")


def _github_pat(g: _Gen) -> str:
    body = g.chars(_B62, 30)
    return "ghp_" + body + _b62(zlib.crc32(body.encode()), 6)


def _jwt(g: _Gen) -> str:
    def part(obj: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")

    first, last = g.person()
    header = part({"alg": "HS256", "typ": "JWT"})
    payload = part({"sub": g.uuid(), "name": f"{first} {last}", "iat": g.r.randint(1600000000, 1700000000)})
    return f"{header}.{payload}.{g.chars(_B62 + '-_', 43)}"


def _pem(g: _Gen) -> str:
    body = base64.b64encode(g.r.randbytes(600)).decode()
    lines = "\n".join(body[i : i + 64] for i in range(0, len(body), 64))
    return f"-----BEGIN RSA PRIVATE KEY-----\n{lines}\n-----END RSA PRIVATE KEY-----"


def _secret(g: _Gen) -> str:
    """One line (or block) holding a fake sensitive value, in a plausible setting."""
    r = g.r
    first, last = g.person()
    domain = r.choice(_DOMAINS)
    choices: list[Callable[[], str]] = [
        lambda: f"aws_access_key_id = AKIA{g.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}",
        lambda: f'export AWS_SECRET_ACCESS_KEY="{g.chars(string.ascii_letters + string.digits + "+/", 40)}"',
        lambda: f"GITHUB_TOKEN={_github_pat(g)}",
        lambda: f"slack_bot_token: xoxb-{g.chars(string.digits, 12)}-{g.chars(string.digits, 13)}-{g.chars(_B62, 24)}",
        lambda: f'stripe.api_key = "sk_live_{g.chars(_B62, 24)}"',
        lambda: f"OPENAI_API_KEY=sk-proj-{g.chars(_B62 + '-_', 48)}T3BlbkFJ{g.chars(_B62 + '-_', 48)}",
        lambda: f"ANTHROPIC_API_KEY=sk-ant-api03-{g.chars(_B62 + '-_', 93)}AA",
        lambda: f'"google_api_key": "AIza{g.chars(_B62 + "-_", 35)}",',
        lambda: f"Authorization: Bearer {_jwt(g)}",
        lambda: f'DB_PASSWORD="{g.chars(string.ascii_letters + string.digits + "!#%&", 16)}"',
        lambda: f"DATABASE_URL=postgres://app:{g.chars(string.ascii_letters + string.digits, 14)}@db.{domain}:5432/app",
        lambda: f"Contact {first.title()} {last.title()} at {first}.{last}@{domain} for access.",
        lambda: f"Call me on +44 7{r.randint(100, 999)} {r.randint(100000, 999999)} if the deploy fails.",
        lambda: f"card: {_luhn_complete('4' + g.chars(string.digits, 14))} exp 0{r.randint(1, 9)}/2{r.randint(6, 9)}",
        lambda: f"Please wire the refund to IBAN {_iban_de(g)} by Friday.",
    ]
    if r.random() < 0.03:
        return _pem(g)
    return r.choice(choices)()


# -- filler: text full of secret-ish words that holds no secret -----------------------


def _prose(g: _Gen) -> str:
    return "\n\n".join(" ".join(g.sentence() for _ in range(g.r.randint(3, 7))) for _ in range(g.r.randint(2, 4)))


def _code(g: _Gen) -> str:
    r = g.r
    name = g.ident()
    lines = [f"def {name}(request, {g.ident()}=None):", f'    """{g.sentence()}"""']
    templates = (
        "    token = request.headers.get('Authorization', '').removeprefix('Bearer ')",
        "    password_hash = hasher.hash(password, salt=os.urandom(16))",
        "    api_key = os.environ['OPENAI_API_KEY']",
        "    secret_name = f'prod/{{service}}/db-password'",
        "    key = cache_key(user.id, '{w}')",
        "    session_id = str(uuid.uuid4())",
        "    if not verify_token(token, audience='{w}'):",
        "        raise PermissionError('invalid or expired token')",
        "    credentials = load_credentials(path=Path('~/.config/{w}/credentials').expanduser())",
        "    for key, value in sorted(settings.items()):",
        "        logger.debug('rotating key %s for %s', key_id, account)",
        "    return {{'status': 'ok', 'token_type': 'bearer', 'expires_in': {n}}}",
        "    {w}_count = len([item for item in items if item.{w}])",
        "    # TODO: {s}",
        "    password = getpass.getpass('Password: ')",
        "    headers = {{'X-Api-Key': settings.api_key, 'X-Request-Id': '{u}'}}",
        "    digest = hashlib.sha256(secret.encode()).hexdigest()  # {h}",
    )
    for _ in range(r.randint(6, 16)):
        lines.append(
            r.choice(templates).format(w=r.choice(_WORDS), n=r.randint(60, 86400), s=g.sentence(), u=g.uuid(), h=g.hexs(40))
        )
    if r.random() < 0.4:
        lines += [
            "",
            f"function {name.replace('_', '')}(token) {{",
            f"  const secretKey = process.env.{name.upper()}_SECRET_KEY;",
            "  return fetch(`/api/v1/session`, { headers: { authorization: `Bearer ${token}` } });",
            "}",
        ]
    return "\n".join(lines)


def _config(g: _Gen) -> str:
    r = g.r
    kind = r.randrange(4)
    svc = g.ident()
    if kind == 0:
        return (
            f"{svc}:\n  image: registry.{r.choice(_DOMAINS)}/{svc}:{r.randint(1, 9)}.{r.randint(0, 30)}.{r.randint(0, 9)}\n"
            f"  environment:\n    DB_PASSWORD: ${{DB_PASSWORD}}\n    API_TOKEN: ${{{svc.upper()}_TOKEN}}\n"
            f"    SECRET_KEY_BASE: <set-in-vault>\n    SESSION_TIMEOUT: {r.randint(60, 3600)}\n"
            f"  volumes:\n    - ./keys/{svc}.pub:/etc/ssh/authorized_keys:ro\n  replicas: {r.randint(1, 8)}"
        )
    if kind == 1:
        return (
            f"[{svc}]\nhost = db-{r.randint(1, 9)}.internal\nport = {r.randint(1024, 65535)}\nuser = {svc}\n"
            f"password = ${{{svc.upper()}_PASSWORD}}\ntoken_file = /run/secrets/{svc}_token\n"
            f"key_id = {g.uuid()}\nmax_connections = {r.randint(5, 500)}\n"
        )
    if kind == 2:
        data = {
            "name": svc,
            "version": f"{r.randint(0, 5)}.{r.randint(0, 20)}.{r.randint(0, 9)}",
            "auth": {"type": "oauth2", "token_url": f"https://auth.{r.choice(_DOMAINS)}/token", "client_id": g.uuid()},
            "password_policy": {"min_length": r.randint(8, 16), "require_symbols": True},
            "api_key_header": "X-Api-Key",
            "checksum": g.hexs(64),
        }
        return json.dumps(data, indent=2)
    return (
        f"# {g.sentence()}\n{svc.upper()}_URL=https://{svc}.{r.choice(_DOMAINS)}/v2\n"
        f"{svc.upper()}_TOKEN=replace-me\nSECRET_KEY=changeme\nLOG_LEVEL=info\nFEATURE_FLAGS={g.ident()},{g.ident()}\n"
    )


def _logs(g: _Gen) -> str:
    r = g.r
    out = []
    for _ in range(r.randint(8, 20)):
        ts = f"2024-0{r.randint(1, 9)}-{r.randint(10, 28)}T{r.randint(10, 23)}:{r.randint(10, 59)}:{r.randint(10, 59)}.{r.randint(100, 999)}Z"
        level = r.choice(("INFO", "INFO", "INFO", "WARN", "DEBUG", "ERROR"))
        msg = r.choice(
            (
                f"GET /api/v1/{g.ident()}?page={r.randint(1, 50)}&session={g.hexs(16)} {r.choice((200, 200, 304, 401, 500))} {r.randint(1, 900)}ms",
                f"token refresh ok for user_id={r.randint(1000, 999999)} scope=read:{r.choice(_WORDS)}",
                f"auth: password check failed for account {r.randint(1000, 99999)} from {g.ip()}",
                f"cache miss key={g.ident()}:{g.hexs(12)} ttl={r.randint(1, 600)}",
                f"job {g.uuid()} finished in {r.random() * 10:.3f}s ({r.randint(0, 10000)} rows)",
                f"commit {g.hexs(40)} deployed to {r.choice(('staging', 'prod', 'canary'))}",
                f"secret rotation scheduled for key version {r.randint(1, 40)}",
            )
        )
        out.append(f"{ts} {level:5} [{g.hexs(8)}] {msg}")
    return "\n".join(out)


def _chat(g: _Gen) -> str:
    r = g.r
    turns = []
    for _ in range(r.randint(2, 5)):
        turns.append(f"**User:** {g.sentence()} How do I rotate the API token without logging everyone out?")
        turns.append(
            f"**Assistant:** {g.sentence()} {g.sentence()}\n\n```bash\nexport API_TOKEN=$(vault read -field=token secret/{g.ident()})\n"
            f'curl -H "Authorization: Bearer $API_TOKEN" https://api.{r.choice(_DOMAINS)}/v1/keys\n```\n\n{g.sentence()}'
        )
    return "\n\n".join(turns)


_SECTIONS = (_prose, _code, _config, _logs, _chat)


def iter_corpus(seed: int = DEFAULT_SEED) -> Iterator[str]:
    """An endless stream of text sections, each ending with a newline."""
    g = _Gen(seed)
    since_secret = 0
    while True:
        section = g.r.choice(_SECTIONS)(g) + "\n\n"
        since_secret += len(section)
        if since_secret >= SECRET_EVERY * g.r.uniform(0.5, 1.5):
            lines = section.split("\n")
            at = g.r.randrange(len(lines))
            lines.insert(at, _secret(g))
            section = "\n".join(lines)
            since_secret = 0
        yield section


def make_text(size: int, seed: int = DEFAULT_SEED) -> str:
    """At least ``size`` characters of corpus (cut at a section boundary)."""
    parts: list[str] = []
    total = 0
    for section in iter_corpus(seed):
        parts.append(section)
        total += len(section)
        if total >= size:
            return "".join(parts)
    raise AssertionError("unreachable")


def ensure_file(path: Path, size: int, seed: int = DEFAULT_SEED) -> Path:
    """Write the corpus to ``path`` unless a file of the right seed and size is there."""
    stamp = path.with_suffix(path.suffix + ".stamp")
    want = f"{seed}:{size}:{_version()}"
    if path.exists() and stamp.exists() and stamp.read_text() == want:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(make_text(size, seed), encoding="utf-8", newline="")
    stamp.write_text(want)
    return path


def _version() -> str:
    """Changes whenever this generator changes, so stale corpora are rebuilt."""
    return f"{zlib.crc32(Path(__file__).read_bytes()):08x}"
