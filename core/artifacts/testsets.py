"""Reports per model AND per test set, beside the PrivateTest reports (which stay in reports/<name>/).

A second test set (Kaggle's CSV, a test-only CSV, a user's folder of photos; see core.data.testsets)
lives in ``reports/sets/<set_id>/``:

- ``set.json``      what the set is: name, kind, source, images per class, absent classes, skipped
                    class folders and dropped images with their reasons
- ``images.npz``    its 48x48 faces, labels and names (as reports/test_images_<split>.npz)
- ``manifest.json`` the seal of the two files above (core.artifacts.files)
- ``<name>/``       one sealed report per model, the same files as reports/<name>/ (predictions.csv,
                    metrics.json, model_card.json, manifest.json)

``reports/sets`` holds no manifest of its own, so core.artifacts.reports.available_scenarios() never
lists it as a model; a model called ``sets`` cannot have a PrivateTest report.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from core import paths
from core.artifacts.files import (
    ReportError,
    atomic_write_csv,
    atomic_write_json,
    from_record,
    seal,
    sealed_folders,
    unseal,
    verify,
)
from core.artifacts.reports import PROB_COLUMNS, SCHEMA_VERSION, load_test_images, save_test_images

SET_FILES = ["set.json", "images.npz"]
PRIVATE = "private"
"""The id of the bundled PrivateTest split, whose reports stay in reports/<name>/."""


@dataclass
class SetInfo:
    """set.json, typed, defaults filled here once."""

    set_id: str
    name: str = ""
    kind: str = "csv"
    source: str = ""
    n: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    absent_classes: list[str] = field(default_factory=list)
    skipped_classes: dict[str, int] = field(default_factory=dict)
    dropped: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    faces: str = ""
    """How faces were cut from the photos (core.data.testsets.FACE_MODES), empty for a CSV."""


def set_folder(set_id: str) -> Path:
    return paths.sets_dir() / set_id


def _command(set_id: str, name: str | None = None) -> str:
    model = f"models/{name}.keras" if name else "models/<name>.keras"
    return f"python -m core.evaluate --model {model} --test-set <the set's csv or folder> --set-name {set_id}"


def write_set(info: SetInfo, images: np.ndarray, labels: np.ndarray, *, files: list[str]) -> Path:
    """Store a set's faces and record, unless the same faces are already stored (its reports stay valid)."""
    folder = set_folder(info.set_id)
    try:
        stored = load_set_images(info.set_id)
        if stored["files"].tolist() == list(files) and np.array_equal(stored["images"], images):
            return folder
    except ReportError:
        pass
    unseal(folder)
    for report in (p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else ():
        unseal(report)
    atomic_write_json(folder / "set.json", {"schema_version": SCHEMA_VERSION, **info.__dict__})
    save_test_images(folder / "images.npz", images, labels, files=files)
    seal(folder, SET_FILES, SCHEMA_VERSION)
    return folder


def available_sets() -> list[str]:
    """Ids of the stored, intact sets under reports/sets/, alphabetical."""
    return sealed_folders(paths.sets_dir(), SCHEMA_VERSION)


def read_set(set_id: str) -> SetInfo:
    folder = set_folder(set_id)
    verify(folder, SCHEMA_VERSION, f"test set {set_id}", command=_command(set_id))
    return from_record(SetInfo, json.loads((folder / "set.json").read_text()))


def load_set_images(set_id: str) -> dict[str, np.ndarray]:
    """The set's faces: 'images' (n, 48, 48) uint8, 'labels', 'files' (as load_test_images)."""
    if set_id == PRIVATE:
        return load_test_images(PRIVATE)
    folder = set_folder(set_id)
    verify(folder, SCHEMA_VERSION, f"test set {set_id}", command=_command(set_id))
    with np.load(folder / "images.npz", allow_pickle=False) as data:
        return {key: data[key] for key in ("images", "labels", "files")}


def set_models(set_id: str) -> list[str]:
    """Models with an intact report on this set, the two thesis scenarios first."""
    return sealed_folders(set_folder(set_id), SCHEMA_VERSION, first=paths.SCENARIOS)


def write_set_report(
    set_id: str, name: str, predictions: pd.DataFrame, *, metrics: dict[str, Any], card: dict[str, Any]
) -> Path:
    """Write and seal one model's report on a stored set; the manifest goes last."""
    folder = set_folder(set_id) / name
    unseal(folder)
    atomic_write_csv(folder / "predictions.csv", predictions)
    atomic_write_json(
        folder / "metrics.json", {"schema_version": SCHEMA_VERSION, "scenario": name, "test_set": set_id, **metrics}
    )
    atomic_write_json(folder / "model_card.json", card)
    seal(folder, ["predictions.csv", "metrics.json", "model_card.json"], SCHEMA_VERSION)
    return folder


def _read(set_id: str, name: str, file: str) -> bytes:
    folder = set_folder(set_id) / name
    verify(folder, SCHEMA_VERSION, f"the report of {name} on {set_id}", command=_command(set_id, name))
    return (folder / file).read_bytes()


def load_set_metrics(set_id: str, name: str) -> dict[str, Any]:
    return json.loads(_read(set_id, name, "metrics.json"))


def load_set_predictions(set_id: str, name: str) -> pd.DataFrame:
    frame = pd.read_csv(io.BytesIO(_read(set_id, name, "predictions.csv")))
    missing = {"index", "file", "label", "pred", *PROB_COLUMNS} - set(frame.columns)
    if missing:
        command = _command(set_id, name)
        raise ReportError(f"predictions.csv of {name} on {set_id} lacks {sorted(missing)}: run `{command}`.")
    return frame
