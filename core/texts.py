"""The UI strings, read from ``texts/*.toml`` (one table per key: ``id`` = Bahasa Indonesia, ``en`` = English).

They are data, not code, so a supervisor can edit them; the dashboard (``dashboard.i18n.t``) and the
offline report export read them through this one module.
"""

from __future__ import annotations

import tomllib
from functools import cache

from core import paths

LANGUAGES = ("id", "en")
TEXTS_DIR = paths.ROOT / "texts"


@cache
def strings() -> dict[str, dict[str, str]]:
    """Every key -> {"id": ..., "en": ...}; a key defined in two files is an error."""
    merged: dict[str, dict[str, str]] = {}
    for file in sorted(TEXTS_DIR.glob("*.toml")):
        for key, value in tomllib.loads(file.read_text(encoding="utf-8")).items():
            if key in merged:
                raise ValueError(f"text key {key!r} is defined twice (second time in {file.name})")
            merged[key] = value
    return merged


def text(key: str, lang: str, **values: object) -> str:
    """The string ``key`` in ``lang``, formatted with ``values``."""
    template = strings()[key][lang]
    return template.format(**values) if values else template
