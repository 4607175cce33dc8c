"""How well promptguard covers the examples other scanners ship with their rules.

    python -m benchmarks.peer_coverage [--corpus ../shared/corpus/peer-examples.jsonl] [--list]

Reads the peer example corpus (noseyparker, kingfisher, gitleaks; see its README) and
reports what a default ``promptguard scan`` reports (secrets, min_confidence 0; the
hooks' 0.5 threshold is not applied, and each finding's confidence is shown):

* of the ``expect: match`` examples whose provider promptguard claims (some rule has
  that ``provider``), the share in which promptguard reports a secret (target ≥ 97%),
  over all of them and over those that are credentials: rows the review tables below
  classify as not a credential, a placeholder, a documentation example or a format the
  provider does not issue are counted and listed with their reason, never dropped;
* separately, the share once rows are also set aside whose value is longer than the
  peer's *own* pattern allows: the peer regex has no trailing boundary, so its test
  passes on a prefix of the value (``toggl SECRET <35 chars>`` against ``[0-9a-zA-Z]{32}``).
  This is computed from ``peer-rules.jsonl``, not hand-listed, and printed on its own
  line because it judges the example by the peer's pattern, not by provider docs;
* then, once rows are also set aside whose captured value is an invented body (the
  alphabet or digits counting, keyboard rows, a1b2c3 interleaving, a block repeated, the
  stock example UUID; ``INVENTED_BODY``), applied to every provider alike and printed on
  its own line: it judges the body, not the format, and a rule whose format matches still
  reports such a body as a weak finding, so many of these rows are found;
* the ``expect: no_match`` examples promptguard flags, each with the rules that fired,
  the masked value, the confidence and the reviewed verdict. A no_match row only says
  that one peer rule should not fire on that text; some are real credentials of
  another format, so each flag is read, not just counted. A flag without a verdict is
  printed as UNREVIEWED.

The review tables are data: each entry covers one row *pattern* (one provider's host
names, one RFC's example) with a specific reason, so a reviewer can check it, and a new
peer row is only classified when it really has that shape. Values are masked in
everything printed.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "peer-examples.jsonl"

# --- review tables ----------------------------------------------------------------------
#
# NOT_CREDENTIALS: expect: match rows that are not credentials, or whose value has a
# format the provider does not issue. NO_MATCH_REVIEW: what a flagged no_match row holds;
# verdicts start with "credential:" (which kind), "weak:" (a made-up body in a token's
# exact format, reported under the hooks' threshold by design) or "false alarm:" (to fix).

# (reason, providers separated by spaces or "*" for any, regex searched in the row's text)
_HOST = "not a credential: a tenant, instance or bucket host name/URL (where a service lives, not how to sign in)"
_ARN = "not a credential: an AWS ARN, account id or bucket name (identifies a resource)"
_PUBLIC_ID = "not a credential: a public client/app/account/user id; the secret is a separate value"
_PLACEHOLDER = "placeholder: a masked or stock value (x/a/0 runs, w/B/- masks, EXAMPLE, YOUR_..., 'password', myPassword)"
_DOC_EXAMPLE = "documentation example credential (RFC 6750, RFC 7617, jwt.io sample)"

NOT_CREDENTIALS: tuple[tuple[str, str, str], ...] = (
    (_HOST, "artifactory", r"^[\w.-]+\.jfrog\.io$"),
    (_HOST, "atlassian", r"^[\w.-]+\.atlassian\.net$|sprintUri=\s*https://[\w.-]+\.atlassian\.net/\w*$"),
    (_HOST, "auth0", r"(?i)^(?:auth0_?domain\s*[=:]\s*'?|https://)?[\w.-]+\.auth0\.com/?'?$"),
    (_HOST, "aws", r"^(?:https?://|http%2F%2F)?[\w.-]*\bs3[\w.-]*\.amazonaws\.com(?:/[\w-]+)?$"),
    (
        _HOST,
        "azure",
        r"^(?:azure_search_url=https://)?[\w-]+\.(?:blob\.core\.windows\.net|openai\.azure\.com|search\.windows\.net)(?:/[\w/]*)?$"
        r"|^https://dev\.azure\.com/\w+/_usersSettings/tokens$|^storage_name=\w+$",
    ),
    (_HOST, "databricks", r"^[\w-]+\.cloud\.databricks\.com$"),
    (_HOST, "google", r"^(?:https://)?[\w.-]*storage\.googleapis\.com(?:/[\w/]*)?$"),
    (_HOST, "okta", r"^[\w-]+\.okta\.com$"),
    (_HOST, "salesforce", r"^https://[\w-]+\.my\.salesforce\.com$"),
    (_HOST, "shopify", r"^[\w.-]+\.myshopify\.com$"),
    (_HOST, "sonarqube", r"^sonar\.host=https?://[\w.:-]+$"),
    (_ARN, "aws", r"\barn:aws:|\baws_account_id=\d{12}\b"),
    (
        "wrong format per AWS docs: A3T is not one of the unique-id prefixes AWS documents (AKIA, ASIA, ...)",
        "aws",
        r"^A3T0ABCDEFGHIJKLMNOP$",
    ),
    (
        "wrong format per AWS docs: an A3T key id (not a documented prefix) paired with 40 hex digits, "
        "where a secret access key is 40 base64 characters (mixed case, / and +)",
        "aws",
        r"^export AWS_API_KEY='A3T0ABCDEFGHIJKLMNOP''[0-9a-f]{40}'$",
    ),
    # One-line rows only: a row that also holds the client secret is a credential row.
    (_PUBLIC_ID, "google", r"^[^\n]*\.apps\.googleusercontent\.com[^\n]*$"),
    (_PUBLIC_ID, "auth0", r"(?i)^[^\n]*auth0_?client_?id\s*[=:][^\n]*$"),
    (_PUBLIC_ID, "facebook", r"(?i)^(?:fb_app_id|FACEBOOK_APPLICATION_ID)\s*[=:]\s*\d+$"),
    (_PUBLIC_ID, "algolia", r"^algolia_app_id = \"\w+\"$"),
    (_PUBLIC_ID, "discord", r"^(?:bot_id: \"\d{17,19}\"|discord = \d{17,19})$"),
    (_PUBLIC_ID, "bitbucket", r"(?i)^bitbucket(?:\.client\.|_)id=\w+$"),
    (_PUBLIC_ID, "snowflake", r"^snowflake_(?:account|user) = "),
    (_PUBLIC_ID, "planetscale", r"^(?:planetscale_id|pscale_user)\s*[=:]"),
    (_PUBLIC_ID, "confluent", r"^(?:confluent client_id|kafka_client)=\w{16}$"),
    (_PUBLIC_ID, "spotify", r"^spotifyClientid = "),
    (_PUBLIC_ID, "mongodb", r"^mongodb-public: "),
    (_PUBLIC_ID, "messagebird", r"MessageBirdClientID = "),
    (_PUBLIC_ID, "anypoint", r"org_id = "),
    (_PUBLIC_ID, "adobe", r"^adobeProduct = "),
    # 16 digits is the shape of an Asana app's client id (the peer rule is named so);
    # Asana personal access tokens look like 1/..., 2/... with a 32-character secret.
    (_PUBLIC_ID, "asana", r'^asana_key = "\d{16}"$'),
    (
        "not a credential per OneSignal's docs: UUIDs are the public App ID and Organization ID; API keys are os_v2_...",
        "onesignal",
        r"^onesignal_key=[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
    ),
    ("not a credential: an e-mail address", "eagleeyenetworks", r"^eagleeyenetworks [\w.]+@[\w.]+$"),
    ("not a credential: prose (a form's field labels)", "linkedin", r"LinkedIn ID.*Availability"),
    (
        "not a credential: a service-account JSON without its private_key (public fields only)",
        "google",
        r'"auth_provider_x509_cert_url"',
    ),
    ("not a credential: a base64 X.509 certificate (public)", "kubernetes", r"ca\.pem: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t"),
    (
        'placeholder: base64 of admin:password, mypassword or {"auth":"opensesame"} in a sample manifest',
        "kubernetes",
        r"YWRtaW46cGFzc3dvcmQ=|bXlwYXNzd29yZA==|eyJhdXRocyI6eyJodHRwczovL2V4YW1wbGUvdjEvIjp7ImF1dGgiOiJvcGVuc2VzYW1lIn19fQo=",
    ),
    (
        "wrong format: a UUID-shaped value with letters past 'f' is not hex, so not the UUID key these providers issue",
        "scaleway graphhopper privacy deepai",
        r"(?=[0-9a-f-]*[g-zG-Z])\b[0-9a-zA-Z]{8}-[0-9a-zA-Z]{4}-[0-9a-zA-Z]{4}-[0-9a-zA-Z]{4}-[0-9a-zA-Z]{12,14}\b",
    ),
    ("not a credential: an age recipient (age1...) is a public key", "age", r"^age1[0-9a-z]{58}$"),
    (
        "wrong format per Microsoft's 84-character Azure DevOps PAT layout: AZDO tag without the JQQJ signature",
        "azure",
        r"^(?=[A-Za-z0-9]{84}$)(?!.{52}JQQJ).{76}AZDO",
    ),
    (
        "wrong format: Slack xoxb- tokens carry numeric workspace and bot ids; these segments hold hex letters",
        "slack",
        r"\bxoxb-(?=[0-9]*[A-Za-z])[0-9A-Za-z]{8}-",
    ),
    (
        "wrong format per Sourcegraph docs: sgp_<40 hex>, sgp_<16 hex>_<40 hex> or sgp_local_<40 hex>, not both forms at once",
        "sourcegraph",
        r"\bsgp_[0-9a-f]{16}_local_",
    ),
    (
        "wrong format per Zapier docs: catch-hook URLs are /hooks/catch/<account id>/<hook id>/",
        "zapierwebhook",
        r"^https://hooks\.zapier\.com/hooks/catch/\w+$",
    ),
    (
        "wrong format: not a JWT; a JWT's first segment is base64url of '{\"' and so starts eyJ, "
        "these start eyA1/eyH and do not decode to JSON",
        "documo reallysimplesystems",
        r"^ey[A-IK-Za-z0-9][\w-]+\.",
    ),
    (
        "wrong format: HERE API keys are 43 base64url characters (32 bytes); this one has 45, "
        "a length no unpadded base64 string has (45 = 1 mod 4)",
        "hereapi",
        r"^hereapi_key=[\w-]{45}$",
    ),
    (
        "wrong format: the prefix is ffio-u-, not the fio-u- of Frame.io developer tokens (ours and the peer's rule)",
        "frameio",
        r"^ffio-u-",
    ),
    (
        "wrong format per Confluent docs: Cloud API secrets are 64 characters",
        "confluent",
        r"^kafka_token=\w{68}$",
    ),
    (
        _PLACEHOLDER,
        "*",
        # Each alternative matches the value itself, never a comment or a host name next to
        # it: a row that also holds a real token elsewhere must stay a credential row.
        r"a{20,}|A{20,}|x{8,}|[A-Za-z0-9]EXAMPLE|^example\.|RANDOMCONTENT|= 'YOUR_[A-Z_]+\d*'$|\bexamplevalidkey"
        r"|\b(?:my|thisismy)password\b|YOURPASSWROD|password=#{6} "
        r"|\bmyPassword\b|\bTestSource-?Password\b|\brootpasswd\b|\buser:password@|#\{datastore\["
        r"|password ['\"]password['\"]|// your password here|-password \$\w+|-Password \"\$password\""
        r"|xoxa-2-511111111-31111111111-3111111111111-|\b6Lcr--w-BBBBBw-w-w----w-w-www-www--ww-w-",
    ),
    (
        _DOC_EXAMPLE,
        "*",
        r"mF_9\.B5f-4\.1JqM|QWxhZGRpbjpvcGVuIHNlc2FtZQ==|user = Aladdin\n(?:.*\n)*password = open_sesame"
        r"|eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9\.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ",
    ),
    (
        "placeholder: the key name echoed back as the value (CleartextPassword1); gitleaks lists the same text as no_match too",
        "nuget",
        r'value="CleartextPassword1"',
    ),
    ("not a credential: HTTP Basic with an empty password (base64 of 'browser:')", "http-auth", r"Basic YnJvd3Nlcjo="),
    (
        "not detectable as a credential: a bare word + digits with nothing naming it a password "
        "(kingfisher weak_password); flagging it would flag prose",
        "generic",
        r"^[\w@$!]{4,20}$",
    ),
)

# A body a person typed rather than a generator made: the alphabet or digits counting up
# or down, keyboard rows, interleaved counting, a block repeated, the stock example UUID, a
# filler string the peer reuses across providers. Applied to every provider alike (so it
# cannot favour the ones we miss) and reported on its own line: it judges the value's body,
# not the provider's format. A rule whose format matches still reports such a body, as a
# weak finding (random_body), so many of these rows are found.
_ALPHABET = "abcdefghijklmnopqrstuvwxyz"
INVENTED_BODY = re.compile(
    # any 7 letters of the alphabet in order, in any case mix (abcDEfg), or runs backwards
    "(?i:" + "|".join(_ALPHABET[i : i + 7] for i in range(20)) + "|zyxwvu|hgfedcba|qwertyuiop|asdfghjkl)"
    r"|12345678|0987654321|9876543210"
    r"|(?i:a1b2c3|1a2b3c|d1e2c3b4|ab12cd34|abc12?3|abc\.def|abcde123|ab123cd|abcdef0?1|123456abcdef|z8y7x6w5"
    r"|ghi\d{3}jkl|abcd1234-?efgh|1234abcde?5678)|1A2B3C4D|012ABC345DEF|ABCdefGHI|abC123_-FgH456"
    r"|(?:abcdef){3}|(?:XxXx){3}|(?:RlJGUkZS){4}|123e4567-?e89b-?12d3"
    r"|bu9JFVJtII3FINL1rOKcNpveXD4hSMtSDx7opOW|LaKSDJF98ALSkfj|ksdfjKHJ92349kdjfh"
)

# (peer rule id, our rule id, regex searched in the row's text or "" for any, verdict)
NO_MATCH_REVIEW: tuple[tuple[str, str, str, str], ...] = (
    (
        "np.auth0.1",
        "auth0-client-secret",
        "",
        "credential: Auth0 client secret next to its client id (the peer rule wants more of the app settings)",
    ),
    (
        "np.aws.2",
        "generic-secret-assignment",
        "",
        "credential: a random value under a secret-key name (not AWS's 40-character format)",
    ),
    ("np.generic.1", "azure-ad-client-secret", "", "credential: Azure AD client secret (xxx8Q~ format)"),
    ("np.generic.5", "password-assignment", "", "credential: a hard-coded password"),
    ("np.generic.9", "connection-string-password", "", "credential: a connection-string password"),
    ("np.generic.9", "teamcity-access-token", "", "credential: a TeamCity access token (TCV2 header) stored as a NuGet password"),
    ("np.generic.10", "password-xml", "", "credential: a hard-coded password in XML config"),
    ("np.gitalk.1", "gitalk-oauth-client-secret", "", "credential: GitHub OAuth app client secret used by Gitalk"),
    ("np.hashicorp.1", "vault-service-token", "", "credential: Vault service token (hvs.)"),
    ("np.hashicorp.2", "vault-batch-token", "", "credential: Vault batch token (hvb.)"),
    ("np.hashicorp.3", "vault-recovery-token", "", "credential: Vault recovery token (hvr.)"),
    ("np.hashicorp.4", "vault-token-legacy", "", "credential: Vault legacy service token (s.)"),
    ("np.hashicorp.5", "vault-token-legacy", "", "credential: Vault legacy batch token (b.)"),
    ("np.hashicorp.6", "vault-token-legacy", "", "credential: Vault legacy recovery token (r.)"),
    ("np.mongodb.1", "url-credentials-password", "", "credential: password in a MongoDB connection URL"),
    ("np.newrelic.2", "newrelic-license-key", "", "credential: New Relic license key (36 hex + NRAL)"),
    ("np.npm.1", "npm-legacy-token", "", "credential: npm legacy (UUID) token under NPM_TOKEN"),
    ("np.odbc.1", "password-assignment", "", "credential: a hard-coded password"),
    ("np.okta.1", "generic-secret-assignment", "", "credential: Okta API token format (00 + 40), partly made-up body"),
    ("np.postgres.1", "url-credentials-password", "", "credential: password in a PostgreSQL URL (weak, but a password)"),
    ("np.postgres.1", "connection-string-password", "", "credential: password in a PostgreSQL connection string"),
    ("np.slack.2", "slack-user-token", "", "credential: Slack user token (xoxp-)"),
    ("np.slack.2", "slack-legacy-bot-token", "", "credential: Slack legacy bot token (xoxb-<id>-<secret>)"),
    ("np.slack.4", "slack-bot-token", "", "credential: Slack bot token (xoxb-)"),
    ("np.slack.6", "slack-user-token", "", "credential: Slack user token (xoxp-)"),
    ("anthropic-admin-api-key", "anthropic-api-key", "", "credential: Anthropic API key format (sk-ant-api03-), made-up body"),
    ("anthropic-api-key", "anthropic-admin-key", "", "credential: Anthropic admin key format (sk-ant-admin01-), made-up body"),
    (
        "cisco-meraki-api-key",
        "generic-secret-assignment",
        "",
        "credential: a random value under an api-key name (mixed case, so not Meraki's format)",
    ),
    ("cloudflare-api-key", "cloudflare-global-api-key-legacy", "", "credential: Cloudflare global API key (37 hex)"),
    ("cloudflare-api-key", "cloudflare-origin-ca-key", "", "credential: Cloudflare Origin CA key (v1.0-)"),
    ("cloudflare-global-api-key", "cloudflare-api-token-legacy", "", "credential: Cloudflare API token (40 characters)"),
    ("curl-auth-header", "jwt", "", "credential: a signed JWT sent as an Authorization header"),
    ("freemius-secret-key", "freemius-secret-key", "", "credential: Freemius secret key (sk_ + 29) in the SDK's PHP config"),
    (
        "gcp-api-key",
        "google-api-key",
        r"^AIzaSyabcdefghijklmnopqrstuvwxyz",
        "weak: AIza prefix with an alphabet body, reported under the hooks' threshold by design",
    ),
    (
        "gcp-api-key",
        "google-api-key",
        "",
        "credential: Google API key format (AIza + 35); gitleaks lists it as a false positive without a reason in its rule data",
    ),
    (
        "generic-api-key",
        "generic-secret-assignment",
        "",
        "credential: a 32-hex apiKey literal in code; gitleaks lists it as a false positive without a reason in its rule data",
    ),
    ("mailchimp-api-key", "mailchimp-api-key", "", "credential: Mailchimp API key (32 hex + -usNN)"),
    ("nuget-config-password", "nuget-config-password", "", "credential: a NuGet feed password in ClearTextPassword"),
)


# --- the benchmark ------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--list", action="store_true", help="list every miss and every excluded row (masked)")
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        print(f"peer corpus not found at {args.corpus}; pass --corpus", file=sys.stderr)
        return 2

    from promptguard.config import Config
    from promptguard.finding import mask
    from promptguard.scanner import Scanner

    scanner = Scanner(Config(kinds=("secret",)), detectors=())
    claimed = {r.provider for r in scanner.rules if r.provider}
    rows = [json.loads(line) for line in args.corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    rules_file = args.corpus.with_name("peer-rules.jsonl")
    _report_positives(
        rows,
        claimed,
        scanner.scan,
        mask,
        listing=args.list,
        overruns=_peer_pattern_overrun(rules_file),
        invented_body=_peer_value_invented(rules_file),
    )
    _report_negatives(rows, scanner.scan, mask)
    return 0


def _peer_patterns(rules_file: Path) -> dict[tuple[str, str], Any]:
    """Each peer rule's own pattern by (source, rule id), for those the regex module compiles."""
    import regex

    patterns: dict[tuple[str, str], Any] = {}
    if rules_file.is_file():
        for line in rules_file.read_text(encoding="utf-8").splitlines():
            rule = json.loads(line) if line.strip() else {}
            if rule.get("pattern"):
                try:
                    patterns[(rule["source"], rule["rule_id"])] = regex.compile(rule["pattern"])
                except regex.error:
                    continue  # a Go/Rust construct the regex module lacks: no verdict from this rule
    return patterns


def _peer_value_invented(rules_file: Path) -> Callable[[dict[str, Any]], bool]:
    """A check: the value the peer's own pattern captures is an invented body (INVENTED_BODY).

    Judged on the captured value, not the row, so a real password next to a stock host id
    (``--user a@b.c:pQ9w... ?host_id=abcdefg``) stays a credential row.
    """
    patterns = _peer_patterns(rules_file)

    def check(row: dict[str, Any]) -> bool:
        for occurrence in row["occurrences"]:
            pattern = patterns.get((occurrence["source"], occurrence["rule_id"]))
            match = pattern.search(row["text"]) if pattern is not None else None
            if match is not None:
                group = next((i for i in range(1, (match.lastindex or 0) + 1) if match.group(i)), 0)
                return INVENTED_BODY.search(match.group(group)) is not None
        return False

    return check


def _peer_pattern_overrun(rules_file: Path) -> Callable[[dict[str, Any]], str | None]:
    """A check: the peer rule whose own pattern matches only a prefix of the row's value, if every matching one does."""
    patterns = _peer_patterns(rules_file)

    def check(row: dict[str, Any]) -> str | None:
        text = row["text"]
        overrun: list[str] = []
        for occurrence in row["occurrences"]:
            pattern = patterns.get((occurrence["source"], occurrence["rule_id"]))
            match = pattern.search(text) if pattern is not None else None
            if match is None:
                continue
            group = next((i for i in range(1, (match.lastindex or 0) + 1) if match.group(i)), 0)
            start, end = match.span(group)
            value = text[start:end]
            # The value goes on in its own alphabet right after what the pattern took.
            same = set("-_+/") & set(value)

            def continues(i: int, same: set[str] = same) -> bool:
                return 0 <= i < len(text) and text[i].isascii() and (text[i].isalnum() or text[i] in same)

            if continues(end) and not continues(start - 1):
                overrun.append(occurrence["rule_id"])
            else:
                return None
        return overrun[0] if overrun else None

    return check


def _report_positives(
    rows: list[dict[str, Any]],
    claimed: set[str],
    scan: Callable[[str], list[Any]],
    mask: Callable[[str], str],
    *,
    listing: bool,
    overruns: Callable[[dict[str, Any]], str | None],
    invented_body: Callable[[dict[str, Any]], bool],
) -> None:
    exclusions = [(reason, set(providers.split()), re.compile(pattern)) for reason, providers, pattern in NOT_CREDENTIALS]
    positives = [r for r in rows if r["expect"] == "match" and r["provider_hint"] in claimed]
    unclaimed = Counter(r["provider_hint"] for r in rows if r["expect"] == "match" and r["provider_hint"] not in claimed)
    misses: dict[str, list[str]] = defaultdict(list)
    excluded: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    overrun: list[tuple[str, bool]] = []
    invented: list[tuple[str, bool]] = []
    hit = credential_rows = credential_hits = 0
    for row in positives:
        text, provider = row["text"], row["provider_hint"]
        found = bool(scan(text))
        hit += found
        reason = next((r for r, ps, rx in exclusions if ("*" in ps or provider in ps) and rx.search(text)), None)
        if reason is not None:
            excluded[reason].append((f"{provider}: {_masked_text(text, mask)}", found))
            continue
        credential_rows += 1
        credential_hits += found
        peer_rule = overruns(row)
        if peer_rule is not None:
            overrun.append((f"{provider} ({peer_rule}): {_masked_text(text, mask)}", found))
        elif invented_body(row):
            invented.append((f"{provider}: {_masked_text(text, mask)}", found))
        elif not found:
            misses[provider].append(text)
    share = hit / len(positives) if positives else 1.0
    print(f"providers claimed: {len(claimed)}; peer positives for them: {len(positives)}; found: {hit} ({share:.1%})")
    n_excluded = sum(len(v) for v in excluded.values())
    cred_share = credential_hits / credential_rows if credential_rows else 1.0
    print(
        f"of which credentials (minus {n_excluded} rows classified below): {credential_rows}; "
        f"found: {credential_hits} ({cred_share:.1%})"
    )
    rest, rest_hits = credential_rows - len(overrun), credential_hits - sum(found for _, found in overrun)
    print(
        f"and minus {len(overrun)} rows whose value is longer than the peer's own pattern allows: {rest}; "
        f"found: {rest_hits} ({rest_hits / rest if rest else 1.0:.1%})"
    )
    rest, rest_hits = rest - len(invented), rest_hits - sum(found for _, found in invented)
    print(
        f"and minus {len(invented)} rows whose value is an invented body (counting runs, keyboard rows, "
        f"repeated blocks, the stock example UUID): {rest}; found: {rest_hits} ({rest_hits / rest if rest else 1.0:.1%})"
    )
    print(f"peer positives for providers we do not claim: {sum(unclaimed.values())} over {len(unclaimed)} providers")
    print("\nrows classified as not credentials (reviewed, by reason):")
    for reason, items in sorted(excluded.items(), key=lambda kv: -len(kv[1])):
        _print_rows(f"  {len(items):>4}  {reason}", items, listing)
    _print_rows(f"\nrows whose value is longer than the peer's own pattern allows (computed): {len(overrun)}", overrun, listing)
    _print_rows(f"\nrows whose value is an invented body (computed, every provider alike): {len(invented)}", invented, listing)
    print(f"\nmissed credential rows: {sum(len(v) for v in misses.values())}")
    for provider, texts in sorted(misses.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        print(f"  missed {len(texts):>3}  {provider}")
        if listing:
            for text in texts:
                print(f"           {_masked_text(text, mask)}")


def _report_negatives(rows: list[dict[str, Any]], scan: Callable[[str], list[Any]], mask: Callable[[str], str]) -> None:
    reviews = [
        (peer, ours, re.compile(pattern) if pattern else None, verdict) for peer, ours, pattern, verdict in NO_MATCH_REVIEW
    ]
    negatives = [r for r in rows if r["expect"] == "no_match"]
    flagged = [(row, found) for row in negatives if (found := scan(row["text"]))]
    print(f"\npeer no_match examples: {len(negatives)}; flagged by promptguard: {len(flagged)}")
    verdicts: Counter[str] = Counter()
    for row, found in flagged:
        for finding in found:
            verdict = next(
                (
                    v
                    for peer, ours, rx, v in reviews
                    if peer == row["rule_id"] and ours == finding.rule_id and (rx is None or rx.search(row["text"]))
                ),
                "UNREVIEWED",
            )
            verdicts[verdict.split(":", 1)[0]] += 1
            print(f"  {row['rule_id']:<32} -> {finding.rule_id:<34} {finding.masked:<18} {finding.confidence:.2f}  {verdict}")
    print("findings on no_match rows by verdict: " + ", ".join(f"{k} {n}" for k, n in sorted(verdicts.items())))


_TOKEN_RUN = re.compile(r"[A-Za-z0-9+/=_.~$@!#%&*-]{8,}")


def _masked_text(text: str, mask: Callable[[str], str]) -> str:
    """The row's first 100 characters on one line, with every token-like run masked."""
    line = text.replace("\n", "\\n")[:100]
    return _TOKEN_RUN.sub(lambda m: mask(m.group()), line) + ("…" if len(text) > 100 else "")


def _print_rows(title: str, rows: list[tuple[str, bool]], listing: bool) -> None:
    """A set-aside group's headline (with how many we still flag) and, with --list, its rows."""
    flagged = sum(found for _, found in rows)
    print(title + (f"  [we still flag {flagged}]" if flagged else ""))
    if listing:
        for line, found in rows:
            print(f"           {'FLAGGED ' if found else ''}{line}")


if __name__ == "__main__":
    sys.exit(main())
