"""extract.paths: where rules and caches live; old cache files are pruned."""

import os
import sys

from extract.paths import cache_dir, prune_cache


def _touch(path, mtime):
    path.write_text("x")
    os.utime(path, (mtime, mtime))
    return path


def test_prune_cache_keeps_the_new_file_and_the_newest_other_of_its_kind(tmp_path):
    old = [_touch(tmp_path / f"jieba-dict-{i}.sqlite", 1000 + i) for i in range(4)]
    other_kind = _touch(tmp_path / "gazetteer-v1-a.json", 1)
    new = _touch(tmp_path / "jieba-dict-new.sqlite", 500)  # just written; its mtime does not matter
    prune_cache(new, "jieba-dict-*.sqlite")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([new.name, old[3].name, other_kind.name])
    prune_cache(new, "jieba-dict-*.sqlite", newest=1)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([new.name, other_kind.name])


def test_prune_cache_in_a_missing_folder_does_nothing(tmp_path):
    prune_cache(tmp_path / "missing" / "x.json", "*.json")
    assert list(tmp_path.iterdir()) == []


def test_cache_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("EXTRACT_CACHE_DIR", str(tmp_path / "c"))
    assert cache_dir() == tmp_path / "c"
    monkeypatch.delenv("EXTRACT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert cache_dir() == tmp_path / "xdg" / "extract"
