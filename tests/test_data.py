"""FER-2013 loads from its image folders, from fer2013.csv and from a user's unprefixed folder."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from core.classes import CLASSES
from core.data.dataset import load_dataset, main, resolve_split
from tests.conftest import SHARED_DATA, real_images


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("FER_CACHE_DIR", str(tmp_path / "cache"))


def _write(path, value: int, size=(48, 48)) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("L", size, value).save(path)


def test_prefixed_folders_keep_the_official_split(tmp_path):
    root = tmp_path / "fer"
    for i, name in enumerate(CLASSES):
        _write(root / "train" / name / f"Training_{i}.jpg", 10 * i)
        _write(root / "test" / name / f"PublicTest_{i}.jpg", 10 * i)
        _write(root / "test" / name / f"PrivateTest_{i}.jpg", 10 * i)
    data = load_dataset(root)
    assert {name: len(split) for name, split in data.splits.items()} == {
        "Training": 7,
        "PublicTest": 7,
        "PrivateTest": 7,
    }
    private = data.split("private")
    assert sorted(private.labels.tolist()) == list(range(7))
    assert all(f.startswith("PrivateTest_") for f in private.files)
    assert private.images.shape == (7, 48, 48) and private.images.dtype == np.uint8


def test_kaggle_csv(tmp_path):
    rows = []
    for usage in ("Training", "PublicTest", "PrivateTest"):
        for label in range(7):
            rows.append({"emotion": label, "pixels": " ".join([str(label * 30)] * 48 * 48), "Usage": usage})
    csv = tmp_path / "fer2013.csv"
    pd.DataFrame(rows).to_csv(csv, index=False)
    data = load_dataset(csv)
    train = data.split("Training")
    assert len(train) == 7 and train.labels.tolist() == list(range(7))
    assert train.images[3].mean() == 90
    assert train.files[0] == "fer2013.csv:0"


def test_user_folder_without_prefixes_gets_a_seeded_stratified_split(tmp_path):
    root = tmp_path / "mine"
    for name in CLASSES:
        for j in range(4):
            _write(root / "train" / name / f"img{j}.png", 50, size=(96, 80))
            _write(root / "test" / name / f"img{j}.png", 50, size=(96, 80))
    first, again = load_dataset(root, seed=3), load_dataset(root, seed=3, use_cache=False)
    public, private = first.split("public"), first.split("private")
    assert len(public) == len(private) == 14
    assert np.bincount(private.labels).tolist() == [2] * 7
    assert private.files == again.split("private").files
    assert any("50/50" in note for note in first.notes)
    assert first.split("train").images.shape[1:] == (48, 48)


def test_second_load_comes_from_the_cache(tmp_path):
    root = tmp_path / "fer"
    _write(root / "train" / "happy" / "Training_1.jpg", 200)
    first = load_dataset(root)
    shutil.rmtree(root / "train" / "happy")
    (root / "train" / "happy").mkdir()
    _write(root / "train" / "happy" / "Training_1.jpg", 200)
    assert load_dataset(root).fingerprint == first.fingerprint


def test_missing_source_and_unknown_split_are_explained(tmp_path):
    with pytest.raises(FileNotFoundError, match="FER_DATA_DIR"):
        load_dataset(tmp_path / "nowhere")
    with pytest.raises(ValueError, match="unknown split"):
        resolve_split("holdout")


@pytest.mark.skipif(not SHARED_DATA.exists(), reason="FER-2013 not present")
def test_real_images_decode_like_the_files(tmp_path):
    root = tmp_path / "real"
    for file, label in real_images("test", per_class=2):
        target = root / "test" / CLASSES[label] / file.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(file, target)
    file, label = real_images("train")[0]
    (root / "train" / CLASSES[label]).mkdir(parents=True)
    shutil.copy(file, root / "train" / CLASSES[label] / file.name)
    data = load_dataset(root)
    private = data.split("private")
    assert len(private) == 14
    index = private.files.index(real_images("test")[0][0].name)
    assert np.array_equal(private.images[index], np.asarray(Image.open(real_images("test")[0][0]).convert("L")))


def test_cli_prints_the_class_table(tmp_path, capsys):
    root = tmp_path / "fer"
    _write(root / "train" / "sad" / "Training_1.jpg", 100)
    main(["--data", str(root)])
    out = capsys.readouterr().out
    assert "fingerprint" in out and "sad" in out
