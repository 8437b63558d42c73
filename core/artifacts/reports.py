"""Reading and writing the report files the dashboard shows (numpy/pandas only, no TensorFlow).

A scenario's reports live in ``reports/<scenario>/``:

- ``predictions.csv``  one row per test image: index, file, label, pred, p_<class> x 7
- ``metrics.json``     accuracy, F1s, top-2, log loss, ECE, per-class table, confusion matrix
- ``history.csv``      per-epoch loss, accuracy, val_loss, val_accuracy, learning_rate, epoch_time_s
- ``model_card.json``  the card of the evaluated model
- ``manifest.json``    written last: schema version and the SHA-256 of every file above

Every file is written atomically (temp file + rename). Readers check the manifest, so a
half-written, hand-edited or older-schema report is refused with a clear message instead of
being shown. The split's images are stored once, in ``reports/test_images_<split>.npz``.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from core import paths
from core.classes import CLASSES

SCHEMA_VERSION = 1
PROB_COLUMNS = [f"p_{name}" for name in CLASSES]
HISTORY_COLUMNS = ["epoch", "loss", "accuracy", "val_loss", "val_accuracy", "learning_rate", "epoch_time_s"]


class ReportError(RuntimeError):
    """A report is missing, half-written or from another schema; the message says what to run."""


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write a file so that readers see either the old or the complete new content."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_json(path: Path, obj: Any) -> None:
    atomic_write_bytes(path, json.dumps(obj, indent=2, ensure_ascii=False).encode())


def atomic_write_csv(path: Path, frame: pd.DataFrame) -> None:
    atomic_write_bytes(path, frame.to_csv(index=False).encode())


def _sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def write_manifest(folder: Path, files: list[str]) -> None:
    """Seal a report folder: record the schema and each file's hash. Call it last."""
    manifest = {"schema_version": SCHEMA_VERSION, "files": {name: _sha256(Path(folder) / name) for name in files}}
    atomic_write_json(Path(folder) / "manifest.json", manifest)


def _fix_hint(scenario: str) -> str:
    return f"run `python -m core.evaluate --model models/{scenario}.keras` to (re)create it"


def check_report(folder: Path) -> dict[str, str]:
    """Verify a sealed report folder; returns its file hashes or raises ReportError."""
    folder = Path(folder)
    scenario = folder.name
    manifest_file = folder / "manifest.json"
    if not manifest_file.exists():
        raise ReportError(f"No complete report in {folder} (manifest.json missing): {_fix_hint(scenario)}.")
    try:
        manifest = json.loads(manifest_file.read_text())
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise ReportError(f"{manifest_file} is damaged ({err}): {_fix_hint(scenario)}.") from err
    version = manifest.get("schema_version")
    if version != SCHEMA_VERSION:
        raise ReportError(
            f"Report {folder} has schema version {version}, this app reads {SCHEMA_VERSION}: {_fix_hint(scenario)}."
        )
    for name, digest in manifest.get("files", {}).items():
        file = folder / name
        if not file.exists() or _sha256(file) != digest:
            raise ReportError(
                f"{file} is missing or does not match its manifest (half-written?): {_fix_hint(scenario)}."
            )
    return manifest["files"]


def available_scenarios() -> list[str]:
    """Scenarios whose report folder is sealed and intact, in the thesis' order first."""
    root = paths.reports_dir()
    if not root.exists():
        return []
    found = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        try:
            check_report(folder)
        except ReportError:
            continue
        found.append(folder.name)
    order = {name: i for i, name in enumerate(paths.SCENARIOS)}
    return sorted(found, key=lambda name: (order.get(name, len(order)), name))


def _read(scenario: str, name: str) -> bytes:
    folder = paths.scenario_reports(scenario)
    files = check_report(folder)
    if name not in files:
        raise ReportError(f"{folder / name} is not part of this report: {_fix_hint(scenario)}.")
    return (folder / name).read_bytes()


def load_metrics(scenario: str) -> dict[str, Any]:
    return json.loads(_read(scenario, "metrics.json"))


def load_model_card(scenario: str) -> dict[str, Any]:
    return json.loads(_read(scenario, "model_card.json"))


def load_predictions(scenario: str) -> pd.DataFrame:
    frame = pd.read_csv(io.BytesIO(_read(scenario, "predictions.csv")))
    missing = {"index", "file", "label", "pred", *PROB_COLUMNS} - set(frame.columns)
    if missing:
        raise ReportError(f"predictions.csv of {scenario} lacks columns {sorted(missing)}: {_fix_hint(scenario)}.")
    return frame


def load_history(scenario: str) -> pd.DataFrame | None:
    """Training history, or None when the model was trained elsewhere without one."""
    folder = paths.scenario_reports(scenario)
    if "history.csv" not in check_report(folder):
        return None
    return pd.read_csv(io.BytesIO(_read(scenario, "history.csv")))


def probabilities(predictions: pd.DataFrame) -> np.ndarray:
    """The (n, 7) probability matrix of a predictions table."""
    return predictions[PROB_COLUMNS].to_numpy(dtype=np.float64)


def save_test_images(path: Path, images: np.ndarray, labels: np.ndarray, files: list[str]) -> None:
    """Store a split's 48x48 uint8 images so the app can show samples without the dataset."""
    buffer = io.BytesIO()
    np.savez_compressed(
        buffer,
        schema_version=SCHEMA_VERSION,
        images=images.astype(np.uint8),
        labels=labels.astype(np.int64),
        files=np.asarray(files),
    )
    atomic_write_bytes(path, buffer.getvalue())


def load_test_images(split: str = "private") -> dict[str, np.ndarray]:
    """The stored test images: arrays 'images' (n, h, w) uint8, 'labels', 'files'."""
    path = paths.test_images_path(split)
    if not path.exists():
        raise ReportError(f"{path} is missing: run `python -m core.evaluate --model models/<scenario>.keras`.")
    try:
        with np.load(path, allow_pickle=False) as data:
            if int(data["schema_version"]) != SCHEMA_VERSION:
                raise ReportError(f"{path} has another schema version: rerun `python -m core.evaluate`.")
            return {key: data[key] for key in ("images", "labels", "files")}
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as err:
        raise ReportError(f"{path} is damaged ({err}): rerun `python -m core.evaluate`.") from err


def predictions_frame(files: list[str], labels: np.ndarray, probs: np.ndarray) -> pd.DataFrame:
    """The predictions table in its documented column order."""
    frame = pd.DataFrame({"index": np.arange(len(labels)), "file": files, "label": labels, "pred": probs.argmax(1)})
    return pd.concat([frame, pd.DataFrame(probs, columns=PROB_COLUMNS)], axis=1)


def write_report(
    scenario: str,
    predictions: pd.DataFrame,
    metrics: dict[str, Any],
    card: dict[str, Any],
    history: pd.DataFrame | None = None,
) -> Path:
    """Write and seal one scenario's report folder; the manifest goes last."""
    folder = paths.scenario_reports(scenario)
    (folder / "manifest.json").unlink(missing_ok=True)
    atomic_write_csv(folder / "predictions.csv", predictions)
    atomic_write_json(folder / "metrics.json", {"schema_version": SCHEMA_VERSION, "scenario": scenario, **metrics})
    atomic_write_json(folder / "model_card.json", card)
    files = ["predictions.csv", "metrics.json", "model_card.json"]
    if history is not None:
        atomic_write_csv(folder / "history.csv", history)
        files.append("history.csv")
    write_manifest(folder, files)
    return folder
