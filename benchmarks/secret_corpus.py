"""A labeled corpus of realistic prompts with secrets, generated deterministically.

Documents look like what people paste into assistants: .env files, YAML and JSON
configs, Kubernetes manifests, kubeconfigs, logs, code, shell history, chat messages.
Each secret is generated from its provider's documented format (random bodies, valid
checksums where the format has one) and labeled with its exact span. Every document
also carries hard negatives that must NOT be reported: UUIDs, commit SHAs, digests,
placeholders, environment-variable references, documentation example keys, code that
merely mentions passwords.

    from benchmarks.secret_corpus import documents
    for doc in documents(seed=1, count=1200): ...

Each document: ``{"id", "text", "labels": [{"start", "end", "type", "kind"}]}``.
No value here is a real credential.
"""

from __future__ import annotations

import base64
import json
import random
import string
import uuid
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

ALNUM = string.ascii_letters + string.digits
B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
HEX = "0123456789abcdef"
URLSAFE = ALNUM + "-_"
B32 = string.ascii_uppercase + "234567"


@dataclass
class Doc:
    """A document under construction: text pieces and the labels of inserted secrets."""

    parts: list[str] = field(default_factory=list)
    labels: list[dict[str, object]] = field(default_factory=list)
    length: int = 0

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def secret(self, value: str, type_: str) -> None:
        self.labels.append({"start": self.length, "end": self.length + len(value), "type": type_, "kind": "secret"})
        self.add(value)

    def text(self) -> str:
        return "".join(self.parts)


def _r(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def _b62(number: int, width: int = 6) -> str:
    out = ""
    while number:
        number, rem = divmod(number, 62)
        out = B62[rem] + out
    return out.rjust(width, "0")


def _with_crc(prefix: str, rng: random.Random) -> str:
    body = _r(rng, ALNUM, 30)
    return prefix + body + _b62(zlib.crc32(body.encode()))


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


# -- secret generators: (type label, function) ---------------------------------------


def _password(rng: random.Random) -> str:
    words = ["Winter", "falcon", "Tr0ub4dor", "correct", "horse", "Maple", "orbit", "Quartz", "delta", "Nimbus"]
    style = rng.randrange(3)
    if style == 0:
        return rng.choice(words) + str(rng.randrange(10, 9999)) + rng.choice("!#$%&*?@")
    if style == 1:
        return _r(rng, ALNUM + "!#%&*+-=?@^_", rng.randrange(12, 24))
    return rng.choice(words).lower() + "-" + rng.choice(words).lower() + "-" + str(rng.randrange(100, 999))


def _jwt(rng: random.Random) -> str:
    header = _b64url(json.dumps({"alg": rng.choice(["HS256", "RS256"]), "typ": "JWT"}).encode())
    payload = _b64url(
        json.dumps(
            {
                "sub": str(rng.randrange(10**6, 10**7)),
                "name": "svc-" + _r(rng, string.ascii_lowercase, 6),
                "iat": 1732400000 + rng.randrange(10**6),
            }
        ).encode()
    )
    return f"{header}.{payload}.{_r(rng, URLSAFE, 43)}"


def _pem(rng: random.Random, label: str = "RSA PRIVATE KEY", newline: str = "\n") -> str:
    body = base64.b64encode(bytes(rng.randrange(256) for _ in range(rng.choice([600, 900, 1190])))).decode()
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    return f"-----BEGIN {label}-----{newline}" + newline.join(lines) + f"{newline}-----END {label}-----"


GENERATORS: dict[str, Callable[[random.Random], str]] = {
    "aws_access_key_id": lambda r: r.choice(["AKIA", "ASIA"]) + _r(r, B32, 16),
    "aws_secret_access_key": lambda r: _r(r, ALNUM + "+/", 40),
    "github_token": lambda r: _with_crc(r.choice(["ghp_", "gho_", "ghs_", "ghu_"]), r),
    "github_fine_grained_pat": lambda r: "github_pat_" + _r(r, ALNUM, 22) + "_" + _r(r, ALNUM, 59),
    "gitlab_token": lambda r: "glpat-" + _r(r, URLSAFE, 20),
    "slack_token": lambda r: f"xoxb-{r.randrange(10**10, 10**12)}-{r.randrange(10**11, 10**13)}-{_r(r, ALNUM, 24)}",
    "slack_webhook": lambda r: (
        f"https://hooks.slack.com/services/T{_r(r, string.ascii_uppercase + string.digits, 10)}/B{_r(r, string.ascii_uppercase + string.digits, 10)}/{_r(r, ALNUM, 24)}"
    ),
    "stripe_secret_key": lambda r: r.choice(["sk_live_", "rk_live_"]) + _r(r, ALNUM, r.choice([24, 99])),
    "openai_api_key": lambda r: "sk-proj-" + _r(r, URLSAFE, 74) + "T3BlbkFJ" + _r(r, URLSAFE, 74),
    "anthropic_api_key": lambda r: "sk-ant-api03-" + _r(r, URLSAFE, 93) + "AA",
    "google_api_key": lambda r: "AIza" + _r(r, URLSAFE, 35),
    "npm_token": lambda r: _with_crc("npm_", r),
    "pypi_token": lambda r: "pypi-AgEIcHlwaS5vcmc" + _r(r, URLSAFE, 60),
    "sendgrid_api_key": lambda r: "SG." + _r(r, URLSAFE, 22) + "." + _r(r, URLSAFE, 43),
    "huggingface_token": lambda r: "hf_" + _r(r, string.ascii_letters, 34),
    "telegram_bot_token": lambda r: f"{r.randrange(10**8, 10**10)}:AA{_r(r, URLSAFE, 33)}",
    "shopify_token": lambda r: "shpat_" + _r(r, HEX, 32),
    "twilio_api_key": lambda r: "SK" + _r(r, HEX, 32),
    "jwt": _jwt,
    "password": _password,
    "generic_secret": lambda r: _r(r, ALNUM, r.choice([32, 40, 48])),
    "azure_storage_key": lambda r: base64.b64encode(bytes(r.randrange(256) for _ in range(64))).decode(),
}


# -- hard negatives -------------------------------------------------------------------


def negative_lines(rng: random.Random) -> list[str]:
    """Lines that look secret-ish but are not secrets."""
    sha = _r(rng, HEX, 40)
    digest = _r(rng, HEX, 64)
    return [
        f"request_id: {uuid.UUID(int=rng.getrandbits(128))}",
        f"commit {sha}",
        f"Merge pull request #{rng.randrange(100, 9999)} (head {sha[:12]})",
        f"sha256sum: {digest}  release.tar.gz",
        f"image: ghcr.io/acme/api@sha256:{digest}",
        f'"integrity": "sha512-{base64.b64encode(bytes(rng.randrange(256) for _ in range(64))).decode()}"',
        'api_key = os.environ["OPENAI_API_KEY"]',
        "password: ${DB_PASSWORD}",
        "token: ${{ secrets.GITHUB_TOKEN }}",
        "const apiKey = process.env.STRIPE_SECRET_KEY;",
        'STRIPE_KEY="sk_live_YOUR_KEY_HERE"',
        "OPENAI_API_KEY=<your-openai-key>",
        "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "password = get_password_from_vault()",
        "self.password = password",
        "password_field = forms.CharField(widget=forms.PasswordInput)",
        "if password != confirm_password:",
        'DB_PASSWORD="changeme"',
        "secret: '********'",
        "token = None",
        f"version: {rng.randrange(1, 9)}.{rng.randrange(0, 30)}.{rng.randrange(0, 99)}",
        f'cache_key = "user:{rng.randrange(10**5, 10**6)}:profile"',
        "tokenizer = AutoTokenizer.from_pretrained('bert-base-uncased')",
        "private_key_path = '/etc/ssl/private/server.key'",
        "secret_name: prod/db/credentials",
        "See https://docs.example.com/auth#api-keys for how to create a key.",
        'password_reset_url = f"{BASE_URL}/reset?user={user_id}"',
        f"session_id={_r(rng, HEX, 8)}-{_r(rng, HEX, 4)}",
        "ssh-keygen -t ed25519 -C 'dev@laptop'",
        "-----BEGIN PUBLIC KEY-----",
        'client_secret: "<client-secret>"',
        "api_key: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "MAX_TOKENS = 4096",
        "key_id: arn:aws:kms:eu-west-1:123456789012:key/" + str(uuid.UUID(int=rng.getrandbits(128))),
        "color: #3fa9f5; background: #ffffff;",
        "TOKEN_EXPIRY_SECONDS=3600",
    ]


# -- document templates ---------------------------------------------------------------


def _env_file(rng: random.Random, doc: Doc) -> None:
    doc.add(rng.choice(["Here's my .env, why won't the app start?\n\n", "my env file:\n```\n", ""]))
    entries: list[tuple[str, str]] = [
        ("AWS_ACCESS_KEY_ID", "aws_access_key_id"),
        ("AWS_SECRET_ACCESS_KEY", "aws_secret_access_key"),
        ("GITHUB_TOKEN", "github_token"),
        ("STRIPE_SECRET_KEY", "stripe_secret_key"),
        ("OPENAI_API_KEY", "openai_api_key"),
        ("ANTHROPIC_API_KEY", "anthropic_api_key"),
        ("SENDGRID_API_KEY", "sendgrid_api_key"),
        ("DB_PASSWORD", "password"),
        ("SECRET_KEY", "generic_secret"),
        ("HF_TOKEN", "huggingface_token"),
        ("TELEGRAM_BOT_TOKEN", "telegram_bot_token"),
        ("SLACK_BOT_TOKEN", "slack_token"),
        ("GOOGLE_API_KEY", "google_api_key"),
    ]
    for name, kind in rng.sample(entries, rng.randrange(1, 4)):
        doc.add(f"{name}=")
        doc.secret(GENERATORS[kind](rng), kind)
        doc.add("\n")
        doc.add(rng.choice(["LOG_LEVEL=info\n", "PORT=8080\n", "NODE_ENV=production\n", ""]))
    for line in rng.sample(negative_lines(rng), 3):
        doc.add(line + "\n")


def _yaml_config(rng: random.Random, doc: Doc) -> None:
    doc.add("database:\n  host: db.internal\n  port: 5432\n  user: app\n  password: ")
    quoted = rng.random() < 0.5
    value = _password(rng)
    doc.add('"' if quoted else "")
    doc.secret(value, "password")
    doc.add('"\n' if quoted else "\n")
    doc.add("integrations:\n  slack:\n    webhook_url: ")
    doc.secret(GENERATORS["slack_webhook"](rng), "slack_webhook")
    doc.add("\n  stripe:\n    api_key: ")
    doc.secret(GENERATORS["stripe_secret_key"](rng), "stripe_secret_key")
    doc.add("\n")
    for line in rng.sample(negative_lines(rng), 3):
        doc.add("# " + line + "\n")


def _connection_strings(rng: random.Random, doc: Doc) -> None:
    user = rng.choice(["app", "admin", "deploy", "svc_reporting"])
    scheme, host = rng.choice(
        [
            ("postgres", "db.acme-corp.io:5432/app"),
            ("mysql", "10.0.3.7:3306/shop"),
            ("mongodb+srv", "cluster0.x7k2p.mongodb.net/prod"),
            ("redis", "cache.internal:6379/0"),
            ("amqp", "mq.internal:5672/vhost"),
        ]
    )
    doc.add(rng.choice(["Connection fails with this URL: ", "DATABASE_URL=", 'url = "']))
    doc.add(f"{scheme}://{user}:")
    password = _r(rng, ALNUM + "!*-_", rng.randrange(10, 20))
    doc.secret(password, "password")
    doc.add(f"@{host}\n")
    doc.add("but this one works: postgres://localhost:5432/test\n")
    doc.add(rng.choice(negative_lines(rng)) + "\n")


def _python_code(rng: random.Random, doc: Doc) -> None:
    doc.add("Can you refactor this?\n\n```python\nimport requests\n\n")
    kind = rng.choice(["openai_api_key", "github_token", "google_api_key", "huggingface_token", "generic_secret", "npm_token"])
    name = {"generic_secret": "API_SECRET"}.get(kind, kind.upper())
    doc.add(f'{name} = "')
    doc.secret(GENERATORS[kind](rng), kind)
    doc.add('"\n\n')
    doc.add('def fetch(path):\n    headers = {"Authorization": f"Bearer {' + name + '}"}\n')
    doc.add("    return requests.get(BASE + path, headers=headers, timeout=10)\n")
    for line in rng.sample(negative_lines(rng), 2):
        doc.add("# " + line + "\n")
    doc.add("```\n")


def _k8s_secret(rng: random.Random, doc: Doc) -> None:
    password = _password(rng)
    encoded = base64.b64encode(password.encode()).decode()
    doc.add(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db-credentials\ntype: Opaque\ndata:\n  username: YXBw\n  password: "
    )
    doc.secret(encoded, "password")
    doc.add("\n")
    if rng.random() < 0.5:
        token = GENERATORS["github_token"](rng)
        doc.add("  token: ")
        doc.secret(base64.b64encode(f"token: {token}".encode()).decode(), "github_token")
        doc.add("\n")
    doc.add(f"# {negative_lines(rng)[0]}\n")


def _kubeconfig(rng: random.Random, doc: Doc) -> None:
    doc.add(
        "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: https://10.0.0.1:6443\n  name: prod\nusers:\n- name: admin\n  user:\n    token: "
    )
    doc.secret(_jwt(rng), "jwt")
    doc.add("\ncontexts:\n- context: {cluster: prod, user: admin}\n  name: prod\n")


def _gcp_json(rng: random.Random, doc: Doc) -> None:
    doc.add("service account file:\n")
    pem = _pem(rng, "PRIVATE KEY", "\\n") + "\\n"
    head = {
        "type": "service_account",
        "project_id": "acme-prod-" + str(rng.randrange(1000, 9999)),
        "private_key_id": _r(rng, HEX, 40),
    }
    prefix = json.dumps(head)[:-1] + ', "private_key": "'
    doc.add(prefix)
    doc.secret(pem[: -len("\\n")], "private_key")
    doc.add('\\n", "client_email": "deployer@acme-prod.iam.gserviceaccount.com"}\n')


def _pem_paste(rng: random.Random, doc: Doc) -> None:
    doc.add(rng.choice(["ssh keeps saying permission denied, here is my key:\n\n", "id_rsa:\n", "Is this key format right?\n"]))
    doc.secret(_pem(rng, rng.choice(["RSA PRIVATE KEY", "EC PRIVATE KEY", "PRIVATE KEY", "OPENSSH PRIVATE KEY"])), "private_key")
    doc.add("\n\nand the public part starts with ssh-ed25519 AAAAC3NzaC1lZDI1NTE5 (truncated)\n")


def _log_lines(rng: random.Random, doc: Doc) -> None:
    for _ in range(rng.randrange(3, 7)):
        doc.add(
            f"2026-11-{rng.randrange(1, 28):02d}T{rng.randrange(24):02d}:{rng.randrange(60):02d}:00Z INFO request_id={uuid.UUID(int=rng.getrandbits(128))} status=200\n"
        )
    doc.add("2026-11-24T09:14:02Z DEBUG outgoing headers: {'Authorization': 'Bearer ")
    doc.secret(rng.choice([_jwt(rng), GENERATORS["github_token"](rng), GENERATORS["openai_api_key"](rng)]), "bearer_token")
    doc.add("', 'Accept': 'application/json'}\n")
    doc.add("2026-11-24T09:14:03Z ERROR upstream timeout after 30000ms\n")


def _chat(rng: random.Random, doc: Doc) -> None:
    kind = rng.choice(
        [
            "aws_access_key_id",
            "stripe_secret_key",
            "slack_token",
            "anthropic_api_key",
            "gitlab_token",
            "sendgrid_api_key",
            "twilio_api_key",
            "shopify_token",
            "github_fine_grained_pat",
        ]
    )
    doc.add(
        rng.choice(["hey, I'm getting 401s with this key ", "Is this the right format? ", "our contractor sent me ", "quick q: "])
    )
    doc.secret(GENERATORS[kind](rng), kind)
    doc.add(rng.choice([" — what am I doing wrong?\n", ". thanks!\n", " can you check it?\n"]))
    if rng.random() < 0.5:
        doc.add("also my password is ")
        doc.secret(_password(rng), "password")
        doc.add(" if you need to log in\n")
    doc.add(rng.choice(negative_lines(rng)) + "\n")


def _docker_config(rng: random.Random, doc: Doc) -> None:
    auth = base64.b64encode(f"ci-bot:{_password(rng)}".encode()).decode()
    doc.add('{\n  "auths": {\n    "registry.acme-corp.io": {\n      "auth": "')
    doc.secret(auth, "docker_auth")
    doc.add('"\n    }\n  }\n}\n')


def _netrc_npmrc(rng: random.Random, doc: Doc) -> None:
    if rng.random() < 0.5:
        doc.add("machine api.heroku.com\n  login ops@acme-corp.io\n  password ")
        doc.secret(
            _r(rng, HEX, 8) + "-" + _r(rng, HEX, 4) + "-" + _r(rng, HEX, 4) + "-" + _r(rng, HEX, 4) + "-" + _r(rng, HEX, 12),
            "password",
        )
        doc.add("\n")
    else:
        doc.add("registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=")
        doc.secret(GENERATORS["npm_token"](rng), "npm_token")
        doc.add("\n")


def _azure(rng: random.Random, doc: Doc) -> None:
    doc.add(
        "AZURE_STORAGE_CONNECTION_STRING=DefaultEndpointsProtocol=https;AccountName=acmeprod"
        + str(rng.randrange(10, 99))
        + ";AccountKey="
    )
    doc.secret(GENERATORS["azure_storage_key"](rng), "azure_storage_key")
    doc.add(";EndpointSuffix=core.windows.net\n")


def _shell_history(rng: random.Random, doc: Doc) -> None:
    doc.add("$ mysql -h db.internal -u root --password=")
    doc.secret(_password(rng).replace(" ", ""), "password")
    doc.add(" app < dump.sql\n$ curl -H 'X-API-Key: ")
    doc.secret(GENERATORS["generic_secret"](rng), "generic_secret")
    doc.add("' https://api.acme-corp.io/v1/orders\n$ git log --oneline -3\n")
    doc.add(f"{_r(rng, HEX, 7)} fix token refresh\n{_r(rng, HEX, 7)} bump version to 2.4.1\n")


def _negative_only(rng: random.Random, doc: Doc) -> None:
    doc.add(rng.choice(["Please review this config, nothing secret in it:\n", "Explain this code:\n", "Why is CI slow?\n"]))
    for line in rng.sample(negative_lines(rng), rng.randrange(5, 10)):
        doc.add(line + "\n")
    doc.add("The password policy requires 12 characters; tokens expire after an hour.\n")


TEMPLATES: tuple[Callable[[random.Random, Doc], None], ...] = (
    _env_file,
    _yaml_config,
    _connection_strings,
    _python_code,
    _k8s_secret,
    _kubeconfig,
    _gcp_json,
    _pem_paste,
    _log_lines,
    _chat,
    _docker_config,
    _netrc_npmrc,
    _azure,
    _shell_history,
    _negative_only,
    _negative_only,
)


def documents(seed: int = 1, count: int = 1200) -> Iterator[dict[str, object]]:
    """``count`` labeled documents, the same for the same seed."""
    rng = random.Random(seed)
    for index in range(count):
        doc = Doc()
        template = TEMPLATES[index % len(TEMPLATES)]
        template(rng, doc)
        yield {"id": f"secret-{index:05d}-{template.__name__.strip('_')}", "text": doc.text(), "labels": doc.labels}
