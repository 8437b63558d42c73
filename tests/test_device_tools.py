"""The GPU round trip: data packed without loss, models rebuilt from float16 within rounding."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tools import device_data, device_models


def test_data_pack_round_trip_is_byte_identical(tmp_path):
    source = tmp_path / "fer"
    files = {
        "train/happy/Training_1.jpg": b"\xff\xd8one",
        "test/sad/PublicTest_2.jpg": b"\xff\xd8two",
        "test/sad/PrivateTest_3.jpg": b"\xff\xd8three",
    }
    for name, data in files.items():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_bytes(data)
    packed = tmp_path / "pack.npz"
    assert device_data.pack(source, packed) == 2
    assert device_data.unpack(packed, tmp_path / "out") == 2
    assert (tmp_path / "out" / "train/happy/Training_1.jpg").read_bytes() == files["train/happy/Training_1.jpg"]
    assert not (tmp_path / "out" / "test/sad/PrivateTest_3.jpg").exists()


@pytest.mark.filterwarnings("ignore")
def test_models_rebuild_from_parts(scenario_models, tmp_path, monkeypatch):
    from core.model.architectures import load_model

    monkeypatch.setattr(device_models, "PART_BYTES", 2**20)
    models = {name: scenario_models / f"{name}.keras" for name in ("baseline", "optimized")}
    parts = device_models.pack(models, tmp_path / "parts")
    assert len(parts) > 1 and all(p.stat().st_size <= 2**20 for p in parts)
    rebuilt = device_models.unpack(tmp_path / "parts", tmp_path / "models")
    x = np.random.default_rng(0).uniform(0, 255, (4, 32, 32, 3)).astype(np.float32)
    for name, path in models.items():
        original, copy = load_model(path), load_model(rebuilt[name])
        assert [layer.name for layer in copy.layers] == [layer.name for layer in original.layers]
        np.testing.assert_allclose(copy.predict(x, verbose=0), original.predict(x, verbose=0), atol=5e-3)


def _fake_run(work, run: str, scenario: str, accuracy: float, epochs: int = 4) -> None:
    folder = work / run
    folder.mkdir(parents=True)
    card = {"scenario": scenario, "best_val_accuracy": accuracy, "best_epoch": 2, "epochs_run": epochs}
    card["recipe"] = {"ablation": "baseline" if scenario == "baseline" else run.split("_", 1)[-1]}
    (folder / f"{scenario}.json").write_text(json.dumps(card))
    (folder / f"{scenario}.history.csv").write_text("epoch\n1\n")
    (folder / f"{scenario}.keras").write_bytes(run.encode())


def test_select_picks_the_setting_by_scenario_2_publictest_and_cards_follow(tmp_path):
    import tarfile

    from tools import device_select

    work = tmp_path / "work"
    for setting, base, opt in (("hed48", 0.45, 0.60), ("rot96", 0.50, 0.58)):
        _fake_run(work, f"{setting}_baseline", "baseline", base)
        _fake_run(work, f"{setting}_optimized", "optimized", opt, epochs=7)
    _fake_run(work, "no_se", "optimized", 0.99)  # a variant never competes
    (work / "backbone").mkdir()
    (work / "backbone" / "rotation.json").write_text("{}")
    assert device_select.candidates(work, tmp_path / "final") == ("hed48", 7)
    assert (tmp_path / "final" / "optimized.keras").read_bytes() == b"hed48_optimized"
    assert (tmp_path / "final" / "baseline.keras").read_bytes() == b"hed48_baseline"

    with tarfile.open(tmp_path / "runs.tar.gz", "w:gz") as archive:
        archive.add(work, arcname=".")
    models = tmp_path / "models"
    models.mkdir()
    device_models.install_runs(tmp_path / "runs.tar.gz", models, "a test GPU", names=["baseline", "optimized", "no_se"])
    optimized = json.loads((models / "optimized.json").read_text())
    assert (
        optimized["selection"]["chosen"] == "hed48_optimized"
        and optimized["selection"]["runs"]["rot96_optimized"] == 0.58
    )
    assert json.loads((models / "no_se.json").read_text())["best_val_accuracy"] == 0.99
    assert "a test GPU" in json.loads((models / "baseline.json").read_text())["transport"]
    assert (models / "backbone" / "rotation.json").exists()
