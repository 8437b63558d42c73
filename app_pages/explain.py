"""Explainability: Grad-CAM of both scenarios, SE attention, class-average maps, occlusion and probes.

Only the selected panel is imported and computed. Class averages come from reports/explanations (no
model, no TensorFlow); every other panel runs the cached models through dashboard.cache. A panel that
fails shows why, and the picker and the other panels keep working.
"""

from __future__ import annotations

import importlib
import logging

import streamlit as st

from core.explain.budget import MB, budget_bytes
from core.explain.errors import ExplainError
from dashboard import notices
from dashboard.explain.picker import loaded_models, pick_image
from dashboard.i18n import t

# Panel -> its text key; each panel is the module dashboard.explain.<panel> with a panel() function.
PANELS = {
    "gradcam": "explain_panel_gradcam",
    "se": "explain_panel_se",
    "classes": "explain_panel_classes",
    "occlusion": "explain_panel_occlusion",
    "probes": "explain_panel_probes",
}


def draw(name: str, picked) -> None:
    """Draw one panel; the class averages need no image and no model, the others need both."""
    module = importlib.import_module(f"dashboard.explain.{name}")
    if name == "classes":
        module.panel()
    elif picked is None:
        st.info(t("explain_pick_image"), icon=":material/info:")
    else:
        with st.spinner(t("explain_computing")):
            ready = loaded_models()
            if ready:
                module.panel(ready, picked.image, done=picked.done)


st.title(t("nav_explain"))
st.caption(t("explain_intro"))
picked = pick_image()
panel = st.segmented_control(
    t("explain_panel"),
    list(PANELS),
    format_func=lambda p: t(PANELS[p]),
    default="gradcam",
    required=True,
    key="explain_panel",
)
try:
    draw(panel, picked)
except MemoryError as err:  # core.explain.budget: a view too big for its memory budget ends here, not the server
    logging.getLogger(__name__).warning("explanation panel %s out of memory: %s", panel, err)
    budget = getattr(err, "budget_mb", budget_bytes() / MB)
    st.error(t("explain_out_of_memory", budget=budget), icon=":material/memory:")
except ExplainError:
    st.warning(t("explain_not_explainable"), icon=":material/warning:")
except Exception as err:  # noqa: BLE001 - one panel's failure must not take the page down
    logging.getLogger(__name__).exception("explanation panel %s failed", panel)
    st.error(t("explain_panel_failed", error=notices.reason(err)), icon=":material/error:")
