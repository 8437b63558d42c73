"""The training pixels of one model on the Models page: what its card says, how that was known, and a
way to declare it when nobody did (the bundled copy is equalized already, so only the original pixels of
PublicTest faces can tell, and a tie is left to the user)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

from core.data.preprocessing import PIXEL_STEPS
from core.model.card import step_record
from dashboard import model_admin
from dashboard.i18n import t

ASK = ("tie", "unknown", "default", "inferred")
"""Sources for which the page offers to declare the step (a declared one is shown as it is)."""
STEP_KEYS = {"equalize": "models_step_equalize", "none": "models_step_none"}
SOURCE_KEYS = {
    "declared": "models_step_source_declared",
    "inferred": "models_step_source_inferred",
    "tie": "models_step_source_tie",
    "unknown": "models_step_source_unknown",
    "default": "models_step_source_default",
}
NOTE_KEYS = {"unknown": "models_step_unknown_note", "default": "models_step_default_note"}


def show_pixel_step(model_file: Path, card: dict[str, Any], *, presenter: bool) -> None:
    """One line with the card's pixel step and its source, the measured scores, and (for the presenter)
    the declare control."""
    record = step_record(card)
    source = record["source"]
    st.markdown(t("models_step", step=t(STEP_KEYS[record["step"]]), source=t(SOURCE_KEYS[source])))
    scores = ", ".join(f"{t(STEP_KEYS[k])} {v:.1%}" for k, v in record.get("scores", {}).items())
    if source == "inferred":
        st.warning(
            t("models_step_inferred", scores=scores, images=record.get("images", "?")), icon=":material/warning:"
        )
    elif source == "tie":
        st.warning(t("models_step_tie", scores=scores, images=record.get("images", "?")), icon=":material/help:")
    elif source in ("unknown", "default"):
        st.info(t(NOTE_KEYS[source]), icon=":material/help:")
    if presenter and source in ASK:
        _declare(model_file, record["step"])


def _declare(model_file: Path, current: str) -> None:
    key = f"pixel_step_{model_file.name}"
    columns = st.columns([3, 1], vertical_alignment="bottom")
    labels = [t(STEP_KEYS[name]) for name in PIXEL_STEPS]
    label = columns[0].selectbox(t("models_step_declare"), labels, index=PIXEL_STEPS.index(current), key=key)
    step = PIXEL_STEPS[labels.index(label)]
    if columns[1].button(t("models_step_save"), key=f"{key}_save", icon=":material/save:"):
        model_admin.declare_pixel_step(model_file, step)
        st.success(t("models_step_saved", step=t(STEP_KEYS[step])))
