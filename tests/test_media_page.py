"""The webcam/video/batch page under AppTest: each view with the fixture models, bad input, both languages."""

from __future__ import annotations

import asyncio
import io
from fractions import Fraction
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
import test_prediction_page
from media import encode_clip, moving_face_frames, photo_zip, two_face_jpeg
from streamlit.testing.v1 import AppTest
from test_faces import needs_data

from core import classes, texts

with_models = test_prediction_page.with_models
"""The fixture models and reports, as on the live prediction page."""
APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")


def open_page(mode: str = "stream", lang: str = "id") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=240)
    at.session_state["lang"] = lang
    at.run()
    at.switch_page("app_pages/media.py")
    at.session_state["media_mode"] = mode
    at.run()
    assert not at.exception, at.exception
    return at


def _button(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click()
    at.run()
    assert not at.exception, at.exception
    return at


class FakeStreamer:
    """Stands in for streamlit_webrtc's component, which needs a real server session (the browser test
    runs the real one): records its arguments and, when ``frames`` are given, plays them through the
    page's own FrameProcessor as the WebRTC worker would."""

    def __init__(self, frames: list[np.ndarray] | None = None) -> None:
        self.frames, self.calls = frames or [], []

    def __call__(self, **kwargs):
        import av

        self.calls.append(kwargs)
        processor = kwargs["video_processor_factory"]()
        for index, gray in enumerate(self.frames):
            frame = av.VideoFrame.from_ndarray(np.repeat(gray[..., None], 3, axis=2), format="rgb24")
            frame.pts, frame.time_base = index * 3000, Fraction(1, 90_000)
            out = asyncio.run(processor.recv_queued([frame, frame]))[0]
            assert out.to_ndarray(format="rgb24").shape == (*gray.shape, 3)
        state = SimpleNamespace(playing=bool(self.frames), signalling=bool(self.frames))
        return SimpleNamespace(state=state, video_processor=processor)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_stream_view_offers_the_webcam_with_its_figures(with_models, monkeypatch, lang):
    fake = FakeStreamer()
    monkeypatch.setattr("dashboard.stream.webrtc_streamer", fake)
    at = open_page("stream", lang)
    assert at.title[0].value == texts.text("nav_media", lang)
    captions = [c.value for c in at.caption]
    assert texts.text("stream_intro", lang) in captions and texts.text("stream_idle", lang) in captions
    labels = [m.label for m in at.metric]
    assert (
        texts.text("scenario_role", lang, n=1, name="baseline") in labels and texts.text("stream_fps", lang) in labels
    )
    assert [m.value for m in at.metric][:2] == [texts.text("stream_no_face", lang)] * 2
    (call,) = fake.calls[-1:]
    assert call["rtc_configuration"] == {"iceServers": []}, "no STUN/TURN server: works offline"
    assert call["translations"]["start"] == texts.text("stream_start", lang)


@needs_data
def test_streamed_frames_show_both_scenarios_labels_and_rates(with_models, monkeypatch):
    fake = FakeStreamer(moving_face_frames(3))
    monkeypatch.setattr("dashboard.stream.webrtc_streamer", fake)
    at = open_page("stream", "en")
    metrics = {m.label: m.value for m in at.metric}
    english = set(classes.labels("en"))
    assert metrics["Scenario 1 (baseline)"] in english and metrics["Scenario 2 (optimized)"] in english
    assert float(metrics["Frames analysed/s"]) > 0 and metrics["Delay"].endswith(" ms")
    assert float(metrics["Frames received/s"]) >= float(metrics["Frames analysed/s"])
    assert len(at.get("plotly_chart")) == 1


def test_without_models_the_page_says_so(empty_dirs):
    at = open_page("batch")
    assert texts.text("media_no_models", "id") in [i.value for i in at.info]
    assert len(at.warning) == 2, "each missing model file is named"


@needs_data
def test_a_clip_goes_through_with_timeline_and_csvs(with_models):
    at = open_page("video", "en")
    clip = encode_clip(moving_face_frames(20), "mp4")
    at.file_uploader(key="video_upload").set_value([("talk.mp4", clip, "video/mp4")])
    at.run()
    assert "4 frames to analyse" in " ".join(c.value for c in at.caption)
    at = _button(at, "video_start")
    job = at.session_state["video_job"]
    assert job.finished and len(job.frames) == 4
    assert [b.label for b in at.get("download_button")][-2:] == ["Download CSV"] * 2
    assert len(at.get("plotly_chart")) == 1 and at.segmented_control(key="video_face").options == ["Face 1", "Face 2"]
    frames = at.dataframe[-1].value
    assert len(frames) == 8 and "Scenario 1 (baseline): expression" in frames.columns


def test_a_bad_clip_is_refused_with_the_fix(with_models):
    at = open_page("video")
    at.file_uploader(key="video_upload").set_value([("broken.mp4", b"\x00" * 4000, "video/mp4")])
    at.run()
    assert not at.exception
    (error,) = at.error
    assert "broken.mp4" in error.value and "mp4 (H.264)" in error.value


@needs_data
def test_a_photo_batch_with_a_zip_and_a_bad_file(with_models):
    at = open_page("batch", "en")
    archive = photo_zip({"group/two.jpg": two_face_jpeg(), "readme.txt": b"x"})
    files = [("faces.zip", archive, "application/zip"), ("bad.jpg", b"not an image", "image/jpeg")]
    at.file_uploader(key="batch_upload").set_value(files)
    at.run()
    at = _button(at, "batch_start")
    (warning,) = at.warning
    assert "Files skipped (1)" in warning.value and "bad.jpg: not a readable image" in warning.value
    table = at.dataframe[0].value
    assert list(table["File"]) == ["faces.zip/group/two.jpg"] * 2 and list(table["Face #"]) == [1, 2]
    job = at.session_state["batch_job"]
    assert job.done == 2 and len(job.photos) == 1
    at.toggle(key="batch_disagree").set_value(True)
    at.run()
    shown = at.dataframe[0].value
    assert set(shown["Agree"]) <= {"no"}


def test_batch_csv_matches_the_table(with_models):
    """The CSV offered is the filtered per-face table (read back with pandas)."""
    from core.views import batch

    table = pd.DataFrame({"file": ["a"], "agree": [False], "baseline_confidence": [0.4], "optimized_confidence": [0.9]})
    back = pd.read_csv(io.StringIO(batch.filtered(table, ("baseline", "optimized"), below=0.5).to_csv(index=False)))
    assert list(back["file"]) == ["a"]


def test_a_click_on_the_timeline_picks_its_sample():
    from dashboard.video import clicked_sample

    assert clicked_sample({"selection": {"points": [{"x": 1.5, "customdata": 3}]}}, default=0) == 3
    assert clicked_sample({"selection": {"points": [{"x": 1.5, "customdata": [5]}]}}, default=0) == 5
    assert clicked_sample({"selection": {"points": []}}, default=2) == 2 and clicked_sample(None, default=7) == 7


def test_without_a_server_session_the_stream_says_so_and_the_rest_works(with_models):
    """AppTest has no real server session, so streamlit-webrtc cannot start: a clear message, no exception."""
    at = open_page("stream", "en")
    (warning,) = at.warning
    assert warning.value.startswith("The stream cannot start here") and "snapshot camera" in warning.value
