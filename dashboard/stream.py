"""The webcam stream (streamlit-webrtc): frames go from the browser to this server over WebRTC on the
local network, the newest is analysed and sent back with both scenarios' answers drawn on it.

No STUN or TURN server is configured (``iceServers: []``), so nothing leaves the machines in the room:
the browser and the server connect through their own host addresses. Browsers open a camera only on
https or localhost pages; elsewhere the component says that the camera is unavailable, and the
snapshot camera of the live prediction page remains.
"""

from __future__ import annotations

import time

import av
import numpy as np
import streamlit as st
from streamlit_webrtc import VideoProcessorBase, WebRtcMode, webrtc_streamer

from core.charts.timeline import probability_timeline
from core.model.inference import Predictor
from core.views.stream import LiveAnalyser, Snapshot
from dashboard import cache
from dashboard.figures import show
from dashboard.i18n import class_label, class_labels, lang, scenario_label, t

RTC_CONFIGURATION = {"iceServers": []}
"""Loopback and LAN only: no STUN/TURN server is contacted."""
REFRESH_S = 1.0
TRANSLATIONS = {
    "start": "stream_start",
    "stop": "stream_stop",
    "select_device": "stream_select_device",
    "media_api_not_available": "stream_media_api_not_available",
    "device_ask_permission": "stream_device_ask_permission",
    "device_not_available": "stream_device_not_available",
    "device_access_denied": "stream_device_access_denied",
}
"""The component's own messages (streamlit_webrtc.config.Translations) -> text keys."""


class FrameProcessor(VideoProcessorBase):
    """Runs in the WebRTC worker thread: counts the frames that queued up, analyses only the newest."""

    def __init__(self, analyser: LiveAnalyser) -> None:
        self.analyser = analyser

    async def recv_queued(self, frames: list[av.VideoFrame]) -> list[av.VideoFrame]:
        self.analyser.received(len(frames))
        newest = frames[-1]
        drawn = self.analyser.process(newest.to_ndarray(format="rgb24"), frame_time=newest.time)
        out = av.VideoFrame.from_ndarray(drawn, format="rgb24")
        out.pts, out.time_base = newest.pts, newest.time_base
        return [out]


def _analyser(predictors: dict[str, Predictor]) -> LiveAnalyser:
    """This session's analyser, rebuilt when the models or the language change."""
    pair = [s for s in cache.assigned_pair() if s in predictors]
    key = (tuple(id(predictors[s]) for s in pair), tuple(pair), lang())
    held = st.session_state.get("stream_analyser")
    if held is None or held[0] != key:
        tags = [t("stream_tag", n=i + 1) for i, _ in enumerate(cache.assigned_pair()) if _ in predictors]
        held = (key, LiveAnalyser({s: predictors[s] for s in pair}, pair, tags, class_labels()))
        st.session_state["stream_analyser"] = held
    return held[1]


def _latest(snapshot: Snapshot, pair: list[str]) -> None:
    columns = st.columns(len(pair) + 3)
    last = next((s for s in reversed(snapshot.samples) if s.probabilities), None)
    for column, scenario in zip(columns, pair, strict=False):
        probs = last.probabilities.get(scenario) if last else None
        value = class_label(int(np.argmax(probs))) if probs is not None else t("stream_no_face")
        delta = t("stream_confidence", value=float(np.max(probs))) if probs is not None else None
        column.metric(scenario_label(scenario), value, delta, delta_color="off", delta_arrow="off")
    rates = (
        (t("stream_fps"), f"{snapshot.analysed_fps:.1f}", t("stream_fps_help")),
        (t("stream_received"), f"{snapshot.received_fps:.1f}", t("stream_received_help")),
        (t("stream_delay"), f"{snapshot.delay_ms:.0f} ms", t("stream_delay_help", work=snapshot.work_ms)),
    )
    for column, (label, value, help_text) in zip(columns[len(pair) :], rates, strict=True):
        column.metric(label, value, help=help_text)


def _chart(snapshot: Snapshot, pair: list[str]) -> None:
    samples = [s for s in snapshot.samples if all(k in s.probabilities for k in pair)]
    if not samples:
        st.caption(t("stream_chart_empty"))
        return
    now = time.monotonic()
    probs = [np.array([s.probabilities[k] for s in samples]) for k in pair]
    disagree = np.argmax(probs[0], axis=1) != np.argmax(probs[-1], axis=1)
    fig = probability_timeline(
        np.array([s.wall - now for s in samples]),
        probs,
        [scenario_label(s) for s in pair],
        labels=class_labels(),
        disagree=disagree if len(pair) == 2 else None,
        x_title=t("stream_chart_x"),
        disagree_name=t("media_disagree"),
        height=380,
    )
    show(fig, key="stream_chart")


def _panel(analyser: LiveAnalyser) -> None:
    snapshot = analyser.snapshot()
    pair = list(analyser.pair)
    _latest(snapshot, pair)
    _chart(snapshot, pair)


def view(predictors: dict[str, Predictor]) -> None:
    """The stream, its live figures and rolling chart, refreshed every second while it plays."""
    st.caption(t("stream_intro"))
    analyser = _analyser(predictors)
    try:
        context = webrtc_streamer(
            key="stream",
            mode=WebRtcMode.SENDRECV,
            rtc_configuration=RTC_CONFIGURATION,
            media_stream_constraints={"video": {"width": 640, "height": 480}, "audio": False},
            video_processor_factory=lambda: FrameProcessor(analyser),
            async_processing=True,
            translations={name: t(key) for name, key in TRANSLATIONS.items()},
        )
    except (AttributeError, RuntimeError) as err:  # no real server session (a headless test runner)
        st.warning(t("stream_unavailable", detail=f"{type(err).__name__}: {err}"), icon=":material/videocam_off:")
        return
    if context.video_processor is not None:
        context.video_processor.analyser = analyser
    playing = context.state.playing
    if context.state.signalling and not playing:
        st.info(t("stream_connecting"), icon=":material/hourglass_top:")
    elif not playing:
        st.caption(t("stream_idle"))
    st.fragment(_panel, run_every=REFRESH_S if playing else None)(analyser)
