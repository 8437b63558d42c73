"""The one cached access layer between the pages and core.

Reports come from ``st.cache_data`` keyed by the report's manifest, so a re-evaluated report is
picked up without a restart; models come from ``st.cache_resource`` and are never mutated.
TensorFlow is imported only inside the model loaders, so pages that show precomputed results
never load it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from core import paths
from core.artifacts import reports
from core.artifacts.reports import ReportError


def _stamp(path: Path) -> float:
    """Modification time used as a cache key (0 when absent)."""
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def _manifest_stamp(scenario: str) -> tuple[str, float]:
    return str(paths.reports_dir()), _stamp(paths.scenario_reports(scenario) / "manifest.json")


def scenarios() -> list[str]:
    """Scenarios with a complete report, thesis order first."""
    return _scenarios(str(paths.reports_dir()), tuple(_manifest_stamp(s)[1] for s in paths.SCENARIOS))


@st.cache_data(show_spinner=False)
def _scenarios(root: str, stamps: tuple) -> list[str]:
    return reports.available_scenarios()


def metrics(scenario: str) -> dict[str, Any]:
    return _metrics(scenario, _manifest_stamp(scenario))


@st.cache_data(show_spinner=False)
def _metrics(scenario: str, stamp: tuple) -> dict[str, Any]:
    return reports.load_metrics(scenario)


def predictions(scenario: str) -> pd.DataFrame:
    return _predictions(scenario, _manifest_stamp(scenario))


@st.cache_data(show_spinner=False)
def _predictions(scenario: str, stamp: tuple) -> pd.DataFrame:
    return reports.load_predictions(scenario)


def history(scenario: str) -> pd.DataFrame | None:
    return _history(scenario, _manifest_stamp(scenario))


@st.cache_data(show_spinner=False)
def _history(scenario: str, stamp: tuple) -> pd.DataFrame | None:
    return reports.load_history(scenario)


def model_card(scenario: str) -> dict[str, Any]:
    return _model_card(scenario, _manifest_stamp(scenario))


@st.cache_data(show_spinner=False)
def _model_card(scenario: str, stamp: tuple) -> dict[str, Any]:
    return reports.load_model_card(scenario)


def test_images(split: str = "private") -> dict[str, np.ndarray]:
    path = paths.test_images_path(split)
    return _test_images(split, str(path), _stamp(path))


@st.cache_data(show_spinner=False)
def _test_images(split: str, path: str, stamp: float) -> dict[str, np.ndarray]:
    return reports.load_test_images(split)


def available_models() -> list[str]:
    """Scenarios whose model file exists in models/ (no TensorFlow needed to answer)."""
    return [s for s in paths.SCENARIOS if paths.model_path(s).exists()]


def model_files() -> list[Path]:
    """Model files in models/ (any name, .keras/.h5/.hdf5); no TensorFlow needed."""
    from core.model.loading import model_files as found

    return found(paths.models_dir())


def card_of(model_file: Path) -> dict[str, Any]:
    """A model file's card (or the minimal one); raises core.model.loading.ModelFileError when the card is invalid."""
    return _card_of(str(model_file), _stamp(paths.card_path(model_file)))


@st.cache_data(show_spinner=False, max_entries=64)
def _card_of(path: str, stamp: float) -> dict[str, Any]:
    from core.model.card import read_card

    return read_card(Path(path))


def model(scenario: str):
    """The scenario's Keras model, loaded once per file version (safe mode, not compiled)."""
    path = paths.model_path(scenario)
    return _model(str(path), _stamp(path))


@st.cache_resource(show_spinner=False, max_entries=4)
def _model(path: str, stamp: float):
    from core.model.inference import load_predictor

    return load_predictor(Path(path))


def figure(builder: Callable[..., Any], *args: Any) -> Any:
    """A chart from a core.charts builder, built once per distinct input and shared by every session.

    Builders are pure and pages never mutate the figure; building a Plotly figure costs 10-30 ms
    of validation, which a warm page visit then skips."""
    return _figure(f"{builder.__module__}.{builder.__qualname__}", builder, *args)


@st.cache_resource(show_spinner=False, max_entries=64)
def _figure(name: str, _builder: Callable[..., Any], *args: Any) -> Any:
    return _builder(*args)


def missing(err: Exception) -> None:
    """Show why something is missing and the command that creates it."""
    st.info(str(err), icon=":material/info:")


__all__ = [
    "ReportError",
    "available_models",
    "card_of",
    "figure",
    "history",
    "metrics",
    "missing",
    "model",
    "model_card",
    "model_files",
    "predictions",
    "scenarios",
    "test_images",
]
