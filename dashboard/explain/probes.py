"""Robustness probes: mask the eyes or mouth, change brightness, blur, rotate or shift the face, and compare.

The probe settings live in their own session-state entry as well as in the widgets: Streamlit drops
a widget's state after any run that does not draw it (a second upload passes through a run with no
image, and so does a visit to another page), and the sliders would then come back at their defaults
while the browser still showed the old positions. Re-seeding the widgets from the saved settings keeps
what is shown and what is applied the same.
"""

from __future__ import annotations

import time

import numpy as np
import streamlit as st

from core.charts import explain as charts
from dashboard import cache
from dashboard.figures import show
from dashboard.i18n import class_label, class_labels, scenario_label, t

DEFAULTS = {
    "explain_probe_mask_eyes": False,
    "explain_probe_mask_mouth": False,
    "explain_probe_brightness": 1.0,
    "explain_probe_blur": 0.0,
    "explain_probe_rotation": 0,
    "explain_probe_shift_x": 0.0,
    "explain_probe_shift_y": 0.0,
}
SAVED = "explain_probe_settings"


def _reset() -> None:
    st.session_state[SAVED] = dict(DEFAULTS)
    st.session_state.update(DEFAULTS)


def _controls():
    """The probe widgets, seeded from the saved settings whenever Streamlit has dropped their state."""
    from core.explain.occlusion import Probe

    saved = st.session_state.setdefault(SAVED, dict(DEFAULTS))
    for key, value in DEFAULTS.items():
        if key not in st.session_state:
            st.session_state[key] = saved.get(key, value)
    c1, c2, c3 = st.columns(3)
    probe = Probe(
        mask_eyes=c1.toggle(t("explain_probe_mask_eyes"), key="explain_probe_mask_eyes"),
        mask_mouth=c1.toggle(t("explain_probe_mask_mouth"), key="explain_probe_mask_mouth"),
        brightness=c2.slider(t("explain_probe_brightness"), 0.3, 1.7, step=0.05, key="explain_probe_brightness"),
        blur=c2.slider(t("explain_probe_blur"), 0.0, 3.0, step=0.25, key="explain_probe_blur"),
        rotation=c3.slider(t("explain_probe_rotation"), -30, 30, step=1, key="explain_probe_rotation"),
        shift_x=c3.slider(t("explain_probe_shift_x"), -0.25, 0.25, step=0.025, key="explain_probe_shift_x"),
        shift_y=c3.slider(t("explain_probe_shift_y"), -0.25, 0.25, step=0.025, key="explain_probe_shift_y"),
    )
    c1.button(t("explain_probe_reset"), on_click=_reset, key="explain_probe_reset", icon=":material/restart_alt:")
    st.session_state[SAVED] = {key: st.session_state[key] for key in DEFAULTS}
    return probe


def panel(models: list[str], image: np.ndarray, *, done: str = "none") -> None:
    probed = _controls().apply(image)
    start = time.perf_counter()
    both = {s: cache.probe_probabilities(s, np.stack([image, probed]), done=done) for s in models}
    seconds = time.perf_counter() - start
    before, after = {s: p[0] for s, p in both.items()}, {s: p[1] for s, p in both.items()}
    left, right = st.columns([1, 4])
    left.image([image, probed], caption=[t("explain_probe_original"), t("explain_probe_probed")], width=120)
    with right:
        names = {s: scenario_label(s) for s in models}
        fig = charts.probe_bars(
            after,
            before,
            class_labels(),
            scenario_names=names,
            title=t("explain_probe_title"),
            probability_title=t("explain_probability"),
            original_title=t("explain_probe_original_marker"),
            pair=cache.assigned_pair(),
        )
        show(fig, key="explain_probe_bars")
        for scenario in models:
            old, new = int(before[scenario].argmax()), int(after[scenario].argmax())
            st.markdown(
                t(
                    "explain_probe_change",
                    scenario=names[scenario],
                    before=class_label(old),
                    p0=float(before[scenario][old]),
                    after=class_label(new),
                    p1=float(after[scenario][new]),
                )
            )
    st.caption(t("explain_probe_caption") + " " + t("explain_probe_timing", ms=seconds * 1000, n=len(models)))
