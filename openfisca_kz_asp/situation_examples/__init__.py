"""Example families, in the web API's situation format, shipped with the package."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def _load() -> dict[str, dict[str, Any]]:
    return {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(HERE.glob("*.json"))}


EXAMPLES: dict[str, dict[str, Any]] = _load()


def example_path(name: str) -> Path:
    """Path of the shipped example ``name`` (without .json)."""
    path = HERE / f"{name}.json"
    if not path.is_file():
        known = ", ".join(sorted(EXAMPLES))
        msg = f"No example family named '{name}'. Known examples: {known}."
        raise FileNotFoundError(msg)
    return path
