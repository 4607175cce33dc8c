"""The parsed-rule cache: reused when packs are unchanged, replaced when they change."""

from __future__ import annotations

from pathlib import Path

import pytest

from promptguard import rulecache
from promptguard.errors import RuleError
from promptguard.rules import bundled_pack_files, load_packs


def _cache_file(root: Path) -> Path:
    (found,) = (root / "promptguard").glob("rules-*.bin")
    return found


def test_cache_round_trips_and_replaces_stale_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    stale = tmp_path / "promptguard" / "rules-1-stale.json"
    stale.parent.mkdir(parents=True)
    stale.write_text("[]")
    first = rulecache.load_bundled_rules()
    assert not stale.exists()
    _cache_file(tmp_path)
    # Rules decoded from the cache equal freshly parsed ones, field by field.
    assert rulecache.load_bundled_rules() == first == load_packs(bundled_pack_files())


def test_table_decodes_only_the_rules_it_is_asked_for(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    parsed = load_packs(bundled_pack_files())
    rulecache.load_bundled_table()  # writes the cache
    table = rulecache.load_bundled_table()
    assert [m.id for m in table.meta] == [r.id for r in parsed]
    assert [m.keywords for m in table.meta] == [r.keywords for r in parsed]
    assert sum(isinstance(item, int) for item in table._items) == len(parsed)  # nothing decoded yet
    assert table[5] == parsed[5] and table[-1] == parsed[-1]
    assert sum(not isinstance(item, int) for item in table._items) == 2
    subset = table.select([3, 1, 4])
    assert list(subset) == [parsed[3], parsed[1], parsed[4]]
    assert table[10:13] == parsed[10:13]
    combined = subset + rulecache.RuleTable.of(parsed[:2])
    assert [r.id for r in combined] == [parsed[i].id for i in (3, 1, 4, 0, 1)]


@pytest.mark.parametrize("damage", ["header", "signature", "row"])
def test_a_damaged_cache_is_rebuilt_or_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    parsed = load_packs(bundled_pack_files())
    rulecache.load_bundled_table()
    path = _cache_file(tmp_path)
    data = path.read_bytes()
    header, _, rows = data.partition(b"\n")
    if damage == "header":
        path.write_bytes(header[:-10] + b"\n" + rows)
    elif damage == "signature":
        path.write_bytes(header.replace(b'"signature":"', b'"signature":"x', 1) + b"\n" + rows)
    else:
        path.write_bytes(header + b"\n" + rows[:20] + b"#" + rows[21:])
    table = rulecache.load_bundled_table()
    if damage != "row":
        assert list(table) == parsed  # a bad header means parsing the packs again
        return
    # The header was fine, so the damage shows when the first row is decoded:
    # a clear error, and the file is gone so the next run rebuilds it.
    with pytest.raises(RuleError, match="damaged rule cache"):
        table[0]
    assert not path.exists()
    assert list(rulecache.load_bundled_table()) == parsed


def test_a_cached_table_pickles_for_worker_processes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pickle

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    rulecache.load_bundled_table()
    table = rulecache.load_bundled_table()  # memory-mapped rows
    copy = pickle.loads(pickle.dumps(table))  # what --jobs sends to spawned workers
    assert list(copy) == list(table) == load_packs(bundled_pack_files())
