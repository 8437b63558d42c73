"""reports/bench.json: round trip, refusal of damaged files, the ratio table, paths and the time estimate."""

from __future__ import annotations

import json

import pytest

from bench.machine import machine_info
from bench.stats import Figure, Reference, figure
from core import paths
from core.artifacts.bench import (
    SCHEMA_VERSION,
    BenchError,
    estimate_seconds,
    format_table,
    load_bench,
    measured_rate,
    project_path,
    write_bench,
)


def sample_result() -> dict:
    figures = [
        figure(
            "face_warm",
            "one face",
            "warm",
            unit="ms",
            times_s=[0.04, 0.05, 0.09],
            reference=("model work", [0.04, 0.045, 0.05]),
        ),
        figure("paint_home_warm", "home", "warm", unit="s", times_s=[2.0, 2.1], reference=("floor", [1.0, 1.1])),
        figure(
            "user224_fastest",
            "user model",
            "warm",
            unit="images/s",
            times_s=[2.0, 2.0],
            reference=("model.predict", [4.0, 4.0]),
            count=8,
        ),
        Figure("single_predict", "model.predict", "warm", "ms", 90.0, 120.0, 5, "speedups", Reference("tf", 30, 40)),
    ]
    return {"machine": machine_info(), "figures": [f.to_dict() for f in figures], "notes": ["a note"]}


def test_write_and_load_round_trip(tmp_path):
    path = write_bench(tmp_path / "reports" / "bench.json", sample_result())
    data = load_bench(path)
    assert data["schema_version"] == SCHEMA_VERSION
    assert [f["key"] for f in data["figures"]] == ["face_warm", "paint_home_warm", "user224_fastest", "single_predict"]
    face = data["figures"][0]
    assert face["median"] == pytest.approx(50.0) and face["reference"]["median"] == pytest.approx(45.0)
    assert face["ratio"] == pytest.approx(50 / 45) and face["passed"] is True
    assert data["figures"][1]["passed"] is False, "home at 1.9x the floor misses 1.25x"
    assert data["figures"][2]["ratio"] == pytest.approx(2.0) and data["figures"][2]["passed"] is True
    assert data["machine"]["cores"] >= 1 and data["machine"]["cpu_model"]
    assert list(path.parent.iterdir()) == [path], "no temporary file is left behind"


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],
        lambda text: text.replace(f'"schema_version": {SCHEMA_VERSION}', '"schema_version": 1'),
        lambda text: text.replace('"median": 50.0', '"median": "fast"'),
        lambda text: json.dumps({"schema_version": SCHEMA_VERSION, "figures": []}),
        lambda text: "[]",
    ],
    ids=["truncated", "old_schema", "bad_figure", "no_machine", "not_an_object"],
)
def test_load_refuses_damaged_files(tmp_path, damage):
    path = write_bench(tmp_path / "bench.json", sample_result())
    path.write_text(damage(path.read_text()))
    with pytest.raises(BenchError, match="python -m bench"):
        load_bench(path)


def test_load_missing_says_what_to_run_without_machine_paths(monkeypatch):
    monkeypatch.setenv("FER_REPORTS_DIR", str(paths.ROOT / "no_such_reports"))
    with pytest.raises(BenchError, match="python -m bench") as err:
        load_bench()
    assert "no_such_reports/bench.json" in str(err.value) and str(paths.ROOT) not in str(err.value)


def test_format_table_is_the_ratio_table():
    text = format_table(sample_result()["figures"], "figures")
    lines = text.splitlines()
    assert lines[0].split() == ["figure", "median", "reference", "ratio", "target", "pass"]
    assert len(lines) == 5, "header, rule and the three table rows"
    assert "one face [warm]" in lines[2] and "50.0 ms" in lines[2] and "1.11x" in lines[2] and "pass" in lines[2]
    assert "ratio ≤ 1.2x" in lines[2]
    assert "FAIL" in lines[3] and "ratio ≤ 1.25x" in lines[3]
    assert "model.predict [warm]" not in text, "experiment rows are a separate table"
    assert "model.predict [warm]" in format_table(sample_result()["figures"], "speedups")


def test_project_path_hides_the_machine():
    assert project_path(paths.ROOT / "models") == "models"
    assert project_path("models") == "models"
    assert project_path("/elsewhere/models") == "/elsewhere/models", "outside the project it stays as given"


def test_estimate_seconds_and_measured_rate():
    assert estimate_seconds(3589, 1.6, views=2) == pytest.approx(3589 * 2 / 1.6)
    for bad in ((10, 0.0), (10, float("nan")), (-1, 2.0)):
        with pytest.raises(ValueError):
            estimate_seconds(*bad)
    data = sample_result()
    assert measured_rate(data, "user224_fastest") == pytest.approx(4.0), "8 images in 2 s"
    assert measured_rate(data, "face_warm") is None, "a time is not a rate"
    assert measured_rate(data, "absent") is None
