"""The one place that knows where the dataset, models and reports live."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS: tuple[str, ...] = ("baseline", "optimized")


def models_dir() -> Path:
    """Folder of trained models; FER_MODELS_DIR overrides it (tests, user models)."""
    return Path(os.environ.get("FER_MODELS_DIR", ROOT / "models"))


def reports_dir() -> Path:
    """Folder of precomputed reports; FER_REPORTS_DIR overrides it."""
    return Path(os.environ.get("FER_REPORTS_DIR", ROOT / "reports"))


def data_dir() -> Path:
    """Default FER-2013 location: FER_DATA_DIR, else the shared image folders."""
    return Path(os.environ.get("FER_DATA_DIR", ROOT.parent / "shared" / "fer2013"))


def cache_dir() -> Path:
    """Where decoded dataset arrays are cached (FER_CACHE_DIR overrides it)."""
    return Path(os.environ.get("FER_CACHE_DIR", Path.home() / ".cache" / "fer_dashboard"))


def model_path(scenario: str) -> Path:
    """models/<scenario>.keras, or the .h5/.hdf5 file of that name when only that one exists."""
    for suffix in (".keras", ".h5", ".hdf5"):
        if (models_dir() / f"{scenario}{suffix}").exists():
            return models_dir() / f"{scenario}{suffix}"
    return models_dir() / f"{scenario}.keras"


def card_path(model_file: Path) -> Path:
    """A model's card sits beside it: models/optimized.keras -> models/optimized.json."""
    return Path(model_file).with_suffix(".json")


def scenario_reports(scenario: str) -> Path:
    return reports_dir() / scenario


def test_images_path(split: str = "private") -> Path:
    return reports_dir() / f"test_images_{split}.npz"


def sets_dir() -> Path:
    """Reports on test sets other than PrivateTest: reports/sets/<set_id>/ (see core.artifacts.testsets)."""
    return reports_dir() / "sets"


def ferplus_votes_path() -> Path:
    """FER+ votes joined to the bundled copy by image path (FER_FERPLUS_VOTES overrides it)."""
    return Path(os.environ.get("FER_FERPLUS_VOTES", data_dir() / "ferplus_votes.csv"))


def custom_objects_dir() -> Path:
    """The one folder custom-layer code is read from (models/custom_objects/): the presenter puts files there."""
    return models_dir() / "custom_objects"
