"""One seal for every report folder: missing, DAMAGED (half-written, edited) and other-schema folders told apart."""

from __future__ import annotations

import json

import pytest

from core.artifacts import files, reports
from core.artifacts.files import ReportError


def _sealed(folder):
    folder.mkdir(parents=True)
    files.atomic_write_json(folder / "a.json", {"x": 1})
    files.atomic_write_bytes(folder / "b.bin", b"data")
    files.seal(folder, ["a.json", "b.bin"], schema=3)
    return folder


def test_seal_then_verify(tmp_path):
    folder = _sealed(tmp_path / "r")
    digests = files.verify(folder, 3, "the report", command="make it")
    assert set(digests) == {"a.json", "b.bin"} and files.is_sealed(folder, 3)
    assert files.sealed_folders(tmp_path, 3) == ["r"] and files.damaged_folders(tmp_path, 3) == []


def test_missing_folder_says_missing_with_the_command(tmp_path):
    with pytest.raises(ReportError, match=r"\(missing\): run `make it`") as info:
        files.verify(tmp_path / "none", 3, "the report", command="make it")
    assert not info.value.damaged and info.value.command == "make it"


@pytest.mark.parametrize("damage", ["unsealed", "edited", "truncated", "manifest"])
def test_damaged_folder_says_damaged_with_the_command(tmp_path, damage):
    folder = _sealed(tmp_path / "r")
    if damage == "unsealed":
        files.unseal(folder)
    elif damage == "edited":
        (folder / "a.json").write_text(json.dumps({"x": 2}))
    elif damage == "truncated":
        (folder / "b.bin").write_bytes(b"da")
    else:
        (folder / "manifest.json").write_text("{")
    with pytest.raises(ReportError, match="DAMAGED.*run `make it`") as info:
        files.verify(folder, 3, "the report", command="make it")
    assert info.value.damaged
    assert files.sealed_folders(tmp_path, 3) == [] and files.damaged_folders(tmp_path, 3) == ["r"]


def test_other_schema_is_neither_sealed_nor_damaged(tmp_path):
    folder = _sealed(tmp_path / "r")
    with pytest.raises(ReportError, match="schema version 3, this app reads 4"):
        files.verify(folder, 4, "the report", command="make it")
    assert files.damaged_folders(tmp_path, 4) == []


def test_a_half_written_scenario_report_is_damaged_not_missing(ablation_reports):
    (ablation_reports / "optimized_seed1" / "manifest.json").unlink()
    with pytest.raises(ReportError, match="DAMAGED") as info:
        reports.load_predictions("optimized_seed1")
    assert (
        info.value.command == "python -m core.evaluate --model models/optimized_seed1.keras --scenario optimized_seed1"
    )
    assert reports.damaged_reports() == ["optimized_seed1"]
    assert "optimized_seed1" not in reports.available_scenarios()
    with pytest.raises(ReportError, match="missing") as info:
        reports.load_predictions("never_made")
    assert not info.value.damaged
