"""core.views.stream: the newest frame analysed and drawn, dropped frames counted, rates, delay, user models."""

from __future__ import annotations

import numpy as np
import pytest
from media import moving_face_frames
from test_faces import needs_data

from core.classes import labels
from core.views.stream import LiveAnalyser

PAIR = ("baseline", "optimized")


def _rgb(gray: np.ndarray) -> np.ndarray:
    return np.repeat(gray[..., None], 3, axis=2)


@pytest.fixture(scope="module")
def predictors(scenario_models):
    from core.model.inference import load_predictor

    return {s: load_predictor(scenario_models / f"{s}.keras") for s in PAIR}


@needs_data
def test_frames_are_analysed_drawn_and_counted(predictors):
    analyser = LiveAnalyser(predictors, PAIR, ["S1", "S2"], labels("en"))
    frames = [_rgb(g) for g in moving_face_frames(3)]
    for index, frame in enumerate(frames):
        analyser.received(3)
        drawn = analyser.process(frame, frame_time=index / 10)
        assert drawn.shape == frame.shape and not np.array_equal(drawn, frame), "boxes and labels are drawn"
        assert np.array_equal(frame, _rgb(moving_face_frames(3)[index])), "the frame itself is left alone"
    snapshot = analyser.snapshot()
    assert len(snapshot.samples) == 3 and all(s.faces == 2 for s in snapshot.samples)
    assert snapshot.received_fps == pytest.approx(3 * snapshot.analysed_fps), "two of every three frames dropped"
    assert snapshot.work_ms > 0 and snapshot.delay_ms >= 0
    for sample in snapshot.samples:
        assert set(sample.probabilities) == set(PAIR)
        assert all(abs(p.sum() - 1) < 1e-4 for p in sample.probabilities.values())


def test_old_samples_leave_the_window(predictors):
    analyser = LiveAnalyser(predictors, PAIR, ["S1", "S2"], labels("en"), window_s=0.0)
    blank = np.full((240, 320, 3), 128, dtype=np.uint8)
    analyser.received(1)
    assert np.array_equal(analyser.process(blank), blank), "no face: nothing drawn"
    analyser.process(blank)
    snapshot = analyser.snapshot()
    assert len(snapshot.samples) <= 1 and all(s.faces == 0 and not s.probabilities for s in snapshot.samples)


@needs_data
def test_user_models_keep_their_size_and_input_convention(model_zoo):
    """A student's 32x32 model declared caffe-style goes through the one preprocessing path with that convention:
    the same file read as raw [0, 255] answers differently; a model with a gray adapter works too."""
    from core.model.inference import Predictor
    from core.model.loading import load_model

    flat = load_model(model_zoo["flat"])
    caffe = {"preprocessing": {"convention": "caffe", "source": "declared"}}
    users = {
        "caffe": Predictor(flat, caffe, model_zoo["flat"]),
        "raw": Predictor(flat, {}, model_zoo["flat"]),
        "adapter": Predictor(load_model(model_zoo["gray_adapter"]), {}, model_zoo["gray_adapter"]),
    }
    analyser = LiveAnalyser(users, list(users), ["A", "B", "C"], labels("id"))
    analyser.process(_rgb(moving_face_frames(1)[0]))
    (sample,) = analyser.snapshot().samples
    assert set(sample.probabilities) == set(users)
    assert not np.allclose(sample.probabilities["caffe"], sample.probabilities["raw"]), "the card's convention is used"
