"""The faces of one image on the prediction page: detected ones, one marked by hand, or the whole image."""

from __future__ import annotations

import streamlit as st

from core.data.preprocessing import MAX_PIXELS
from core.views import live
from dashboard import cache, notices
from dashboard.i18n import t
from dashboard.sources import Source

DETECTOR_NAMES = {"yunet": "YuNet (libfacedetection)", "mtcnn": "MTCNN", "haar": "Haar cascade (OpenCV)"}


def bad_image(source: Source, analysis: live.Analysis) -> None:
    """Why an upload cannot be used: too many pixels to decode safely, or not a readable image."""
    if analysis.too_large:
        message = t("prediction_too_large", name=source.name, pixels=analysis.too_large, limit=MAX_PIXELS)
    else:
        message = t("prediction_bad_image", name=source.name, detail=notices.reason(analysis.error))
    st.error(message, icon=":material/error:")


def _marked_face(source: Source, analysis: live.Analysis) -> live.Face | None:
    """A face the detector missed, marked by hand with two range sliders and a live preview."""
    if not st.toggle(t("prediction_mark"), key=f"prediction_mark_{source.key}", help=t("prediction_mark_help")):
        return None
    left, right = st.columns(2)
    columns = left.slider(t("prediction_mark_columns"), 0, 100, (25, 75), key=f"prediction_mark_x_{source.key}")
    rows = right.slider(t("prediction_mark_rows"), 0, 100, (20, 80), key=f"prediction_mark_y_{source.key}")
    box = live.marked_box(analysis.size, columns, rows)
    st.image(live.marked_preview(analysis, box), width=min(analysis.size[0], 640))
    return live.with_marked(analysis, box)[-1]


def faces(source: Source, analysis: live.Analysis) -> list[live.Face]:
    """The detected faces, plus a face marked by hand, or the whole image on request."""
    if analysis.whole_image:
        st.caption(t("prediction_whole_note", width=analysis.size[0], height=analysis.size[1]))
        return analysis.faces
    if analysis.faces:
        st.image(analysis.display, width=min(analysis.size[0], 640))
        st.caption(t("prediction_faces_found", n=analysis.found))
        if analysis.truncated:
            st.info(t("prediction_too_many", found=analysis.found, shown=len(analysis.faces)))
    else:
        st.warning(t("prediction_no_face", name=source.name), icon=":material/face:")
        st.image(analysis.display, width=min(analysis.size[0], 480))
    st.caption(t("prediction_detector", name=DETECTOR_NAMES.get(analysis.detector, analysis.detector)))
    if analysis.fallback:
        st.caption(t("prediction_detector_fallback", reason=analysis.fallback))
    marked = _marked_face(source, analysis)
    if marked is not None:
        return [*analysis.faces, marked]
    if analysis.faces or not st.toggle(t("prediction_whole_image"), key=f"prediction_whole_{source.key}"):
        return analysis.faces
    whole = cache.analysis(source.data, True)
    st.caption(t("prediction_whole_note", width=whole.size[0], height=whole.size[1]))
    return whole.faces
