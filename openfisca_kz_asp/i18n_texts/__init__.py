"""Text templates (kk/ru/en) for the API's error messages, warnings and explanations.

Each language file ``{lang}.yaml`` maps dotted keys (``errors.unknown_role``) to templates in
``str.format`` syntax. A key missing in Kazakh or Russian falls back to English, so a message is
never lost; ``tests/api/test_texts.py`` checks that all three files have the same keys.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

LANGUAGES: tuple[str, ...] = ("kk", "ru", "en")
_FOLDER = Path(__file__).resolve().parent


@cache
def templates(lang: str) -> dict[str, str]:
    """All templates of ``lang``, flattened to dotted keys."""
    with (_FOLDER / f"{lang}.yaml").open(encoding="utf-8") as file:
        tree = yaml.safe_load(file) or {}
    flat: dict[str, str] = {}

    def walk(node: dict[str, Any], prefix: str) -> None:
        for key, value in node.items():
            if isinstance(value, dict):
                walk(value, f"{prefix}{key}.")
            else:
                flat[f"{prefix}{key}"] = str(value)

    walk(tree, "")
    return flat


def text(key: str, lang: str = "en", /, **params: object) -> str:
    """The template ``key`` in ``lang`` (English if missing), filled with ``params``."""
    template = templates(lang if lang in LANGUAGES else "en").get(key) or templates("en")[key]
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):  # a translation with a wrong placeholder
        return templates("en")[key].format(**params)


def section(prefix: str, lang: str = "en") -> dict[str, str]:
    """Every template under ``prefix`` (e.g. ``ui``), keys without the prefix: for the page."""
    english = {k: v for k, v in templates("en").items() if k.startswith(prefix + ".")}
    local = templates(lang if lang in LANGUAGES else "en")
    return {k[len(prefix) + 1 :]: local.get(k, v) for k, v in english.items()}
