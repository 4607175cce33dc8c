"""The Dask adapter on a local cluster: same findings as scanning each row directly."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")

from promptguard.config import Config  # noqa: E402
from promptguard.integrations.dask import COLUMNS, scan_dataframe, scan_jsonl, scan_parquet  # noqa: E402
from promptguard.scanner import Scanner  # noqa: E402
from tests.conftest import aws_key_id  # noqa: E402

CONFIG = Config(packs=("aws", "email"))


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    # Threads in this process: a real scheduler and workers, without process start-up.
    with (
        distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=":0") as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


def _texts() -> list[Any]:
    texts: list[Any] = []
    for i in range(40):
        if i % 4 == 0:
            texts.append(f"row {i}: aws_access_key_id = {aws_key_id()}")
        elif i % 4 == 1:
            texts.append(f"ping dana.kowalski{i}@northwind.dev about the invoice")
        elif i % 4 == 2:
            texts.append(None if i % 8 == 2 else f"nothing to see in row {i}")
        else:
            texts.append(f"two values: {aws_key_id()} and erin{i}@globex.co.uk")
    return texts


def _expected(texts: list[Any], index: list[Any]) -> list[tuple[Any, ...]]:
    scanner = Scanner(CONFIG)
    rows = []
    for row, text in zip(index, texts, strict=True):
        if isinstance(text, str):
            rows.extend((row, f.rule_id, f.start, f.end, f.masked) for f in scanner.scan(text))
    return sorted(rows)


def _got(frame: Any) -> list[tuple[Any, ...]]:
    return sorted(zip(frame["row"], frame["rule_id"], frame["start"], frame["end"], frame["masked"], strict=True))


def test_scan_dataframe_matches_direct_scan(client: Any) -> None:
    texts = _texts()
    index = [f"msg-{i}" for i in range(len(texts))]
    pdf = pd.DataFrame({"prompt": texts, "user": range(len(texts))}, index=index)
    ddf = dd.from_pandas(pdf, npartitions=4)
    lazy = scan_dataframe(ddf, column="prompt", config=CONFIG)
    assert list(lazy.columns) == list(COLUMNS)
    result = lazy.compute()
    assert _got(result) == _expected(texts, index)
    assert set(result["partition"]) == {0, 1, 2, 3}
    # Only masked values leave the workers.
    assert aws_key_id() not in result.to_csv()
    assert not any("@northwind.dev" in str(v) and "*" not in str(v) for v in result["masked"])


def test_scan_jsonl_and_parquet(client: Any, tmp_path: Path) -> None:
    texts = [t for t in _texts() if t is not None]
    lines = tmp_path / "log.jsonl"
    lines.write_text("".join(json.dumps({"text": t, "n": i}) + "\n" for i, t in enumerate(texts)), encoding="utf-8")
    from_jsonl = scan_jsonl(str(lines), config=CONFIG).compute()
    pd.DataFrame({"text": texts}).to_parquet(tmp_path / "data.parquet")
    from_parquet = scan_parquet(str(tmp_path / "data.parquet"), config=CONFIG).compute()
    expected = _expected(texts, list(range(len(texts))))
    assert _got(from_jsonl) == expected
    assert _got(from_parquet) == expected


def test_unknown_column_is_a_clear_error(client: Any) -> None:
    ddf = dd.from_pandas(pd.DataFrame({"a": ["x"]}), npartitions=1)
    with pytest.raises(KeyError, match="column 'prompt' not in the DataFrame"):
        scan_dataframe(ddf, column="prompt")


def test_empty_partitions_keep_the_schema(client: Any) -> None:
    ddf = dd.from_pandas(pd.DataFrame({"text": ["clean", "also clean"]}), npartitions=2)
    result = scan_dataframe(ddf, column="text", config=CONFIG).compute()
    assert result.empty
    assert list(result.columns) == list(COLUMNS)
