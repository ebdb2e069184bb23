"""Where the data files of ``rules/`` are found.

``$EXTRACT_RULES_DIR`` if set; else ``rules/`` beside ``src/`` (a source checkout or an
editable install); else ``<prefix>/share/extract/rules``, where a wheel installs them
(``[tool.setuptools.data-files]`` in pyproject.toml).
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
