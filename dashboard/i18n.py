"""The UI language: Bahasa Indonesia by default, English on a sidebar switch every page honours."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

import streamlit as st

from core import classes
from dashboard import texts

LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}


@cache
def _strings() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for module in pkgutil.iter_modules(texts.__path__):
        merged.update(importlib.import_module(f"{texts.__name__}.{module.name}").TEXTS)
    return merged


def lang() -> str:
    """The selected language code ('id' or 'en')."""
    return st.session_state.get("lang", "id")


def t(key: str, **values: object) -> str:
    """The string ``key`` in the selected language, formatted with ``values``."""
    text = _strings()[key][lang()]
    return text.format(**values) if values else text


def class_label(index: int) -> str:
    return classes.label(index, lang())


def class_labels() -> list[str]:
    return classes.labels(lang())


def scenario_label(scenario: str) -> str:
    key = f"scenario_{scenario}"
    return t(key) if key in _strings() else scenario


def language_switch() -> None:
    """Sidebar language selector; the choice persists across pages in session state."""
    st.sidebar.radio("Bahasa / Language", list(LANGUAGES), format_func=LANGUAGES.get, key="lang", horizontal=True)
