"""Reports are sealed by a manifest: readers refuse half-written, edited or foreign-schema files."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from core.artifacts import reports
from core.artifacts.reports import ReportError


@pytest.fixture
def copy(synthetic_reports, tmp_path, monkeypatch):
    target = tmp_path / "reports"
    shutil.copytree(synthetic_reports, target)
    monkeypatch.setenv("FER_REPORTS_DIR", str(target))
    return target


def test_complete_reports_load(copy):
    assert reports.available_scenarios() == ["baseline", "optimized"]
    predictions = reports.load_predictions("optimized")
    assert len(predictions) == reports.load_metrics("optimized")["n"] == 140
    assert reports.probabilities(predictions).shape == (140, 7)
    assert reports.load_model_card("baseline")["scenario"] == "baseline"
    assert len(reports.load_history("baseline")) == 5
    assert reports.load_test_images()["images"].shape == (140, 48, 48)


def test_truncated_predictions_are_refused(copy):
    file = copy / "optimized" / "predictions.csv"
    file.write_bytes(file.read_bytes()[: len(file.read_bytes()) // 2])
    with pytest.raises(ReportError, match="half-written"):
        reports.load_predictions("optimized")
    assert reports.available_scenarios() == ["baseline"]


def test_missing_manifest_and_other_schema_are_refused(copy):
    (copy / "baseline" / "manifest.json").unlink()
    with pytest.raises(ReportError, match="python -m core.evaluate"):
        reports.load_metrics("baseline")
    manifest = copy / "optimized" / "manifest.json"
    manifest.write_text(json.dumps({**json.loads(manifest.read_text()), "schema_version": 99}))
    with pytest.raises(ReportError, match="schema version 99"):
        reports.load_metrics("optimized")
    manifest.write_text("{broken")
    with pytest.raises(ReportError, match="DAMAGED"):
        reports.load_metrics("optimized")


def test_damaged_test_images_are_refused(copy):
    (copy / "test_images_private.npz").write_bytes(b"PK\x03\x04 nothing")
    with pytest.raises(ReportError, match="DAMAGED"):
        reports.load_test_images()


def test_empty_folder_has_no_scenarios(tmp_path, monkeypatch):
    monkeypatch.setenv("FER_REPORTS_DIR", str(tmp_path / "none"))
    assert reports.available_scenarios() == []
    with pytest.raises(ReportError, match="missing"):
        reports.load_metrics("baseline")


def test_atomic_write_leaves_no_temp_files(tmp_path):
    reports.atomic_write_json(tmp_path / "a.json", {"x": 1})
    reports.atomic_write_bytes(tmp_path / "a.json", b'{"x": 2}')
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"] and json.loads((tmp_path / "a.json").read_text()) == {
        "x": 2
    }


def test_predictions_frame_columns():
    frame = reports.predictions_frame(["a", "b"], np.array([0, 3]), np.eye(7)[[0, 2]])
    assert frame.columns.tolist()[:4] == ["index", "file", "label", "pred"]
    assert frame["pred"].tolist() == [0, 2]
