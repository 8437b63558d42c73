"""The assigned scenario pair's models for the pages that predict: missing files named, broken ones reported."""

from __future__ import annotations

import streamlit as st

from core.model.inference import Predictor
from dashboard import cache, notices
from dashboard.i18n import lang, scenario_label, t


def model_messages() -> None:
    """A warning for each assigned scenario whose model file is missing, naming the file and the fix."""
    for scenario in cache.assigned_pair():
        path = cache.model_file(scenario)
        if not path.exists():
            st.warning(
                t("prediction_model_missing", scenario=scenario_label(scenario), file=path, name=scenario),
                icon=":material/info:",
            )


def predictors() -> dict[str, Predictor]:
    """The models that exist and load; a broken one is reported and the other still works."""
    loaded = {}
    for scenario in cache.available_models():
        try:
            with st.spinner(t("prediction_loading", scenario=scenario_label(scenario))):
                loaded[scenario] = cache.model(scenario)
        except (OSError, ValueError, TypeError) as err:  # a user's own model file may be anything
            st.error(
                t(
                    "prediction_model_broken",
                    scenario=scenario_label(scenario),
                    file=cache.model_file(scenario),
                    detail=notices.reason(err, lang()),
                    name=scenario,
                ),
                icon=":material/error:",
            )
    return loaded
