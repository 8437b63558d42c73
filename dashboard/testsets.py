"""The test-set chooser the Metrics, Comparison and Explorer pages share, and what a page reads for a set.

PrivateTest (reports/<name>/) is the default; every set under reports/sets/ with a model's report is a
choice (core.artifacts.testsets). The choice is kept in ``st.session_state["test_set"]`` so that it
follows the viewer from page to page; each viewer's choice is their own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from core.artifacts.testsets import PRIVATE
from core.classes import index_of
from dashboard import cache, pair
from dashboard.i18n import class_label, t

STATE = "test_set"
KIND_KEYS = {"csv": "testset_kind_csv", "folder": "testset_kind_folder"}


def label(set_id: str) -> str:
    """The set's name as figures and captions print it."""
    if set_id == PRIVATE:
        return t("testset_private")
    return t("testset_named", name=cache.test_set(set_id, "info").name)


def current() -> str:
    """The set this viewer chose last (PrivateTest until they choose another)."""
    chosen = st.session_state.get(STATE, PRIVATE)
    return chosen if chosen == PRIVATE or chosen in cache.test_sets() else PRIVATE


def select(key: str) -> str:
    """A select box of the test sets (only when there is more than PrivateTest); returns the chosen id."""
    options = [PRIVATE, *cache.test_sets()]
    if len(options) == 1:
        return PRIVATE

    st.selectbox(
        t("testset_choose"),
        options,
        index=options.index(current()),
        format_func=label,
        key=key,
        help=t("testset_help"),
    )
    st.session_state[STATE] = st.session_state[key]
    return st.session_state[key]


def titled(lookup: Callable[..., str], set_id: str) -> Callable[..., str]:
    """A text lookup whose figure titles (keys ending in ``_title``) name the set."""
    name = label(set_id)

    def text(key: str, **values: object) -> str:
        found = lookup(key, **values)
        return f"{found} · {name}" if key.endswith("_title") else found

    return text


def scenarios(set_id: str, assigned: tuple[str, str], *, key: str) -> list[str]:
    """The reports a page shows on the set: the assigned pair first, others on request (dashboard.pair)."""
    if set_id == PRIVATE:
        return pair.reports(assigned, key=key)
    return pair.choose(assigned, cache.test_set(set_id, "models"), key=key)


def metrics(set_id: str, names: list[str]) -> dict[str, dict[str, Any]]:
    return {s: cache.metrics(s) if set_id == PRIVATE else cache.test_set(set_id, "metrics", s) for s in names}


def predictions(set_id: str, name: str) -> pd.DataFrame:
    return cache.predictions(name) if set_id == PRIVATE else cache.test_set(set_id, "predictions", name)


def images(set_id: str) -> dict[str, np.ndarray]:
    return cache.test_images() if set_id == PRIVATE else cache.test_set(set_id, "images")


def describe(set_id: str) -> None:
    """A caption with what the set holds and leaves out (absent classes, skipped folders, dropped photos)."""
    if set_id == PRIVATE:
        return
    info = cache.test_set(set_id, "info")
    parts = [t("testset_about", name=info.name, kind=t(KIND_KEYS[info.kind]), n=info.n)]
    if info.absent_classes:
        parts.append(t("testset_absent", classes=", ".join(class_label(index_of(c)) for c in info.absent_classes)))
    if info.skipped_classes:
        parts.append(t("testset_skipped", folders=", ".join(f"{k} ({v})" for k, v in info.skipped_classes.items())))
    if info.dropped:
        parts.append(t("testset_dropped", n=sum(info.dropped.values()), detail=_dropped(info.dropped)))
    st.caption(" ".join(parts))


def _dropped(dropped: dict[str, int]) -> str:
    keys = {"no_face": "testset_no_face", "unreadable": "testset_unreadable"}
    return ", ".join(f"{t(keys.get(k, 'testset_unreadable'))} {v}" for k, v in dropped.items())


def evaluation_set(key: str) -> str | None:
    """The Models page's choice of where to evaluate a model: None for PrivateTest, else a stored set's id.

    Only sets already stored on the server (by ``python -m core.evaluate --test-set``) are offered: a viewer
    never names a path."""
    options = [PRIVATE, *cache.test_sets()]
    if len(options) == 1:
        return None
    chosen = st.selectbox(t("testset_evaluate_on"), options, format_func=label, key=key)
    return None if chosen == PRIVATE else chosen
