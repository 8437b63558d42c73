"""Webcam stream, video files and photo batches: both scenarios on many faces at once."""

from __future__ import annotations

import streamlit as st

from dashboard import batch, stream, video
from dashboard.i18n import choose, t
from dashboard.predictors import model_messages, predictors

VIEWS = {"stream": "media_mode_stream", "video": "media_mode_video", "batch": "media_mode_batch"}

st.title(t("nav_media"))
st.caption(t("media_intro"))
model_messages()
mode = choose("media_mode", VIEWS, "stream", key="media_mode")
loaded = predictors()
if not loaded:
    st.info(t("media_no_models"), icon=":material/info:")
    st.stop()
{"stream": stream.view, "video": video.view, "batch": batch.view}[mode](loaded)
