"""Live prediction: upload or photograph faces and see both scenarios' predictions side by side."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from core.charts.prediction import probability_bars
from core.model.inference import Prediction, Predictor
from core.views import live
from dashboard import cache, faces, requests
from dashboard.figures import show
from dashboard.i18n import class_label, class_labels, scenario_label, t
from dashboard.predictors import model_messages, predictors
from dashboard.sources import Source, sources


def _scenario_result(scenario: str, prediction: Prediction | None, flip: bool, *, key: str) -> None:
    st.markdown(f"**{scenario_label(scenario)}**")
    if prediction is None:
        st.caption(t("prediction_model_unavailable"))
        return
    st.metric(t("prediction_predicted"), class_label(prediction.label))
    timing = t("prediction_time_flip" if flip else "prediction_time", ms=prediction.seconds * 1000)
    facts = [t("prediction_confidence", value=prediction.confidence), timing]
    st.caption(
        " · ".join(facts + ([t("prediction_flip")] if flip else [])),
        help=t("prediction_time_help") + (" " + t("prediction_flip_help") if flip else ""),
    )
    probs, labels = prediction.probabilities, class_labels()
    fig = probability_bars(probs, labels, scenario, axis_title=t("prediction_probability"), pair=cache.assigned_pair())
    show(fig, key=key)


def _show_source(source: Source, predictors: dict[str, Predictor]) -> None:
    st.subheader(source.name)
    analysis = cache.analysis(source.data, False)
    if analysis.error:
        faces.bad_image(source, analysis)
        return
    found = [replace(face, done=source.done) for face in faces.faces(source, analysis)]
    if not found:
        return
    results = live.predict(found, predictors)
    for index, face in enumerate(found):
        crop_column, *columns = st.columns([1, 2, 2], border=True)
        with crop_column:
            st.markdown(f"**{t('prediction_face_marked' if face.marked else 'prediction_face', n=index + 1)}**")
            st.image(face.image, width="stretch")
            agree = live.agree(results, index)
            if agree is not None:
                st.caption(t("prediction_agree" if agree else "prediction_disagree"))
            if st.button(
                t("prediction_explain"),
                key=f"prediction_explain_{source.key}_{index}",
                help=t("prediction_explain_help"),
                icon=":material/visibility:",
            ):
                requests.send(requests.ExplainImage(face.image, source.label, source.origin, done=face.done))
        for column, scenario in zip(columns, cache.assigned_pair(), strict=True):
            with column:
                prediction = results[scenario][index] if scenario in results else None
                flip = scenario in predictors and predictors[scenario].flip
                _scenario_result(scenario, prediction, flip, key=f"prediction_chart_{source.key}_{index}_{scenario}")


st.title(t("nav_prediction"))
st.caption(t("prediction_intro"))
model_messages()
uploads = sources()
if not uploads:
    st.info(t("prediction_empty"), icon=":material/upload:")
else:
    loaded = predictors()
    for source in uploads:
        with st.container(border=True):
            _show_source(source, loaded)
