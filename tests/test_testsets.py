"""A second test set: CSV loading, a labelled photo folder with its class names, reports per set, FER+ join."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from core.artifacts import reports, testsets
from core.classes import CLASSES, class_of_folder
from core.data.testsets import load_csv_set, load_folder_set, set_id_of
from core.evaluate import ferplus
from core.evaluate.sets import set_metrics


def _csv(path, usages, *, with_file=False):
    rng = np.random.default_rng(0)
    rows = []
    for i, usage in enumerate(usages):
        pixels = " ".join(map(str, rng.integers(0, 256, 48 * 48)))
        row = {"emotion": i % 7, "pixels": pixels, "Usage": usage}
        if with_file:
            row["file"] = f"test/{CLASSES[i % 7]}/{usage}_{i}.jpg"
        rows.append(row)
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def test_csv_keeps_privatetest_rows_and_needs_no_training_split(tmp_path):
    path = _csv(tmp_path / "raw.csv.gz", ["PublicTest"] * 5 + ["PrivateTest"] * 9, with_file=True)
    found = load_csv_set(path)
    assert len(found) == 9 and found.name == "raw-PrivateTest" and found.set_id == "raw-privatetest"
    assert found.files[0] == "test/angry/PrivateTest_5.jpg".replace("angry", CLASSES[5])
    assert len(load_csv_set(path, "PublicTest")) == 5
    with pytest.raises(ValueError, match="no Usage 'Training' rows"):
        load_csv_set(path, "Training")


def test_csv_without_usage_or_file_column(tmp_path):
    path = tmp_path / "mine.csv"
    _csv(path, ["x"] * 4)
    pd.read_csv(path).drop(columns="Usage").to_csv(path, index=False)
    found = load_csv_set(path)
    assert len(found) == 4 and found.files[0] == "mine.csv:0"
    assert found.absent_classes == list(CLASSES[4:])


@pytest.mark.parametrize(
    ("name", "index"),
    [("Marah", 0), ("anger", 0), ("jijik", 1), ("takut", 2), ("happiness", 3), ("senang", 3), ("Sadness", 4)]
    + [("sedih", 4), ("terkejut", 5), ("surprised", 5), ("netral", 6), ("6_neutral", 6), ("contempt", None)],
)
def test_class_folder_names_map_from_other_spellings(name, index):
    assert class_of_folder(name) == index


def _photo_folder(root):
    rng = np.random.default_rng(1)
    for folder, count in (("Marah", 3), ("sedih", 2), ("happiness", 4), ("contempt", 2)):
        (root / folder).mkdir(parents=True)
        for i in range(count):
            Image.fromarray(rng.integers(0, 256, (48, 48), dtype=np.uint8)).save(root / folder / f"{i}.png")
    Image.new("L", (300, 300), 128).save(root / "sedih" / "no_face.png")
    (root / "sedih" / "notes.txt").write_text("not an image")
    (root / "happiness" / "broken.jpg").write_bytes(b"not a jpeg")
    return root


def test_folder_set_maps_names_skips_extra_classes_and_drops_photos_without_faces(tmp_path):
    found = load_folder_set(_photo_folder(tmp_path / "Foto Saya"), detector="haar")
    assert found.set_id == "foto-saya" and len(found) == 9
    assert np.bincount(found.labels, minlength=7).tolist() == [3, 0, 0, 4, 2, 0, 0]
    assert found.skipped_classes == {"contempt": 2}
    assert found.dropped == {"no_face": 1, "unreadable": 1}
    assert found.absent_classes == ["disgust", "fear", "surprise", "neutral"]
    assert found.images.shape == (9, 48, 48) and "Marah/0.png" in found.files


def test_folder_set_under_a_test_folder(tmp_path):
    _photo_folder(tmp_path / "set" / "test")
    (tmp_path / "set" / "train" / "junk").mkdir(parents=True)
    assert len(load_folder_set(tmp_path / "set", faces="crops")) == 10
    with pytest.raises(ValueError, match="no class folder"):
        load_folder_set(tmp_path / "set" / "train")


def test_metrics_leave_absent_classes_out_of_macro_f1():
    labels = np.array([0, 0, 3, 3])
    probs = np.eye(7)[[0, 3, 3, 3]] * 0.9 + 0.1 / 7
    metrics = set_metrics(labels, probs)
    assert metrics["absent_classes"] == ["disgust", "fear", "sad", "surprise", "neutral"]
    assert metrics["macro_f1"] == pytest.approx((2 / 3 + 0.8) / 2)
    assert metrics["per_class"][1]["f1"] is None and metrics["per_class"][1]["absent"]
    full = set_metrics(np.arange(7), np.eye(7))
    assert "absent" not in full["per_class"][0] and full["macro_f1"] == 1.0


def test_cli_evaluates_on_a_folder_and_keeps_reports_per_set(tiny_model, tmp_path, monkeypatch, use_reports):
    from core.evaluate.run import main

    monkeypatch.setenv("FER_REPORTS_DIR", str(tmp_path / "reports"))
    for name in ("baseline", "optimized"):  # the PrivateTest reports stay where they are
        (tmp_path / "reports" / name).mkdir(parents=True)
        for file in (use_reports / name).iterdir():
            (tmp_path / "reports" / name / file.name).write_bytes(file.read_bytes())
    model_file = tmp_path / "tiny.keras"
    tiny_model.save(model_file)
    card = {"card_version": 1, "scenario": "tiny", "input_shape": [48, 48, 3], "classes": list(CLASSES)}
    model_file.with_suffix(".json").write_text(json.dumps({**card, "preprocessing": {"convention": "raw"}}))
    folders = main(["--model", str(model_file), "--test-set", str(_photo_folder(tmp_path / "photos"))])
    assert folders == [tmp_path / "reports" / "sets" / "photos" / "tiny"]
    assert testsets.available_sets() == ["photos"] and testsets.set_models("photos") == ["tiny"]
    info = testsets.read_set("photos")
    assert info.skipped_classes == {"contempt": 2} and info.dropped["no_face"] == 1 and info.n == 9
    metrics = testsets.load_set_metrics("photos", "tiny")
    assert metrics["test_set"] == "photos" and metrics["n"] == 9 and "fear" in metrics["absent_classes"]
    predictions = testsets.load_set_predictions("photos", "tiny")
    assert predictions["file"].tolist() == testsets.load_set_images("photos")["files"].tolist()
    assert reports.available_scenarios() == ["baseline", "optimized"]
    assert reports.damaged_reports() == []


def test_a_set_with_other_faces_unseals_its_old_reports(tmp_path, monkeypatch):
    monkeypatch.setenv("FER_REPORTS_DIR", str(tmp_path))
    images, labels = np.zeros((2, 48, 48), np.uint8), np.array([0, 1])
    testsets.write_set(testsets.SetInfo("s", n=2), images, labels, files=["a", "b"])
    testsets.write_set_report(
        "s", "m", reports.predictions_frame(["a", "b"], labels, np.eye(7)[:2]), metrics={}, card={}
    )
    testsets.write_set(testsets.SetInfo("s", n=2), images, labels, files=["a", "b"])
    assert testsets.set_models("s") == ["m"]
    testsets.write_set(testsets.SetInfo("s", n=2), images + 1, labels, files=["a", "b"])
    assert testsets.set_models("s") == []


def test_set_ids_are_folder_safe():
    assert set_id_of("../My Set!") == "my-set"
    for reserved in ("//", "Private"):  # 'private' names the bundled PrivateTest reports
        with pytest.raises(ValueError):
            set_id_of(reserved)


VOTE_ROWS = [
    # file, match_corr, votes in FER+ column order (neutral, happiness, surprise, sadness, anger, disgust, fear,
    # contempt, unknown, NF)
    ("test/sad/PrivateTest_1.jpg", 0.99, [6, 0, 0, 4, 0, 0, 0, 0, 0, 0]),
    ("test/happy/PrivateTest_2.jpg", 0.90, [0, 10, 0, 0, 0, 0, 0, 0, 0, 0]),
    ("test/angry/PrivateTest_3.jpg", 0.98, [0, 0, 0, 0, 2, 0, 0, 7, 1, 0]),
    ("train/angry/Training_9.jpg", 0.99, [0, 0, 0, 0, 9, 1, 0, 0, 0, 0]),
    ("train/fear/Training_9.jpg", 0.99, [0, 0, 3, 0, 0, 0, 7, 0, 0, 0]),
]


@pytest.fixture
def votes(tmp_path):
    path = tmp_path / "votes.csv"
    rows = [
        {"file": f, "ferplus_row": i, "match_corr": m, **dict(zip(ferplus.VOTE_COLUMNS, v, strict=True))}
        for i, (f, m, v) in enumerate(VOTE_ROWS)
    ]
    pd.DataFrame(rows).to_csv(path, index=False)
    return ferplus.load_votes(path)


def test_ferplus_joins_on_the_full_path_with_reasons(votes):
    files = ["PrivateTest_1.jpg", "PrivateTest_2.jpg", "PrivateTest_3.jpg", "PrivateTest_4.jpg", "Training_9.jpg"]
    labels = np.array([4, 3, 0, 0, 2])
    joined = ferplus.join(files, labels, votes)
    assert joined["reason"].tolist() == ["ok", "weak_match", "other_plurality", "no_match", "ok"]
    assert joined["plurality"].tolist()[:1] == [CLASSES.index("neutral")]
    assert joined.loc[4, "votes_fear"] == 7 and joined.loc[4, "plurality"] == 2  # fear folder's Training_9, not angry's
    assert ferplus.left_out(joined) == {"ok": 2, "no_match": 1, "weak_match": 1, "other_plurality": 1}
    same = ferplus.join(["test/sad/PrivateTest_1.jpg"], np.array([4]), votes)
    assert same.loc[0, "votes_sad"] == 4


def test_ferplus_agreement_and_suspect_check(votes):
    files, labels = ["PrivateTest_1.jpg", "Training_9.jpg"], np.array([4, 2])
    joined = ferplus.join(files, labels, votes)
    table = ferplus.agreement(joined, {"m": np.array([6, 2])}).set_index("metric")
    assert table.loc["accuracy_ferplus", "estimate"] == 1.0 and table.loc["accuracy_label", "estimate"] == 0.5
    assert table.loc["annotator_share", "estimate"] == pytest.approx((0.6 + 0.7) / 2)
    assert table.loc["annotator_share", "low"] <= 0.65 <= table.loc["annotator_share", "high"]
    check = ferplus.suspects_check(joined, np.array([True, False]), np.array([6, 5])).set_index(["group", "metric"])
    assert check.loc[("suspects", "ferplus_disagrees"), "estimate"] == 1.0
    assert check.loc[("suspects", "suggested_is_plurality"), "estimate"] == 1.0
    assert check.loc[("others", "label_share"), "estimate"] == pytest.approx(0.7)


def test_background_job_evaluates_on_a_stored_set(tiny_model, tmp_path, monkeypatch):
    from core.evaluate import jobs

    monkeypatch.setenv("FER_REPORTS_DIR", str(tmp_path / "reports"))
    labels = np.array([0, 3, 3, 6])
    images = np.random.default_rng(4).integers(0, 256, (4, 48, 48), dtype=np.uint8)
    testsets.write_set(testsets.SetInfo("kaggle", n=4), images, labels, files=["a", "b", "c", "d"])
    model_file = tmp_path / "tiny.keras"
    tiny_model.save(model_file)
    card = {"scenario": "tiny", "input_shape": [48, 48, 3], "preprocessing": {"convention": "raw"}}
    model_file.with_suffix(".json").write_text(json.dumps(card))
    assert jobs.start(model_file, "tiny", test_set="kaggle")
    jobs._threads["tiny"].join(timeout=120)
    assert jobs.status("tiny").state == "done", jobs.status("tiny")
    assert testsets.set_models("kaggle") == ["tiny"]
    assert testsets.load_set_metrics("kaggle", "tiny")["n"] == 4
    assert not (tmp_path / "reports" / "tiny").exists()  # PrivateTest reports untouched


def test_comparison_statistics_cope_with_absent_classes():
    from core.evaluate.stats import bootstrap_ci
    from core.views.summary import f1_difference

    labels = np.array([0, 0, 3, 3, 6, 6])
    first, second = np.eye(7)[[0, 3, 3, 3, 6, 0]], np.eye(7)[[0, 0, 3, 3, 6, 6]]
    ci = bootstrap_ci(labels, {"a": first.argmax(1), "b": second.argmax(1)}, n_resamples=50).set_index(
        ["metric", "group"]
    )
    assert ci.loc[("macro_f1", "a"), "estimate"] == pytest.approx(set_metrics(labels, first)["macro_f1"])
    assert np.isnan(ci.loc[("f1_disgust", "a"), "estimate"]) and ci.loc[("macro_f1", "b"), "estimate"] == 1.0
    difference = f1_difference(set_metrics(labels, first), set_metrics(labels, second))
    assert np.isnan(difference[1]) and difference[0] > 0
