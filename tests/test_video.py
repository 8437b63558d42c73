"""core.views.video: probing, sampling at a rate, tracking, continuing a stopped run, the CSV tables."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from media import encode_clip, moving_face_frames
from test_faces import needs_data

from core.classes import CLASSES
from core.views import video

PAIR = ("baseline", "optimized")


@pytest.fixture(scope="module")
def predictors(scenario_models):
    from core.model.inference import load_predictor

    return {s: load_predictor(scenario_models / f"{s}.keras") for s in PAIR}


@pytest.fixture(scope="module")
def clip():
    return encode_clip(moving_face_frames(20), "mp4", fps=10)


@pytest.mark.parametrize("fmt", ["mp4", "webm", "avi", "mov"])
def test_every_container_is_probed_and_sampled(fmt):
    data = encode_clip(moving_face_frames(6, size=(320, 240), step=2), fmt, fps=6)
    info = video.probe(data)
    assert (info.width, info.height) == (320, 240) and abs(info.seconds - 1.0) < 0.2
    samples = list(video.sample_frames(data, 2.0))
    assert [n for n, _, _ in samples] == [0, 1] and samples[0][2].shape == (240, 320, 3)


def test_sampling_rate_and_continuing_from_a_sample(clip):
    times = [round(t, 2) for _, t, _ in video.sample_frames(clip, 2.0)]
    assert times == [0.0, 0.5, 1.0, 1.5]
    assert [round(t, 2) for _, t, _ in video.sample_frames(clip, 5.0)] == [i / 5 for i in range(10)]
    assert [n for n, _, _ in video.sample_frames(clip, 2.0, start=2)] == [2, 3]
    assert video.sample_count(2.0, 2.0) == 4 and video.sample_count(0.1, 0.5) == 1


def test_bad_and_oversized_clips_are_refused_with_the_cause(clip, monkeypatch):
    with pytest.raises(video.VideoError) as err:
        video.probe(b"not a video at all" * 100)
    assert err.value.kind == "unreadable"
    monkeypatch.setattr(video, "MAX_SECONDS", 1)
    with pytest.raises(video.VideoError) as err:
        video.probe(clip)
    assert err.value.kind == "duration"
    monkeypatch.setattr(video, "MAX_MB", 0)
    with pytest.raises(video.VideoError) as err:
        video.probe(clip)
    assert err.value.kind == "size"


@needs_data
def test_faces_are_tracked_and_both_scenarios_predicted(clip, predictors):
    frames = list(video.analyse_video(clip, predictors, 2.0))
    assert len(frames) == 4
    table = video.frame_table(frames, PAIR)
    assert len(table) == 8, "two faces in each of the four samples"
    big = table[table["w"] > 200]
    assert set(big["face"]) == {1} and big["x"].is_monotonic_increasing, "the big face keeps number 1 while moving"
    assert set(table.loc[table["w"] < 200, "face"]) == {2}
    for scenario in PAIR:
        probs = table[[f"{scenario}_p_{c}" for c in CLASSES]].to_numpy()
        assert np.allclose(probs.sum(axis=1), 1, atol=1e-4)
        assert set(table[f"{scenario}_label"]) <= set(CLASSES)
    labels = table[[f"{s}_label" for s in PAIR]]
    assert (table["agree"] == (labels.iloc[:, 0] == labels.iloc[:, 1])).all()
    assert frames[0].jpeg[:2] == b"\xff\xd8"


@needs_data
def test_a_stopped_run_continues_with_the_same_numbers(clip, predictors):
    from core.views.tracker import Tracker

    tracker = Tracker()
    first = []
    for frame in video.analyse_video(clip, predictors, 2.0, tracker=tracker):
        first.append(frame)
        if len(first) == 2:
            break
    rest = list(video.analyse_video(clip, predictors, 2.0, start=first[-1].index + 1, tracker=tracker))
    assert [f.index for f in first + rest] == [0, 1, 2, 3]
    whole = video.frame_table(list(video.analyse_video(clip, predictors, 2.0)), PAIR)
    pd.testing.assert_frame_equal(video.frame_table(first + rest, PAIR), whole)


@needs_data
def test_timeline_csv_round_trips(clip, predictors):
    table = video.frame_table(list(video.analyse_video(clip, predictors, 2.0)), PAIR)
    long = video.timeline(table, PAIR)
    assert len(long) == 2 * len(table) and set(long["scenario"]) == set(PAIR)
    back = pd.read_csv(io.StringIO(long.to_csv(index=False)))
    assert list(back.columns) == ["sample", "time_s", "face", "scenario", "agree", *CLASSES]
    np.testing.assert_allclose(back[list(CLASSES)].sum(axis=1), 1, atol=1e-4)
    assert video.frame_table([], PAIR).empty
