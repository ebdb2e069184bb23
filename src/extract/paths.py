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
