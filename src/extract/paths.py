"""Where the data files of ``rules/`` are found, and where caches are kept.

Rules: ``$EXTRACT_RULES_DIR`` if set; else ``rules/`` beside ``src/`` (a source checkout
or an editable install); else ``<prefix>/share/extract/rules``, where a wheel installs
them (``[tool.setuptools.data-files]`` in pyproject.toml).

Caches (the gazetteer index, jieba's dictionary table, compiled rule patterns):
``$EXTRACT_CACHE_DIR``, else the platform's user cache folder + ``extract``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def rules_dir() -> Path:
    """The rules folder (see the module docstring)."""
    env = os.environ.get("EXTRACT_RULES_DIR")
    if env:
        return Path(env)
    checkout = Path(__file__).resolve().parents[2] / "rules"
    if checkout.is_dir():
        return checkout
    return Path(sys.prefix) / "share" / "extract" / "rules"


def cache_dir() -> Path:
    """``$EXTRACT_CACHE_DIR``, else the platform user cache dir + ``extract``
    (``~/.cache/extract`` on Linux, honouring ``$XDG_CACHE_HOME``)."""
    env = os.environ.get("EXTRACT_CACHE_DIR")
    if env:
        return Path(env)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "extract" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "extract"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "extract"


def prune_cache(keep: Path, pattern: str, newest: int = 2) -> None:
    """Remove older cache files of one kind: those of :func:`cache_dir` matching the glob
    ``pattern``, except ``keep`` (the file just written) and the most recently modified
    others, ``newest`` files kept in all (another install's file survives, so two
    installs in turn do not rebuild each other's). Errors are ignored (a file in use
    elsewhere, a read-only folder): the cache only saves time."""
    try:
        others = [p for p in keep.parent.glob(pattern) if p != keep]
        others.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return
    for old in others[max(newest - 1, 0):]:
        try:
            old.unlink()
        except OSError:
            pass
