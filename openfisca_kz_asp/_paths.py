"""Where the rule folders live.

In a wheel, ``parameters/``, ``variables/`` and ``reforms/`` are copied inside the package
(``pyproject.toml`` force-includes them). In a checkout or an editable install they stay at the
repository's top level, one level up. Each folder is looked for beside the package first, then
one level up, so both layouts work without a copy.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def rule_folder(name: str) -> Path:
    """Return the folder ``name`` (parameters, variables, reforms), wherever it is installed."""
    for candidate in (PACKAGE_DIR / name, PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    msg = (
        f"The folder '{name}/' of openfisca-kz-asp was not found beside {PACKAGE_DIR} "
        "nor one level up: the installation is incomplete. Reinstall with `pip install .`."
    )
    raise FileNotFoundError(msg)
