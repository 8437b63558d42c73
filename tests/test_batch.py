"""core.views.batch: photos and zips, bad files skipped with the cause, one row per face, filters, CSV."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from media import photo_zip, two_face_jpeg
from test_faces import jpeg, needs_data, photo

from core.views import batch

PAIR = ("baseline", "optimized")


@pytest.fixture(scope="module")
def predictors(scenario_models):
    from core.model.inference import load_predictor

    return {s: load_predictor(scenario_models / f"{s}.keras") for s in PAIR}


def test_zips_are_opened_and_junk_is_left_out():
    data = photo_zip({"a/one.jpg": b"1", "b.png": b"2", "notes.txt": b"x", "__MACOSX/a/._one.jpg": b"y"})
    items, skipped = batch.unpack([("faces.zip", data), ("c.jpg", b"3")])
    assert [name for name, _ in items] == ["faces.zip/a/one.jpg", "faces.zip/b.png", "c.jpg"]
    assert not skipped


def test_a_broken_zip_and_a_too_large_batch_are_reported(monkeypatch):
    items, skipped = batch.unpack([("bad.zip", b"PK\x03\x04 broken"), ("ok.jpg", b"1")])
    assert [name for name, _ in items] == ["ok.jpg"]
    assert [(s.file, s.kind) for s in skipped] == [("bad.zip", "zip")]
    monkeypatch.setattr(batch, "MAX_FILES", 1)
    items, skipped = batch.unpack([("a.jpg", b"1"), ("b.jpg", b"2")])
    assert len(items) == 1 and [(s.file, s.kind) for s in skipped] == [("b.jpg", "too_many")]
    monkeypatch.setattr(batch, "MAX_UNPACKED_MB", 0)
    assert batch.unpack([("z.zip", photo_zip({"a.jpg": b"123"}))])[1][0].kind == "zip_too_large"


@needs_data
def test_each_face_is_a_row_and_bad_files_are_skipped(predictors):
    blank = jpeg(np.full((300, 300), 128, dtype=np.uint8))
    items = [("two.jpg", two_face_jpeg()), ("broken.jpg", b"\xff\xd8 not really"), ("blank.jpg", blank)]
    found = list(batch.analyse_batch(items, predictors))
    photos = [r for r in found if isinstance(r, batch.PhotoResult)]
    skipped = [r for r in found if isinstance(r, batch.Skipped)]
    assert [(s.file, s.kind) for s in skipped] == [("broken.jpg", "image"), ("blank.jpg", "no_face")]
    table = batch.batch_table(photos, PAIR)
    assert list(table["file"]) == ["two.jpg", "two.jpg"] and list(table["face"]) == [1, 2]
    assert table.loc[0, "w"] > table.loc[1, "w"], "largest face first"
    assert len(batch.thumbnails(photos)) == 2 and batch.thumbnails(photos)[0].startswith("data:image/png;base64,")
    back = pd.read_csv(io.StringIO(table.to_csv(index=False)))
    assert {"baseline_label", "optimized_confidence", "optimized_p_happy", "agree"} <= set(back.columns)


def test_filters():
    table = pd.DataFrame(
        {
            "file": ["a", "b", "c"],
            "agree": [True, False, False],
            "baseline_confidence": [0.9, 0.3, 0.8],
            "optimized_confidence": [0.8, 0.9, 0.7],
        }
    )
    assert list(batch.filtered(table, PAIR, disagree_only=True)["file"]) == ["b", "c"]
    assert list(batch.filtered(table, PAIR, below=0.5)["file"]) == ["b"]
    assert list(batch.filtered(table, PAIR, disagree_only=True, below=0.75)["file"]) == ["b", "c"]
    assert len(batch.filtered(table, PAIR)) == 3


@needs_data
def test_a_small_face_crop_is_classified_whole(predictors):
    crop = jpeg(photo([(0, 0, 0, 48)], size=(48, 48)))
    (result,) = batch.analyse_batch([("crop.jpg", crop)], predictors)
    assert isinstance(result, batch.PhotoResult) and result.faces[0].box.w == 48
