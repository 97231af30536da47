"""The code keeps the project's own rules: ruff clean and ruff formatted (settings in pyproject.toml)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Every folder that holds Python source (the same list as `make lint`).
SOURCES = ["mixdecide", "ui", "pages", "app.py", "tests", "bench", "migrations"]


def _ruff() -> str:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        pytest.fail("ruff is not installed (pip install -r requirements-test.txt)")
    return ruff


def test_ruff_finds_nothing():
    proc = subprocess.run([_ruff(), "check", *SOURCES], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:]


def test_ruff_format_changes_nothing():
    proc = subprocess.run([_ruff(), "format", "--check", *SOURCES], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:]
