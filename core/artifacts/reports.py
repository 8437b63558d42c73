"""Reading and writing the report files the dashboard shows (numpy/pandas only, no TensorFlow).

A scenario's reports live in ``reports/<scenario>/``:

- ``predictions.csv``  one row per test image: index, file, label, pred, p_<class> x 7
- ``metrics.json``     accuracy, F1s, top-2, log loss, ECE, per-class table, confusion matrix
- ``history.csv``      per-epoch loss, accuracy, val_loss, val_accuracy, learning_rate, epoch_time_s
- ``model_card.json``  the card of the evaluated model
- ``manifest.json``    written last: schema version and the SHA-256 of every file above

Any number of named models has a report (the two scenarios, ablation variants, seeds, a user's
own models); core.artifacts.assignment says which two the thesis compares. Every file is written
atomically and sealed by core.artifacts.files, so a half-written or hand-edited report is refused
as DAMAGED, and an older-schema one as such, each with the command that rebuilds it. The split's
images are stored once, in ``reports/test_images_<split>.npz``.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any, NotRequired, TypedDict

import numpy as np
import pandas as pd

from core import paths
from core.artifacts.files import (
    ReportError,
    atomic_write_bytes,
    atomic_write_csv,
    atomic_write_json,
    damaged_folders,
    seal,
    sealed_folders,
    unseal,
    verify,
)
from core.classes import CLASSES

__all__ = ["ReportError", "atomic_write_bytes", "atomic_write_csv", "atomic_write_json"]

SCHEMA_VERSION = 1
PROB_COLUMNS = [f"p_{name}" for name in CLASSES]
HISTORY_COLUMNS = ["epoch", "loss", "accuracy", "val_loss", "val_accuracy", "learning_rate", "epoch_time_s"]


def rebuild_command(name: str) -> str:
    """The command that (re)creates the report ``name`` from its model file."""
    if name in paths.SCENARIOS:
        return f"python -m core.evaluate --model models/{name}.keras"
    return f"python -m core.evaluate --model models/{name}.keras --scenario {name}"


def check_report(folder: Path) -> dict[str, str]:
    """Verify a sealed report folder; returns its file hashes or raises ReportError (missing or DAMAGED)."""
    folder = Path(folder)
    return verify(folder, SCHEMA_VERSION, f"the report of {folder.name}", command=rebuild_command(folder.name))


def available_scenarios(root: Path | None = None) -> list[str]:
    """Every named report in ``root`` (default reports/) that is sealed and intact, the two thesis scenarios first."""
    return sealed_folders(root or paths.reports_dir(), SCHEMA_VERSION, first=paths.SCENARIOS)


def damaged_reports(root: Path | None = None) -> list[str]:
    """Report folders that hold files but fail their manifest (half-written or edited): rebuild them."""
    return damaged_folders(root or paths.reports_dir(), SCHEMA_VERSION)


ClassMetrics = TypedDict(
    "ClassMetrics", {"class": str, "precision": float, "recall": float, "f1": float, "support": int}
)


class Metrics(TypedDict):
    """metrics.json as every page reads it; load_metrics fills the fields older reports lack, once."""

    schema_version: int
    scenario: str
    split: str
    """The split the report scores (a report without it is the thesis' PrivateTest one)."""
    model_file: str
    """The evaluated file in models/ (default: the report's name + .keras)."""
    n: int
    accuracy: float
    macro_f1: float
    weighted_f1: float
    top2_accuracy: float
    log_loss: float
    ece: float
    per_class: list[ClassMetrics]
    confusion_matrix: list[list[int]]
    images_per_s: NotRequired[float]
    data_fingerprint: NotRequired[str]
    preprocessing: NotRequired[dict[str, Any]]


class ModelCard(TypedDict, total=False):
    """A model card (models/<name>.json, copied into its report) as the pages read it.

    Not total, and no defaults filled: a card records what its trainer knew, and a key it lacks is shown
    as unknown, never as a guessed value (a candidate's own card holds only what they wrote)."""

    card_version: int
    card: str
    """Set to "missing" on the minimal card of a file that came without one."""
    scenario: str
    classes: list[str]
    input_shape: list[int]
    preprocessing: dict[str, Any]
    backbone_init: str
    backbone_note: str
    backbone_source: dict[str, Any]
    backbone_pretraining: dict[str, Any]
    recipe: dict[str, Any]
    hyperparameters: dict[str, Any]
    test_time_flip: dict[str, Any]
    versions: dict[str, str]
    continued_from: dict[str, Any]
    epochs_run: int
    best_epoch: int
    best_val_accuracy: float
    wall_time_s: float
    train_images: int
    validation_split: str
    data_source: str
    data_fingerprint: str
    created: str


def _read(scenario: str, name: str, root: Path | None = None) -> bytes:
    folder = (root or paths.reports_dir()) / scenario
    files = check_report(folder)
    if name not in files:
        raise ReportError(f"{folder / name} is not part of this report: run `{rebuild_command(scenario)}`.")
    return (folder / name).read_bytes()


def load_metrics(scenario: str) -> Metrics:
    """One report's metrics.json with its defaults filled (split, model file, scenario)."""
    stored = json.loads(_read(scenario, "metrics.json"))
    defaults = {"schema_version": SCHEMA_VERSION, "scenario": scenario, "split": "PrivateTest"}
    return Metrics(**{**defaults, "model_file": f"{scenario}.keras", **stored})


def load_model_card(scenario: str, root: Path | None = None) -> ModelCard:
    return json.loads(_read(scenario, "model_card.json", root))


def load_predictions(scenario: str, root: Path | None = None) -> pd.DataFrame:
    """One report's predictions table; ``root`` is the reports folder (default reports/)."""
    frame = pd.read_csv(io.BytesIO(_read(scenario, "predictions.csv", root)))
    missing = {"index", "file", "label", "pred", *PROB_COLUMNS} - set(frame.columns)
    if missing:
        raise ReportError(
            f"predictions.csv of {scenario} lacks columns {sorted(missing)}: run `{rebuild_command(scenario)}`."
        )
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


def save_test_images(path: Path, images: np.ndarray, labels: np.ndarray, *, files: list[str]) -> None:
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
        raise ReportError(f"{path} is DAMAGED ({err}): rerun `python -m core.evaluate`.", damaged=True) from err


def predictions_frame(files: list[str], labels: np.ndarray, probs: np.ndarray) -> pd.DataFrame:
    """The predictions table in its documented column order."""
    frame = pd.DataFrame({"index": np.arange(len(labels)), "file": files, "label": labels, "pred": probs.argmax(1)})
    return pd.concat([frame, pd.DataFrame(probs, columns=PROB_COLUMNS)], axis=1)


def write_report(
    scenario: str,
    predictions: pd.DataFrame,
    metrics: dict[str, Any],
    *,
    card: dict[str, Any],
    history: pd.DataFrame | None = None,
) -> Path:
    """Write and seal one scenario's report folder; the manifest goes last."""
    folder = paths.scenario_reports(scenario)
    unseal(folder)
    atomic_write_csv(folder / "predictions.csv", predictions)
    atomic_write_json(folder / "metrics.json", {"schema_version": SCHEMA_VERSION, "scenario": scenario, **metrics})
    atomic_write_json(folder / "model_card.json", card)
    files = ["predictions.csv", "metrics.json", "model_card.json"]
    if history is not None:
        atomic_write_csv(folder / "history.csv", history)
        files.append("history.csv")
    seal(folder, files, SCHEMA_VERSION)
    return folder
