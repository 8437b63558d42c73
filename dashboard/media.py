"""What the video and batch views share: long runs with a progress bar, an ETA and a stop button, and
the per-face table in the UI language."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence

import pandas as pd
import streamlit as st

from core.classes import CLASSES
from dashboard.i18n import class_label, scenario_label, t

COLUMN_KEYS = {
    "thumbnail": "media_col_thumbnail",
    "file": "media_col_file",
    "face": "media_col_face",
    "sample": "media_col_sample",
    "time_s": "media_col_time_s",
    "x": "media_col_x",
    "y": "media_col_y",
    "w": "media_col_w",
    "h": "media_col_h",
}
"""A per-face table's own columns -> their header's text key."""


def run_with_progress(items: Iterable, total: int, keep: Callable[[object], None], *, done: int = 0) -> None:
    """Consume ``items`` (each handed to ``keep``, which stores it in the session) under a progress bar
    with an ETA. A click on Stop reruns the page, which ends this loop; what was kept stays."""
    st.button(t("media_stop"), key="media_stop", icon=":material/stop:", help=t("media_stop_help"))
    bar = st.progress(0.0, text=t("media_progress_start"))
    start, count = time.monotonic(), 0
    for item in items:
        keep(item)
        count += 1
        finished = min(done + count, total)
        eta = (time.monotonic() - start) / count * max(total - finished, 0)
        bar.progress(finished / max(total, 1), text=t("media_progress", done=finished, total=total, eta=eta))
    bar.empty()


def face_table(table: pd.DataFrame, pair: Sequence[str], first: Sequence[str]) -> pd.DataFrame:
    """The display copy of a per-face table: ``first`` columns, then each scenario's label (UI language)
    and confidence, and whether they agree; headers from the UI texts."""
    shown = table[list(first)].copy()
    for scenario in pair:
        name = scenario_label(scenario)
        codes = table[f"{scenario}_label"].map(lambda c: class_label(CLASSES.index(c)) if isinstance(c, str) else "")
        shown[t("media_col_label", scenario=name)] = codes
        shown[t("media_col_confidence", scenario=name)] = table[f"{scenario}_confidence"]
    shown[t("media_col_agree")] = table["agree"].map({True: t("media_yes"), False: t("media_no")}).fillna("")
    return shown.rename(columns={column: t(COLUMN_KEYS[column]) for column in first})


def confidence_columns(pair: Sequence[str]) -> dict[str, object]:
    """Column formats for :func:`face_table`: confidences as percentages."""
    return {
        t("media_col_confidence", scenario=scenario_label(s)): st.column_config.NumberColumn(format="percent")
        for s in pair
    }
