"""Validators that tell a real secret from the code and prose around it.

Generic rules ("a secret-ish name = some value") are only as good as these checks: the
regex finds every assignment, and these functions throw away the placeholders, variable
references, identifiers, hashes, paths and version strings that make up most of them.
They are deliberately conservative about *rejecting*: each check looks for a positive
sign of "not a secret" rather than demanding proof that a value is one.
"""

from __future__ import annotations

import functools
import itertools
import math
import re

# shannon_entropy lives with the scanner (a rule's `entropy` field); re-exported here.
from promptguard.entropy import shannon_entropy
from promptguard.patterncache import static
from promptguard.validators import Validator, ValidatorContext

# --- the name the value is assigned to -----------------------------------------------

_NAME_TOKEN = static(r"[A-Za-z0-9_.$-]+$")
_XML_KEY_ATTR = static(r"""(?:key|name)\s*=\s*["']([^"'<>]{1,100})["'][^<>]*$""", re.I)


def key_name(ctx: ValidatorContext) -> str:
    """The name a value is assigned to, read back from the text on the value's line.

    ``DB_PASSWORD: "x"`` gives ``DB_PASSWORD``, ``--api-key x`` gives ``api-key`` and
    ``<add key="ApiKey" value="x"/>`` gives ``ApiKey``. Empty when there is none.
    """
    line_start = ctx.text.rfind("\n", 0, ctx.start) + 1
    prefix = ctx.text[max(line_start, ctx.start - 300) : ctx.start]
    stripped = prefix.rstrip(" \t\"'`:=>,(<[{@!?|+&*")
    match = _NAME_TOKEN.search(stripped)
    if match is None:
        return ""
    name = match.group().strip(".-$")
    if name.lower() in {"value", "content", "val"}:
        attr = _XML_KEY_ATTR.search(prefix)
        if attr is not None:
            return attr.group(1)
    return name


def _line_of(ctx: ValidatorContext) -> str:
    start = ctx.text.rfind("\n", 0, ctx.start) + 1
    end = ctx.text.find("\n", ctx.end)
    return ctx.text[start : len(ctx.text) if end < 0 else end]


_CLOSING_QUOTE = {'"': '"', "'": "'", "`": "`", "\u201c": "\u201d", "\u2018": "\u2019"}


def _is_quoted(ctx: ValidatorContext) -> bool:
    before = ctx.text[ctx.start - 1 : ctx.start] if ctx.start > 0 else ""
    return before in _CLOSING_QUOTE and ctx.text[ctx.end : ctx.end + 1] == _CLOSING_QUOTE[before]


# --- words and randomness ------------------------------------------------------------


def _word_list(text: str) -> list[str]:
    return text.split()


_WORD_SEGMENT = static(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_VOWELS = frozenset("aeiouy")
# The 200 letter pairs that make up ~93% of the pairs in English words and code
# identifiers (counted over the Python standard library and common licence texts). A
# random token's letter runs rarely consist of them (each pair has a ~30% chance);
# words and identifiers almost always do.
_COMMON_BIGRAMS = frozenset(
    _word_list(
        """
        ab ac ad ag ai al am an ap ar as at au av ay ba be bj bl bu ca ce ch ci ck cl co cr ct
        cu da dd de di do ds du ea ec ed ee ef eg el em en ep er es et ev ex ey fa fe ff fi fl
        fo fr fu ge gi gs gu ha he hi ho ia ib ic id ie if ig il im in io ip ir is it iv iz je
        ke la ld le lf li ll lo ls lt lu ly ma mb me mi mo mp ms na nc nd ne nf ng ni no ns nt
        nu nv ob oc od ol om on oo op or os ot ou ov ow pa pe pi pl po pp pr pt pu py qu ra rc
        rd re rg ri rm rn ro rr rs rt ru ry sa sc se sh si so sp ss st su sy ta te th ti tl to
        tr ts tt tu ty ue ul um un up ur us ut va ve wa wh wi wo wr xc xt yp ys yt ze
        """
    )
)


def _pronounceable(segment: str) -> bool:
    word = segment.lower()
    if len(word) < 3 or not any(ch in _VOWELS for ch in word):
        return False
    pairs = [word[i : i + 2] for i in range(len(word) - 1)]
    return sum(pair in _COMMON_BIGRAMS for pair in pairs) / len(pairs) >= 0.7


def wordiness(s: str) -> float:
    """Share of ``s`` covered by pronounceable word-like segments (camelCase-aware).

    Identifiers, routes and prose score high (``ultraPictureBox1`` ~0.94); random
    tokens score low because their letter runs are short and unpronounceable.
    """
    if not s:
        return 0.0
    covered = sum(len(m.group()) for m in _WORD_SEGMENT.finditer(s) if _pronounceable(m.group()))
    return covered / len(s)


def _is_sequence(s: str) -> bool:
    """Alphabets and counters (``ABCDEFGH...``, ``0123456789``, ``abcabc``) are not keys.

    Two interleaved counters (``a1b2c3d4...``, ``a1b2-c3d4-e5f6``) are made up too: in
    a random token a character is one more than the one two places back about once in
    36 (base36) or rarer, never in half the places.
    """
    if len(s) < 8:
        return False
    steps = sum(ord(b) - ord(a) == 1 for a, b in itertools.pairwise(s))
    if steps / (len(s) - 1) >= 0.5 or len(set(s)) < min(8, len(s) // 3):
        return True
    alnum = "".join(c for c in s if c.isalnum())
    if len(alnum) < 8:
        return False
    strides = sum(ord(alnum[i + 2]) - ord(alnum[i]) == 1 for i in range(len(alnum) - 2))
    return strides / (len(alnum) - 2) >= 0.5


def _char_classes(s: str) -> int:
    return (
        any(c.islower() for c in s) + any(c.isupper() for c in s) + any(c.isdigit() for c in s) + any(not c.isalnum() for c in s)
    )


_HEX = static(r"[0-9a-fA-F]+")


def _alphabet_size(s: str) -> int:
    if _HEX.fullmatch(s) and not (any(c.islower() for c in s) and any(c.isupper() for c in s)):
        return 16
    size = 0
    size += 26 if any(c.islower() for c in s) else 0
    size += 26 if any(c.isupper() for c in s) else 0
    size += 10 if any(c.isdigit() for c in s) else 0
    size += 32 if any(not c.isalnum() for c in s) else 0
    return max(size, 2)


def randomness(s: str) -> float:
    """Entropy of ``s`` relative to the most a string of its length and alphabet can have.

    Close to 1.0 for random tokens of any charset (hex, base32, base64); lower for
    text, identifiers and repetitive values. Normalising by ``min(len, alphabet)``
    keeps short random tokens comparable with long ones.
    """
    if len(s) < 2:
        return 0.0
    best = math.log2(min(len(s), _alphabet_size(s)))
    return shannon_entropy(s) / best if best > 0 else 0.0


_SLUG = static(r"^[a-z]+(?:[_.-][a-z]+)+$|^[A-Z]+(?:[_.-][A-Z]+)+$")  # proxy_auth_realm, NOT_SET


def looks_random(value: str, ctx: ValidatorContext) -> float:
    """Keep values that look machine-generated: long enough, varied, not words.

    Returns 1.0 for clearly random tokens, less for weaker evidence (a single
    character class), 0 for words, identifiers, sequences and short values.
    """
    v = value.strip()
    if len(v) < 16 or v.isdigit() or " " in v or _is_sequence(v) or _SLUG.match(v):
        return 0.0
    if wordiness(v) > 0.45:
        return 0.0
    ratio = randomness(v)
    if ratio < 0.68:
        return 0.0
    if _char_classes(v) == 1 and _alphabet_size(v) != 16:
        return 0.5 if ratio >= 0.78 else 0.0  # one letter case only: weaker evidence
    return 1.0 if ratio >= 0.8 else 0.7


# A made-up body in a token's exact format ("1234567890abcdef...", "ABCD...XYZ",
# "abcdabcd...") is still worth reporting, but below the hooks' 0.5 threshold: rule
# confidence (≤ 0.9) × this factor (+ 0.15 for a context word) stays under it.
_FILLER_FACTOR = 0.3
# Runs that mark a value as masked or elided rather than made up; six equal characters
# in a row almost never occur in a random token (about 1 in 10^6 per position even in hex).
_MASK_RUN = static(r"(?i)x{4,}|\*{3,}|#{4,}|\.{3,}|…|•{3,}|_{4,}|(.)\1{5,}")


def random_body(value: str, ctx: ValidatorContext) -> float:
    """Like ``looks_random``, for values whose format alone already marks them as a token.

    A rule anchored on a vendor prefix (``ghp_``, ``glpat-``) or on a vendor name plus an
    exact length and charset has strong evidence before randomness is looked at, so a
    sequence-like or low-entropy body (``abcdef1234567890...``) lowers the confidence
    to a weak finding instead of dropping it. Masks, runs of ``x``/``*``/``0``, words,
    identifiers and values shorter than 16 characters are still rejected.
    """
    factor = looks_random(value, ctx)
    if factor > 0:
        return factor
    v = value.strip()
    if len(v) < 16 or " " in v or len(set(v)) < 3 or _MASK_RUN.search(v) or _SLUG.match(v):
        return 0.0
    if wordiness(v) > 0.45:
        return 0.0
    return _FILLER_FACTOR


# --- placeholders ----------------------------------------------------------------------


# Whole values that are stand-ins, not credentials (compared lower-cased). The word
# "secret" is deliberately absent: `user:secret@localhost` is a real, if weak, password.
_PLACEHOLDER_WORDS = frozenset(
    _word_list(
        """
        password passwd passphrase pass pwd pw secrets token apikey api_key api-key key access_key
        secret_key private_key auth credentials credential changeme change_me change-me changeit
        replaceme replace_me replace-me placeholder redacted removed hidden masked omitted example
        sample dummy fake test testing demo foo bar baz foobar qux null none nil undefined nan true
        false empty blank todo tbd fixme required optional default string str text value arg args
        your_password yourpassword your-password mypassword my_password my-password user username
        login username:password user:pass user:password xxx yyy zzz abc abcd 123 0 secret_value
        secretvalue passwort kennwort contraseña contrasena senha wachtwoord hasło haslo пароль 密码
        パスワード lösenord losenord salasana heslo jelszó şifre sifre parola adgangskode
        anonymous guest attribute property method function field param parameter argument option
        options setting variable type object class instance
        """
    )
)
# UI labels and messages: "Mot de passe", "Enter your password", "Password is required".
_LABEL = static(r"(?i)^mot de passe$|\bpass(?:word|wd|phrase)s?\b.*\s|\s.*\bpass(?:word|wd|phrase)s?\b")

_PLACEHOLDER_PATTERNS = static(
    r"""(?ix)
      ^\$[\w{(]                       # $VAR, ${VAR}, $(cmd), $1
    | ^%\(?\w+\)?[%s]$                # %VAR% (Windows), %(name)s
    | ^%[sdr]$                        # printf
    | \$\{ | \$\( | \{\{ | \{% | <% | \#\{ | \[\[  # template / interpolation syntax anywhere
    | ^@\w+@$ | ^__\w+__$             # @TOKEN@ (autoconf), __TOKEN__
    | ^<[^<>]*>$                      # <password>, <your token here>
    | &lt; | &gt;
    | ^\[[\sA-Z0-9_ -]*\]$            # [PASSWORD]
    | x{4,} | \*{3,} | •{3,} | \.{3,} | … | \#{4,} | _{4,}
    | ^(?:my|your|the|some|a|new|old|default|dummy|fake|test|example|sample|secure|strong)
        [_\s.-]?(?:db[_-]?|app[_-]?|api[_-]?|admin[_-]?)?
        (?:password|passwd|pass|pwd|pw|secret|token|key|api[_-]?key|credentials?)s?
        (?:[_\s.-]?(?:here|goes[_\s-]?here|value))?$
    | ^[a-z_-]*(?:password|passwd|passphrase|apikey|api_key|api-key|access_token|auth_token)[a-z_-]*$
    | ^your | (?:^|[^a-z])(?:your|insert|enter)[_\s.-]
    | example | sample | dummy | placeholder | redacted | changeme | change[_\s-]me
    | replace[_\s-]?me | \bfake\b | \btodo\b | \bfixme\b | (?:^|[_\s-])here$ | \bnot[_\s-]?set\b
    """
)

_CODE_REFERENCE = static(
    r"""(?x)
      \b(?:os\.environ|os\.getenv|getenv|process\.env|System\.getenv|ENV\[|env\(|Environment\.GetEnvironmentVariable)
    | \bsecrets\.[A-Za-z_] | \bvars\.[A-Za-z_] | \binputs\.[A-Za-z_]
    | ^!(?:Ref|Sub|GetAtt|ImportValue)\b | ^ref\+ | ^arn:aws | ^(?:vault|ssm|secretsmanager|keyvault|sm|op|gcp|azure):
    | ^(?:from_secret|secretKeyRef|valueFrom)\b
    | \\[sdwSDWb][*+?{] | \.[*+][)?]? | \[[A-Za-z0-9]-[A-Za-z0-9]  # regex source, not a value
    """
)


_BRACED = static(r"\{\s*([\w.]{0,40})\s*\}")


def _is_braced_name(v: str) -> bool:
    """``{password}``, ``{0}``, ``{api_key}`` are format fields; ``{ZqL5kVrX1n8tA2}`` is not."""
    match = _BRACED.fullmatch(v)
    if match is None:
        return False
    inner = match.group(1)
    return len(inner) <= 4 or "." in inner or inner.isdigit() or wordiness(inner) > 0.5


def _is_prose(v: str) -> bool:
    """Three or more ordinary words: a label, message or sentence, not a credential."""
    words = v.split()
    return len(words) >= 3 and wordiness(v.replace(" ", "")) > 0.7


def _is_mask(v: str) -> bool:
    return len(set(v)) == 1 or set(v) <= set("*xX#.•-_ ")


# Right after a value: the rest of it was cut or masked (``ops_eyJz..[Redacted]``,
# ``sk-abc***``). A bare "..." is not enough: prose puts one after a whole token too.
_TRUNCATED = static(r"(?i)(?:\.{2,}|…)?\s?[\[(<]?(?:redacted|truncated|masked|snip)\b|\*{3,}")


def not_placeholder(value: str, ctx: ValidatorContext) -> bool:
    """Reject empty values, template variables, masks and stock placeholder words.

    ``${DB_PASSWORD}``, ``{{ secrets.X }}``, ``<password>``, ``********``,
    ``changeme``, ``your_api_key``, ``os.environ["X"]``, ``None``, and the visible
    head of a truncated or redacted value (``ops_eyJz..[Redacted]``)...
    """
    v = value.strip().strip("\"'`")
    if not v or _is_mask(v) or _is_braced_name(v):
        return False
    if _TRUNCATED.match(ctx.text, ctx.end):
        return False
    if v.lower() in _PLACEHOLDER_WORDS or _LABEL.search(v) or _is_prose(v):
        return False
    if _PLACEHOLDER_PATTERNS.search(v) or _CODE_REFERENCE.search(v):
        return False
    return not_doc_example(v, ctx)


# --- documentation examples ------------------------------------------------------------


@functools.cache
def doc_examples() -> frozenset[str]:
    """Credentials published in vendor documentation (doc_examples.txt), loaded once.

    Read beside this module, as the rule packs are (``rules.bundled_rules_dir``):
    ``importlib.resources`` would import tempfile, shutil, bz2, lzma and zipfile
    (~6 ms) into a hook that is about to block a prompt.
    """
    import os

    with open(os.path.join(os.path.dirname(__file__), "doc_examples.txt"), encoding="utf-8") as handle:
        text = handle.read()
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return frozenset(line for line in lines if line)


def not_doc_example(value: str, ctx: ValidatorContext) -> bool:
    """Reject well-known example credentials from vendor docs and RFCs."""
    v = value.strip()
    if v in doc_examples():
        return False
    # Docs examples are often shown with a prefix (``Bearer x``) or inside a longer value.
    return not any(example in v for example in doc_examples() if len(example) >= 16)


# --- identifiers and code ---------------------------------------------------------------

_CALL = static(r"^(?:new\s+|await\s+|yield\s+)?[A-Za-z_$@][\w$.:\->\\]*\s*\(.*\)[\w.()\[\]'\"]*;?$", re.S)
_SUBSCRIPT = static(r"^[A-Za-z_$@][\w$.]*(?:\[[^\]]*\])+(?:\.[\w.]+)?;?$")
_DOTTED = static(r"^[A-Za-z_$@][\w$]*(?:(?:\.|->|::)[A-Za-z_$][\w$]*)+;?$")
_IDENT = static(r"^[A-Za-z_$][\w$]*;?$")
_CONSTANT = static(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$|^[A-Z]+$")
_YAML_ALIAS = static(r"^[*&!][\w.-]+$")
_FLAG = static(r"^--?[A-Za-z][\w-]*$")
# The text between two string literals: `'password = '.$p['x']`, `"a:",b:"c"`.
_CODE_FRAGMENT = static(r"^[.+]\s*[$\w]|[\[(]$|^[,;]|^\)\s*[.+]")
# Type annotations and schema types that follow `password:` in code and docs.
_TYPE_NAMES = frozenset(
    _word_list(
        """
        str string bytes bytearray int integer bool boolean any object char text secretstr
        secretbytes varchar blob securestring list final
        """
    )
)
_MULTIWORD = static(r"[a-z][A-Z]|[A-Za-z]_[A-Za-z]|[A-Za-z]-[A-Za-z]")
_SECRETISH_WORD = static(r"(?i)pass|pwd|secret|token|key|cred|auth")
_CODE_OPERATORS = static(r"\s(?:\+|\|\||&&|\?\??|or|and|if|else|\.)\s|^!\w")
_URL = static(r"(?i)^[a-z][a-z0-9+.-]*://[^\s/@:]+(?:[:/?#]|$)")
_URL_WITH_CREDS = static(r"(?i)^[a-z][a-z0-9+.-]*://[^\s/@]*:[^\s/@]*@")


def is_code(value: str, quoted: bool) -> bool:
    """True when ``value`` reads as an expression rather than a literal."""
    v = value.strip() if quoted else value.strip().rstrip(":;,")
    if _CALL.match(v) or _SUBSCRIPT.match(v) or _CODE_FRAGMENT.search(v):
        return True
    if _FLAG.match(v):
        return True
    if not quoted and (_CODE_OPERATORS.search(v) or _YAML_ALIAS.match(v) or v.lower() in _TYPE_NAMES):
        return True
    if _DOTTED.match(v) and (not quoted or wordiness(v.replace(".", "")) > 0.6):
        return True
    if _URL.match(v) and not _URL_WITH_CREDS.match(v):
        return True
    if not _IDENT.match(v):
        return False
    if quoted:
        # A quoted single word may well be a password; a quoted multi-word identifier
        # ("ultraPictureBox1", "DOC_Vector_5_32") is a name.
        return bool(_MULTIWORD.search(v)) and wordiness(v) > 0.5
    # Unquoted: a bare identifier is a variable reference unless it looks like a
    # literal that configuration formats write without quotes (``hunter2``).
    return bool(
        _SECRETISH_WORD.search(v)
        or (_MULTIWORD.search(v) and wordiness(v) > 0.5)
        or _CONSTANT.match(v)
        or len(v) < 4
        or v[0] in "$_"
    )


# After an unquoted value: the expression goes on (`x = kwargs if ... else ...`).
_FOLLOWED_BY_CODE = static(r"[ \t]*(?:(?:if|else|or|and|for|in|is|not)\b|[+*/%(\[]|\.\w|==|!=)")
# `name = value` with spaces is how code assigns; .env, properties and CLI write `NAME=value`.
_SPACED_ASSIGN = static(r"\s(?::=|=|==|!=|=>|\|\|=)[ \t]*$")


def not_identifier(value: str, ctx: ValidatorContext) -> bool:
    """Reject variable references, calls, dotted names and multi-word identifiers.

    ``self.password``, ``get_token()``, ``request.form["password"]``,
    ``settings.SECRET_KEY``, ``password`` (unquoted), ``ultraPictureBox1``, URLs
    without credentials. An unquoted lower-case word after a spaced ``=``
    (``password = result``) is a variable; after ``=`` or ``:`` in configuration
    (``PASSWORD=goodspec``, ``password: goodspec``) it is a literal.
    """
    quoted = _is_quoted(ctx)
    if is_code(value, quoted):
        return False
    if quoted:
        return True
    line_end = ctx.text.find("\n", ctx.end)
    if _FOLLOWED_BY_CODE.match(ctx.text, ctx.end, len(ctx.text) if line_end < 0 else line_end):
        return False
    v = value.strip()
    if v.isalpha() and v.islower():
        return not _SPACED_ASSIGN.search(ctx.text, max(0, ctx.start - 8), ctx.start)
    return True


def password_literal(value: str, ctx: ValidatorContext) -> bool:
    """In prose, an unquoted value must look like a password, not the next word.

    "the password is Tr0ub4dor&3" is kept; "the password is required" and "the  # promptguard: allow
    password is stored in..." are not. Quoted values are literals by construction.
    """
    if _is_quoted(ctx):
        return True
    v = value.strip()
    if v.isalpha() or (v.isdigit() and len(v) < 4):
        return False
    return not is_code(v, quoted=False)


# Names that end in key/token/secret but hold something public or structural.
_NOT_SECRET_NAME = static(
    r"(?i)public|publishable|(?:^|[_.-])pub(?:[_.-]|$)|cache|sort|primary|foreign|partition|routing"
    r"|idempotency|dedup|hash|row[_.-]?key|lookup|index|bucket|object[_.-]?key|fingerprint|csrf|xsrf"
    r"|page|next|cursor|continuation|sync|cancel|captcha|site[_.-]?key|sitekey|translation|i18n"
    r"|label|message|placeholder|example|sample|dummy|mock|fake|lexer|parser|tokenizer|word|char"
    r"|authenticity"  # Rails' per-form CSRF token (authenticity_token), public in every page
)


def secret_name(value: str, ctx: ValidatorContext) -> bool:
    """Reject values whose name marks them as public or structural, not secret.

    ``public_key``, ``STRIPE_PUBLISHABLE_KEY``, ``cache_key``, ``sort_key``,
    ``csrf_token``, ``next_page_token``, ``recaptcha_site_key``...
    """
    return not _NOT_SECRET_NAME.search(key_name(ctx))


# A value that merely repeats the kind of thing it is: "test_facebook_secret".
_NAME_ECHO = static(r"(?i)^[\w.-]*(?:secret|password|passwd|token|api[_-]?key)[\w.-]*$")


def not_name_echo(value: str, ctx: ValidatorContext) -> bool:
    """Reject a value that only repeats a secret-ish name (``SmtpPassword2``, ``api_token``)."""
    return not _NAME_ECHO.match(value.strip())


def human_secret(value: str, ctx: ValidatorContext) -> bool:
    """A hand-chosen secret: 8+ characters, not a number, a sequence or the name echoed back.

    For rules that accept low-entropy values under a strong name (``jwt: secret:
    development#product``), where ``looks_random`` would reject real secrets.
    """
    v = value.strip()
    # Fewer than 4 distinct characters is filler ("0000000=", "xxxx-xxxx"), not a choice.
    return len(v) >= 8 and len(set(v)) >= 4 and not v.isdigit() and not _is_sequence(v) and not _NAME_ECHO.match(v)


# --- hashes, uuids, paths, versions ------------------------------------------------------

_UUID = static(r"^\{?[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}\}?$")
_ID_NAME = static(
    r"(?i)(?:^|[_.-])(?:id|uuid|guid|ids)$|[a-z0-9](?:Id|ID|Uuid|Guid)$|uuid|guid|tenant|subscription|correlation|trace|request|object"
)
_STRONG_SECRET_NAME = static(r"(?i)secret|token|pass|pwd|api[_.-]?key|private|auth|cred|access[_.-]?key|signing|encryption")


def not_uuid(value: str, ctx: ValidatorContext) -> float:
    """Reject UUIDs unless the name says they are a credential (some APIs use UUID keys)."""
    if not _UUID.match(value.strip()):
        return 1.0
    name = key_name(ctx)
    if _ID_NAME.search(name) or not _STRONG_SECRET_NAME.search(name):
        return 0.0
    return 0.6


_HASH_LENGTHS = frozenset({32, 40, 56, 64, 96, 128})
_HASH_PREFIX = static(r"(?i)^(?:md5|sha-?(?:1|224|256|384|512)|blake2[bs]?|xxh\d*|crc32)[:=-]")
_HASH_NAME = static(
    r"(?i)hash|sha\d*|md5|digest|checksum|chksum|cksum|etag|fingerprint|integrity|crc|commit|srcrev|revision|(?:^|_)rev$"
)
_COMMIT_WORDS = static(r"(?i)\b(?:commit|commits|sha1?|revision|rev|srcrev|checkout|cherry-pick|merge|parent|tree|blob|ref)\b")


def not_hash(value: str, ctx: ValidatorContext) -> bool:
    """Reject digests: hex named like a hash, algorithm-prefixed values, git SHAs by commit words.

    ``secret_key = <64 hex>`` is kept (a hex secret); ``sha256 = <64 hex>`` and
    ``etag: <32 hex>`` are not.
    """
    v = value.strip()
    if _HASH_PREFIX.match(v):
        return False
    if not (_HEX.fullmatch(v) and len(v) in _HASH_LENGTHS):
        return True
    if _HASH_NAME.search(key_name(ctx)):
        return False
    return not (len(v) == 40 and _COMMIT_WORDS.search(_line_of(ctx)))


_FILE_EXTENSION = static(
    r"(?i)\.(?:pem|key|crt|cer|der|p12|pfx|jks|keystore|keytab|pub|asc|gpg|json|ya?ml|toml|ini|cfg|conf|env|txt|xml|properties|py|js|ts|sh|php|rb|go|java|html?|csv|log|db|sqlite)$"
)
_PATH_START = static(
    r"^(?:[A-Za-z]:[\\/]|\\\\|~/|\.{1,2}/|file:|/(?:etc|home|usr|var|tmp|opt|run|root|Users|mnt|srv|secrets?|data|app)/)"
)
_PATH_SHAPE = static(r"^/?(?:[\w.@~+-]+/)+[\w.@~+-]*#?[\w-]*$")


_SELECTOR = static(r"^[#.][A-Za-z][\w-]*$")


_PATH_SEPARATOR = static(r"[/#]")


def is_path(v: str) -> bool:
    """File paths, routes and resource names: ``/etc/x``, ``env/cert.p12``, ``cms/sites#edit``."""
    if " " in v:
        return False
    if _SELECTOR.match(v) and wordiness(v[1:]) > 0.6:
        return True  # a CSS selector or URL fragment: '#add-password'

    if _PATH_START.match(v) or _FILE_EXTENSION.search(v):
        return True
    if _PATH_SHAPE.match(v):
        # Base64 also contains '/': call it a path only when the segments read as words.
        segments = [s for s in _PATH_SEPARATOR.split(v) if s]
        return sum(wordiness(s) > 0.5 or len(s) <= 4 for s in segments) >= max(2, len(segments) - 1)
    return False


def not_path(value: str, ctx: ValidatorContext) -> bool:
    """Reject file paths, URL paths and routes."""
    return not is_path(value.strip())


# Head ("v1.2", "2.0.0") then any tail of letters/digits with optional single separators.
# The tail consumes exactly one character per repetition, so matching stays linear (a
# nested-quantifier version of this pattern hung on long hex values).
_VERSION_HEAD = static(r"(?i)(?:v|version|rc|r)?\d+(?:[._]\d+){1,4}")
_VERSION_TAIL = static(r"(?i)(?:[-+._~]?[a-z\d])*")
_DATE = static(r"^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+Z?)?$")


def not_version(value: str, ctx: ValidatorContext) -> bool:
    """Reject version strings and dates: ``1.2.3``, ``v2.0.0-rc.1``, ``rc0.15.0_20231217_1420-SNAPSHOT``."""
    v = value.strip()
    head = _VERSION_HEAD.match(v)
    # Real version strings are short; a long tail is key material with a version prefix
    # (Cloudflare's "v1.0-<hex>" origin keys).
    is_version = head is not None and len(v) <= 40 and _VERSION_TAIL.fullmatch(v, head.end()) is not None
    return not (is_version or _DATE.match(v) or v.upper().endswith("-SNAPSHOT"))


VALIDATORS: dict[str, Validator] = {
    "not_placeholder": not_placeholder,
    "not_doc_example": not_doc_example,
    "not_identifier": not_identifier,
    "password_literal": password_literal,
    "secret_name": secret_name,
    "human_secret": human_secret,
    "not_name_echo": not_name_echo,
    "looks_random": looks_random,
    "random_body": random_body,
    "not_uuid": not_uuid,
    "not_hash": not_hash,
    "not_path": not_path,
    "not_version": not_version,
}
