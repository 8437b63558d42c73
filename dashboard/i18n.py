"""The UI language: Bahasa Indonesia by default, English on a sidebar switch every page honours.

Values that pick a text (a metric name) map to literal keys in ``*_KEYS`` dicts, so
tests/test_texts.py can check that every key exists in both languages.
"""

from __future__ import annotations

import streamlit as st

from core import classes, texts
from core.artifacts.assignment import scenario_name
from core.views.summary import METRIC_KEYS
from dashboard import cache

LANGUAGES = {"id": "language_name_id", "en": "language_name_en"}
"""Language code -> the text key of its name (each language named in itself)."""


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
    """A report's name in the UI language by its assigned role ("Skenario 1 (my_vgg)"); others keep their name.

    The one naming rule (core.artifacts.assignment.scenario_name) applied to the assigned pair."""
    return scenario_name(scenario, cache.assigned_pair(), lookup=t)


def metric_label(name: str) -> str:
    return t(METRIC_KEYS[name])


def language_switch() -> None:
    """Sidebar language selector; the choice persists across pages in session state."""
    st.sidebar.radio(
        t("language_switch"), list(LANGUAGES), format_func=lambda code: t(LANGUAGES[code]), key="lang", horizontal=True
    )


def choose(label_key: str, options: dict[str, str], default: str, *, key: str) -> str:
    """A required segmented control whose options are shown by their text keys (value -> key)."""
    return st.segmented_control(
        t(label_key), list(options), default=default, required=True, key=key, format_func=lambda o: t(options[o])
    )
