"""``python -m bench``: a --quick run of the cheap parts, of the runtime comparison on tiny models, and refusals."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from bench import cli
from bench.context import QUICK, face_file, photo_jpeg
from bench.parts.runtimes import agreement
from core import paths
from core.artifacts.bench import load_bench
from core.classes import CLASSES


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
    result = cli.main(["--quick", "--only", "dataset,reports", "--data", str(data), "--out", str(out)])
    assert not result["notes"], result["notes"]
    keys = [f["key"] for f in result["figures"]]
    assert keys == ["dataset_cold", "dataset_cached", "reports_uncached", "reports_cached"]
    cached = result["figures"][1]
    assert cached["params"] == {"images": 14} and cached["reference"]["label"] == "decode with an empty cache"
    assert result["figures"][3]["params"] == {"scenarios": 2}
    assert result["figures"][3]["n"] == QUICK.repeats
    assert load_bench(out)["settings"]["quick"] is True
    assert not (tmp_path / "cache").exists(), "cold decodes use their own empty cache folders"
    printed = capsys.readouterr().out
    assert "load the dataset (14 images) from its decode cache [warm]" in printed and str(out) in printed


def test_runtimes_and_batch_on_tiny_models(tmp_path, scenario_models, monkeypatch):
    """Every installed runtime is measured against TensorFlow; the batch figure uses the fastest one."""
    monkeypatch.setenv("FER_CACHE_DIR", str(tmp_path / "cache"))
    data = tiny_dataset(tmp_path / "fer")
    args = ["--quick", "--only", "runtimes,batch", "--models-dir", str(scenario_models), "--data", str(data)]
    result = cli.main([*args, "--out", str(tmp_path / "bench.json")])
    by_key = {f["key"]: f for f in result["figures"]}
    tf = by_key["runtime_tensorflow_face"]
    assert tf["reference"]["label"] == "compiled TensorFlow Predictor" and tf["checks"] == {
        "top-1 agreement ≥ 99.9%": True,
        "max |Δp| ≤ 1e-4": True,
    }, "TensorFlow agrees with itself"
    assert by_key["runtime_xla_batch"]["checks"]["top-1 agreement ≥ 99.9%"], "XLA is float32 too"
    assert {"model_work_warm", "batch_warm"} <= set(by_key), result["notes"]
    assert by_key["batch_warm"]["target"]["text"] == "ratio ≥ 0.95x"
    assert not any("failed" in note for note in result["notes"]), result["notes"]
    memory = by_key["runtime_xla_memory"]
    assert memory["median"] > 0 and memory["reference"]["median"] > 0, "measured in fresh child processes"


def test_agreement_uses_the_cards_flip():
    ref = {"a": np.array([[0.6, 0.4], [0.2, 0.8]]), "b": np.array([[0.9, 0.1], [0.1, 0.9]])}
    other = {"a": np.array([[0.6, 0.4], [0.2, 0.8]]), "b": np.array([[0.9, 0.1], [0.9, 0.1]])}
    flipped = agreement(ref, other, {"a": True, "b": True})
    assert flipped["top1"] == 1.0 and flipped["max_diff"] == pytest.approx(0.4), "b's mean of views moved by 0.4"
    assert agreement(ref, other, {"a": True, "b": False})["max_diff"] == 0.0, "without the flip only view 1 counts"


def test_missing_models_are_skipped_with_the_command(tmp_path):
    out = tmp_path / "bench.json"
    result = cli.main(["--quick", "--only", "load,face", "--models-dir", str(tmp_path), "--out", str(out)])
    assert result["figures"] == []
    assert len(result["notes"]) == 2 and all("python -m core.train" in note for note in result["notes"])


def test_unknown_part_is_refused():
    with pytest.raises(SystemExit):
        cli.main(["--only", "everything"])


def test_bench_photo_has_one_detectable_face():
    """The photo the face figure times must really go through detection and one face crop."""
    from core.views.live import analyse

    face = face_file(paths.data_dir())
    if face is None:
        pytest.skip("FER-2013 test images not present")
    analysis = analyse(photo_jpeg(face.read_bytes()))
    assert not analysis.whole_image and len(analysis.faces) == 1


def test_forward_gflops_counts_nested_convolutions_and_dense_layers():
    import keras

    from bench.parts.user_model import forward_gflops

    inner = keras.Sequential([keras.Input((8, 8, 3)), keras.layers.Conv2D(4, 3, padding="same")], name="inner")
    inputs = keras.Input((8, 8, 3))
    outputs = keras.layers.Dense(7)(keras.layers.Flatten()(inner(inputs)))
    expected = 2 * 3 * 3 * 3 * 4 * 8 * 8 + 2 * (8 * 8 * 4) * 7
    assert forward_gflops(keras.Model(inputs, outputs)) == pytest.approx(expected / 1e9)


@pytest.mark.skipif(not (paths.data_dir() / "test").is_dir(), reason="FER-2013 not present")
def test_media_part_on_tiny_models(tmp_path, scenario_models):
    """Issue 25: stream, video and photo batch, each a ratio to the bare model pair on the same faces."""
    args = ["--quick", "--only", "media", "--models-dir", str(scenario_models), "--out", str(tmp_path / "b.json")]
    result = cli.main(args)
    by_key = {f["key"]: f for f in result["figures"]}
    assert set(by_key) == {"stream_fps", "video_fps", "batch_photos"}, result["notes"]
    assert all(f["ratio"] > 0 and f["unit"] == "images/s" for f in by_key.values())
    assert by_key["stream_fps"]["target"]["text"] == "ratio ≥ 0.7x"
    assert by_key["batch_photos"]["params"] == {"photos": 12, "faces": 12}
    assert any(note.startswith("media (issue 25)") for note in result["notes"])
