"""Shared fixtures."""

import sys

import pytest

from extract.cli import main


@pytest.fixture
def run_main(monkeypatch, capsys):
    """Run ``extract ARGS`` in this process; returns ``(exit status, stdout, stderr)``."""

    def run(*args) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["extract", *map(str, args)])
        try:
            main()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        out, err = capsys.readouterr()
        return code, out, err

    return run
