"""The benchmark's statistics, bench.json round trip and refusal, table, and a --quick run of its cheap parts."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from bench import harness as bench
from bench.harness import BenchError, Figure, Reference, figure, format_table, load_bench, summarise, write_bench
from core.classes import CLASSES


def test_summarise_median_and_p95():
    stats = summarise(list(range(1, 21)))
    assert stats.median == 10.5 and stats.n == 20
    assert stats.p95 == pytest.approx(19.05), "linear interpolation between the 19th and 20th value"
    assert summarise([0.2]).p95 == 0.2
    for bad in ([], [1.0, float("nan")]):
        with pytest.raises(ValueError):
            summarise(bad)


def test_scaled_units_and_throughput_tail():
    assert bench.scaled([0.010, 0.020, 0.030], "ms").median == pytest.approx(20.0)
    fast_and_slow = bench.scaled([1.0, 1.0, 2.0], "images/s", count=100)
    assert fast_and_slow.median == pytest.approx(100.0)
    assert fast_and_slow.p95 < fast_and_slow.median, "the p95 of a throughput is its slow tail"
    with pytest.raises(ValueError):
        bench.scaled([1.0], "images/s")


def test_targets_ratio_and_checks():
    fast = figure("face_warm", "one face", "warm", "ms", [0.05] * 3, ("raw", [0.025] * 3))
    slow = figure("face_warm", "one face", "warm", "ms", [0.07] * 3)
    assert fast.ratio == pytest.approx(2.0) and fast.passed is True
    assert slow.ratio is None and slow.passed is False
    batch = figure("batch_warm", "batch", "warm", "images/s", [1.0], ("predict", [0.95]), count=100)
    assert batch.ratio == pytest.approx(0.95) and batch.passed is True
    assert figure("batch_warm", "batch", "warm", "images/s", [1.2], ("predict", [1.0]), count=100).passed is False
    paint = figure("paint_home_warm", "home", "warm", "s", [0.5], checks={"TensorFlow not imported": False})
    assert paint.passed is False, "fast is not enough when TensorFlow was imported"
    assert figure("dataset_cold", "decode", "cold", "s", [9.0]).passed is None, "no target, no verdict"


def sample_result() -> dict:
    figures = [
        figure("face_warm", "one face", "warm", "ms", [0.04, 0.05, 0.09], ("raw model", [0.02, 0.03, 0.03])),
        figure("gradcam_warm", "Grad-CAM", "warm", "ms", [0.5, 0.6]),
        Figure("single_predict", "model.predict", "warm", "ms", 90.0, 120.0, 5, "speedups", Reference("tf", 30, 40)),
    ]
    return {"machine": bench.machine_info(), "figures": [f.to_dict() for f in figures], "notes": ["a note"]}


def test_write_and_load_round_trip(tmp_path):
    path = write_bench(tmp_path / "reports" / "bench.json", sample_result())
    data = load_bench(path)
    assert data["schema_version"] == bench.SCHEMA_VERSION
    assert [f["key"] for f in data["figures"]] == ["face_warm", "gradcam_warm", "single_predict"]
    face = data["figures"][0]
    assert face["median"] == pytest.approx(50.0) and face["reference"]["median"] == pytest.approx(30.0)
    assert face["ratio"] == pytest.approx(50 / 30) and face["passed"] is True
    assert data["figures"][1]["passed"] is False
    assert data["machine"]["cores"] >= 1 and data["machine"]["cpu_model"]
    assert list(path.parent.iterdir()) == [path], "no temporary file is left behind"


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],
        lambda text: text.replace('"schema_version": 1', '"schema_version": 99'),
        lambda text: text.replace('"median": 50.0', '"median": "fast"'),
        lambda text: json.dumps({"schema_version": 1, "figures": []}),
        lambda text: "[]",
    ],
    ids=["truncated", "other_schema", "bad_figure", "no_machine", "not_an_object"],
)
def test_load_refuses_damaged_files(tmp_path, damage):
    path = write_bench(tmp_path / "bench.json", sample_result())
    path.write_text(damage(path.read_text()))
    with pytest.raises(BenchError, match="python -m bench"):
        load_bench(path)


def test_load_missing_says_what_to_run(tmp_path):
    with pytest.raises(BenchError, match="python -m bench"):
        load_bench(tmp_path / "bench.json")


def test_format_table():
    result = sample_result()
    text = format_table(result["figures"], "figures")
    lines = text.splitlines()
    assert lines[0].split() == ["figure", "median", "p95", "reference", "ratio", "target", "pass"]
    assert len(lines) == 4, "header, rule and the two target-group rows"
    assert "one face [warm]" in lines[2] and "50.0 ms" in lines[2] and "1.67x" in lines[2] and "pass" in lines[2]
    assert "median ≤ 60 ms" in lines[2]
    assert "FAIL" in lines[3] and "median ≤ 400 ms" in lines[3]
    assert "model.predict" not in text, "speed-up rows are a separate table"
    assert "model.predict [warm]" in format_table(result["figures"], "speedups")


def test_tensorflow_loaded_reads_process_maps():
    child = subprocess.Popen([sys.executable, "-c", "import numpy, time; time.sleep(30)"])
    try:
        assert bench.tensorflow_loaded(child.pid) is False
    finally:
        child.kill()
        child.wait()
    assert bench.tensorflow_loaded(2**22 + 7) is None, "no such process"


def tiny_dataset(root):
    """Two classes, a handful of random 48x48 JPEGs in every official split."""
    rng = np.random.default_rng(0)
    for split, prefixes in (("train", ["Training"] * 3), ("test", ["PublicTest", "PrivateTest"] * 2)):
        for name in CLASSES[:2]:
            folder = root / split / name
            folder.mkdir(parents=True)
            for i, prefix in enumerate(prefixes):
                pixels = rng.integers(0, 256, (48, 48), dtype=np.uint8)
                Image.fromarray(pixels).save(folder / f"{prefix}_{i}.jpg", quality=95)
    return root


def test_quick_run_of_the_cheap_parts(tmp_path, use_reports, monkeypatch, capsys):
    monkeypatch.setenv("FER_CACHE_DIR", str(tmp_path / "cache"))
    data = tiny_dataset(tmp_path / "fer")
    out = tmp_path / "bench.json"
    result = bench.main(["--quick", "--only", "dataset,reports", "--data", str(data), "--out", str(out)])
    assert not result["notes"], result["notes"]
    keys = [f["key"] for f in result["figures"]]
    assert keys == ["dataset_cold", "dataset_cached", "reports_uncached", "reports_cached"]
    cached = result["figures"][1]
    assert cached["params"] == {"images": 14} and cached["reference"]["label"] == "decode with an empty cache"
    assert result["figures"][3]["params"] == {"scenarios": 2}
    assert result["figures"][3]["n"] == bench.QUICK.repeats
    assert load_bench(out)["settings"]["quick"] is True
    assert not (tmp_path / "cache").exists(), "cold decodes use their own empty cache folders"
    printed = capsys.readouterr().out
    assert "load the dataset (14 images) from its decode cache [warm]" in printed and str(out) in printed


def test_missing_models_are_skipped_with_the_command(tmp_path, capsys):
    out = tmp_path / "bench.json"
    result = bench.main(["--quick", "--only", "load,face", "--models-dir", str(tmp_path), "--out", str(out)])
    assert result["figures"] == []
    assert len(result["notes"]) == 2 and all("python -m core.train" in note for note in result["notes"])


def test_unknown_part_is_refused():
    with pytest.raises(SystemExit):
        bench.main(["--only", "everything"])


def test_bench_photo_has_one_detectable_face():
    """The photo the face figure times must really go through detection and one face crop."""
    from core.views.live import analyse

    face = bench.face_file(bench.paths.data_dir())
    if face is None:
        pytest.skip("FER-2013 test images not present")
    analysis = analyse(bench.photo_jpeg(face.read_bytes()))
    assert not analysis.whole_image and len(analysis.faces) == 1
