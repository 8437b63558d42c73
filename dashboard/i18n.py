"""The UI language: Bahasa Indonesia by default, English on a sidebar switch every page honours."""

from __future__ import annotations

import streamlit as st

from core import classes, texts

LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}


def lang() -> str:
    """The selected language code ('id' or 'en')."""
    return st.session_state.get("lang", "id")


def t(key: str, **values: object) -> str:
    """The string ``key`` in the selected language, formatted with ``values``."""
    return texts.text(key, lang(), **values)


def class_label(index: int) -> str:
    return classes.label(index, lang())


def class_labels() -> list[str]:
    return classes.labels(lang())


def scenario_label(scenario: str) -> str:
    key = f"scenario_{scenario}"
    return t(key) if key in texts.strings() else scenario


def language_switch() -> None:
    """Sidebar language selector; the choice persists across pages in session state."""
    st.sidebar.radio("Bahasa / Language", list(LANGUAGES), format_func=LANGUAGES.get, key="lang", horizontal=True)
