"""The GPU round trip: data packed without loss, models rebuilt from float16 within rounding."""

from __future__ import annotations

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
