"""Wall time of one agent-hook invocation, next to ``python -c pass`` in the same run.

    python -m benchmarks.hook_latency               # 21 runs each, 2 KB UserPromptSubmit
    python -m benchmarks.hook_latency -n 51 --json  # machine-readable
    python -m benchmarks.hook_latency --check       # exit 1 when the hook's median is over 80 ms
    python -m benchmarks.hook_latency --secret      # a prompt carrying an AWS key pair: the block path

A hook runs on every prompt, so what matters is the whole process: interpreter
start-up, imports, config discovery, rule loading and the scan of a ~2 KB prompt.
``python -c pass`` measured in the same run, interleaved with the hook runs, is the
floor any Python hook pays; the ratio and the difference show what promptguard adds
on this machine at this moment (a busy machine slows both alike). One warm-up run
first builds the rule and pattern caches, as the first prompt after an install would.

The package's bytecode is compiled first (``compileall``), as ``pip install`` of a
wheel does: an editable install under ``PYTHONDONTWRITEBYTECODE=1`` would otherwise
recompile every promptguard module from source on each run, which no installed hook
pays.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence

TARGET_MS = 80.0

# A realistic 2 KB prompt: prose, a code fragment, a path and a log line, no secrets
# (the common case: the hook answers "allow" and prints nothing).
_PROMPT_PARTS = (
    "I'm refactoring the upload step of our deploy script and it fails intermittently "
    "with a timeout when the bucket is in another region. Here is the function:\n\n"
    "def upload(path: str, bucket: str, *, retries: int = 3) -> None:\n"
    "    client = boto3.client('s3', region_name=os.environ['AWS_REGION'])\n"
    "    for attempt in range(retries):\n"
    "        try:\n"
    "            client.upload_file(path, bucket, os.path.basename(path))\n"
    "            return\n"
    "        except botocore.exceptions.ConnectTimeoutError:\n"
    "            time.sleep(2 ** attempt)\n"
    "    raise RuntimeError(f'upload of {path} failed after {retries} attempts')\n\n"
    "The log says: 2026-11-24T10:02:11Z WARN upload.py:42 retrying (attempt 2 of 3) "
    "for build/artifacts/app-1.4.2.tar.gz. Can you suggest a cleaner retry strategy, "
    "explain whether the client should be created once per process, and point out "
    "anything in the error handling that would hide the real cause? "
)


def _aws_key_pair() -> str:
    # Built at run time from pieces so that the project's own secret hook stays clean.
    key_id = "AKIA" + "Q3EGRTWZ5LK7XJ2P"
    secret = "wJalrXUtnFEMI/K7MDENG/bPxRfi" + "CYzQ8fR4kLm2"
    return f"\naws_access_key_id = {key_id}\naws_secret_access_key = {secret}\n"


def prompt_payload(size: int = 2048, *, secret: bool = False) -> bytes:
    """A UserPromptSubmit payload with a ``size``-character prompt (ending in a key pair with ``secret``)."""
    tail = _aws_key_pair() if secret else ""
    text = ""
    while len(text) < size - len(tail):
        text += _PROMPT_PARTS
    payload = {
        "session_id": "bench",
        "transcript_path": os.path.join(tempfile.gettempdir(), "bench.jsonl"),
        "cwd": os.getcwd(),
        "permission_mode": "default",
        "hook_event_name": "UserPromptSubmit",
        "prompt": text[: size - len(tail)] + tail,
    }
    return json.dumps(payload).encode()


def hook_command() -> list[str]:
    """The installed ``promptguard`` script (what the agent runs), else ``python -m promptguard``."""
    script = shutil.which("promptguard", path=os.path.dirname(sys.executable)) or shutil.which("promptguard")
    if script:
        return [script, "hook", "claude-code"]
    return [sys.executable, "-m", "promptguard", "hook", "claude-code"]


def _time(command: Sequence[str], stdin: bytes, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    proc = subprocess.run(command, input=stdin, capture_output=True, check=False, env=env)
    elapsed = (time.perf_counter() - start) * 1000
    if proc.returncode != 0:
        sys.exit(f"{' '.join(command)} exited {proc.returncode}: {proc.stderr.decode(errors='replace').strip()}")
    return elapsed


def ensure_bytecode() -> None:
    """Byte-compile the promptguard package, as installing its wheel would."""
    import compileall

    import promptguard

    compileall.compile_dir(os.path.dirname(promptguard.__file__), quiet=1)


def measure(runs: int, size: int, *, secret: bool = False) -> dict[str, object]:
    ensure_bytecode()
    stdin = prompt_payload(size, secret=secret)
    hook = hook_command()
    baseline = [sys.executable, "-c", "pass"]
    redacted = tempfile.TemporaryDirectory(prefix="pg-hook-bench-")
    # A blocked prompt's redacted copy goes to a scratch directory, not the user's.
    env = {**os.environ, "XDG_STATE_HOME": redacted.name}
    # Warm-up (rule cache, OS file cache), and a check that the prompt gets the expected answer.
    warm = subprocess.run(hook, input=stdin, capture_output=True, check=False, env=env)
    if (b'"decision": "block"' in warm.stdout) != secret:
        sys.exit(f"the hook did not {'block' if secret else 'allow'} the benchmark prompt: {warm.stdout[:200]!r}")
    hook_ms: list[float] = []
    base_ms: list[float] = []
    for _ in range(runs):
        base_ms.append(_time(baseline, b""))
        hook_ms.append(_time(hook, stdin, env))
    redacted.cleanup()
    hook_median = statistics.median(hook_ms)
    base_median = statistics.median(base_ms)
    return {
        "runs": runs,
        "prompt_bytes": len(json.loads(stdin)["prompt"].encode()),
        "prompt": "carries an AWS key pair (blocked)" if secret else "clean (allowed)",
        "command": " ".join(hook),
        "hook_median_ms": round(hook_median, 1),
        "hook_p90_ms": round(_quantile(hook_ms, 0.9), 1),
        "python_pass_median_ms": round(base_median, 1),
        "ratio": round(hook_median / base_median, 2),
        "overhead_ms": round(hook_median - base_median, 1),
        "target_ms": TARGET_MS,
        "within_target": hook_median <= TARGET_MS,
    }


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--runs", type=int, default=21, help="runs of each command (default 21)")
    parser.add_argument("--size", type=int, default=2048, help="prompt size in characters (default 2048)")
    parser.add_argument("--secret", action="store_true", help="end the prompt with an AWS key pair (the block path)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--check", action="store_true", help=f"exit 1 when the hook median is over {TARGET_MS:g} ms")
    args = parser.parse_args(argv)
    result = measure(args.runs, args.size, secret=args.secret)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"hook:           {result['command']}  ({result['prompt_bytes']} B prompt, {args.runs} runs)")
        print(f"prompt:         {result['prompt']}")
        print(f"hook median:    {result['hook_median_ms']} ms  (p90 {result['hook_p90_ms']} ms)")
        print(f"python -c pass: {result['python_pass_median_ms']} ms")
        print(f"ratio:          {result['ratio']}x  (promptguard adds {result['overhead_ms']} ms)")
        verdict = "within" if result["within_target"] else "OVER"
        print(f"target:         {TARGET_MS:g} ms -> {verdict}")
    return 1 if args.check and not result["within_target"] else 0


if __name__ == "__main__":
    sys.exit(main())
