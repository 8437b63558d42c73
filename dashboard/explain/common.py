"""What several explanation panels share: text keys of methods and bands, the face bands of an image, and the
note shown when models share no layer."""

from __future__ import annotations

import streamlit as st

from core.artifacts import explanations
from dashboard.i18n import scenario_label, t

METHOD_KEYS = {"gradcam": "explain_method_gradcam", "gradcam++": "explain_method_gradcam++"}
"""Every method of core.artifacts.explanations.METHODS -> its text key."""
BAND_KEYS = {"eyes": "explain_band_eyes", "mouth": "explain_band_mouth"}


def method_label(method: str) -> str:
    return t(METHOD_KEYS[method])


def bands(height: int) -> dict[str, tuple[int, int]]:
    """The face bands in an image ``height`` pixels tall, with translated names."""
    rows = {band: explanations.band_rows(height, band) for band in explanations.BANDS}
    return {t(BAND_KEYS[band]): (part.start, part.stop) for band, part in rows.items()}


def layers_offered(offered: dict[str, list[str]], key: str) -> None:
    """Say why no layer can be chosen across these models (text ``key``) and which layers each one offers."""
    lines = [
        "- " + t("explain_layers_offered", scenario=scenario_label(scenario), layers=", ".join(layers) or "-")
        for scenario, layers in offered.items()
    ]
    st.info("\n".join([t(key), "", *lines]), icon=":material/info:")
