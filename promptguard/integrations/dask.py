"""Scan text columns of Dask DataFrames: prompt logs and datasets past one machine.

    import dask.dataframe as dd
    from promptguard.integrations.dask import scan_dataframe

    ddf = dd.read_parquet("s3://bucket/prompts/*.parquet", columns=["prompt"])
    findings = scan_dataframe(ddf, column="prompt")     # lazy dask DataFrame
    findings.to_parquet("findings/")                   # or .compute(), .groupby(...)

Every partition is scanned where it lives, by one ``Scanner`` per worker process
(built once, on first use, from the picklable ``Config``). The result has one row
per finding with the partition number, the source row's index value and the
finding's fields; values appear only masked, never raw. Needs ``pip install
promptguard[dask]`` (``dask[dataframe]``, plus ``distributed`` for a cluster).
"""

from __future__ import annotations

import functools
import importlib
import threading
from typing import TYPE_CHECKING, Any

from promptguard.config import Config

if TYPE_CHECKING:
    from promptguard.scanner import Scanner

# Output columns and their dtypes: the same for every partition and for ``meta``.
COLUMNS: dict[str, str] = {
    "partition": "int64",
    "row": "object",
    "rule_id": "object",
    "kind": "object",
    "type": "object",
    "start": "int64",
    "end": "int64",
    "line": "int64",
    "column": "int64",
    "severity": "object",
    "confidence": "float64",
    "masked": "object",
}

_lock = threading.Lock()


def scan_dataframe(ddf: Any, column: str, config: Config | None = None) -> Any:
    """A lazy dask DataFrame of the findings in ``ddf[column]`` (one row per finding).

    Cells that are not strings (None, NaN, numbers) are skipped. ``row`` holds the
    index value of the scanned row, so ``ddf.loc[row]`` finds it again when the
    index is meaningful (set one with ``ddf.set_index`` if it is not).
    """
    if column not in ddf.columns:
        raise KeyError(f"column {column!r} not in the DataFrame (columns: {', '.join(map(str, ddf.columns))})")
    chosen = config or Config()
    return ddf[column].map_partitions(_scan_partition, chosen, meta=_empty_frame())


def scan_jsonl(path: Any, column: str = "text", config: Config | None = None, *, blocksize: int | None = 64_000_000) -> Any:
    """Findings in the ``column`` field of JSON Lines files (a path, glob or list; local or remote)."""
    import dask.dataframe as dd

    return scan_dataframe(dd.read_json(path, lines=True, blocksize=blocksize), column, config)


def scan_parquet(path: Any, column: str = "text", config: Config | None = None) -> Any:
    """Findings in one column of Parquet files (only that column is read)."""
    import dask.dataframe as dd

    return scan_dataframe(dd.read_parquet(path, columns=[column]), column, config)


def _scan_partition(series: Any, config: Config, partition_info: dict[str, Any] | None = None) -> Any:
    scanner = _scanner(config)
    number = int(partition_info["number"]) if partition_info else -1
    records: list[tuple[Any, ...]] = []
    for row, text in zip(series.index, series.array, strict=True):
        if not isinstance(text, str) or not text:
            continue
        for f in scanner.scan(text):
            records.append(
                (number, row, f.rule_id, f.kind, f.type, f.start, f.end, f.line, f.column, f.severity, f.confidence, f.masked)
            )
    pd = importlib.import_module("pandas")
    return pd.DataFrame.from_records(records, columns=list(COLUMNS)).astype(COLUMNS)


def _empty_frame() -> Any:
    pd = importlib.import_module("pandas")
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in COLUMNS.items()})


def _scanner(config: Config) -> Scanner:
    # One compiled Scanner per worker process and config; threads of a worker share it.
    with _lock:
        return _cached_scanner(config)


@functools.lru_cache(maxsize=8)
def _cached_scanner(config: Config) -> Scanner:
    from promptguard.scanner import Scanner

    return Scanner(config)
