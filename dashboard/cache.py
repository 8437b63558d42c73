"""The one cached access layer between the pages and core.

Every read is keyed by a file stamp (path and modification time of the file, or of the report's
manifest), so a re-evaluated report, a retrained model or a new benchmark is picked up without a
restart. Precomputed results come from ``st.cache_data``; models and anything derived from them (the
gradient model of a layer) from ``st.cache_resource``, one resource each, never mutated.
TensorFlow, the comparison and the benchmark reader are imported inside the functions that need them,
so pages that show precomputed results never load TensorFlow.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import streamlit as st

from core import paths
from core.artifacts import explanations, reports
from core.artifacts.reports import ReportError

if TYPE_CHECKING:
    from core.views.ablation import Ablation
    from core.views.comparison import Comparison


def stamp(*files: Path) -> tuple[tuple[str, int], ...]:
    """The cache key of some files: each path with its modification time (0 when absent)."""

    def mtime(path: Path) -> int:
        try:
            return path.stat().st_mtime_ns
        except OSError:
            return 0

    return tuple((str(path), mtime(path)) for path in files)


def _manifest(scenario: str) -> Path:
    return paths.scenario_reports(scenario) / "manifest.json"


# Scenario reports --------------------------------------------------------------------------------


def scenarios() -> list[str]:
    """Scenarios with a complete report, thesis order first."""
    return _scenarios(stamp(paths.reports_dir(), *map(_manifest, paths.SCENARIOS)))


@st.cache_data(show_spinner=False)
def _scenarios(key: tuple) -> list[str]:
    return reports.available_scenarios()


def metrics(scenario: str) -> dict[str, Any]:
    return _metrics(scenario, stamp(_manifest(scenario)))


@st.cache_data(show_spinner=False)
def _metrics(scenario: str, key: tuple) -> dict[str, Any]:
    return reports.load_metrics(scenario)


def predictions(scenario: str) -> pd.DataFrame:
    return _predictions(scenario, stamp(_manifest(scenario)))


@st.cache_data(show_spinner=False)
def _predictions(scenario: str, key: tuple) -> pd.DataFrame:
    return reports.load_predictions(scenario)


def history(scenario: str) -> pd.DataFrame | None:
    return _history(scenario, stamp(_manifest(scenario)))


@st.cache_data(show_spinner=False)
def _history(scenario: str, key: tuple) -> pd.DataFrame | None:
    return reports.load_history(scenario)


def model_card(scenario: str) -> dict[str, Any]:
    return _model_card(scenario, stamp(_manifest(scenario)))


@st.cache_data(show_spinner=False)
def _model_card(scenario: str, key: tuple) -> dict[str, Any]:
    return reports.load_model_card(scenario)


def test_images(split: str = "private") -> dict[str, np.ndarray]:
    return _test_images(split, stamp(paths.test_images_path(split)))


@st.cache_data(show_spinner=False)
def _test_images(split: str, key: tuple) -> dict[str, np.ndarray]:
    return reports.load_test_images(split)


def _all_reports() -> tuple:
    """Every report manifest and the assignment: any change to them means new comparison numbers."""
    from core.artifacts import assignment

    root = paths.reports_dir()
    folders = sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    return stamp(root, assignment.assignment_file(), *(folder / "manifest.json" for folder in folders))


def comparison() -> Comparison:
    """The comparison of the assigned scenario 1 and scenario 2 (raises ReportError or ValueError); ~1 s to compute."""
    from core.views import comparison as view

    return _comparison((*_all_reports(), *stamp(view.REFERENCES_FILE)))


@st.cache_data(show_spinner=False, max_entries=4)
def _comparison(key: tuple) -> Comparison:
    from core.evaluate import stats
    from core.views import comparison as view

    return view.load_comparison(stats.BOOTSTRAP_RESAMPLES, stats.BOOTSTRAP_SEED)


def ablation() -> Ablation:
    """The ablation study against the assigned scenario 2 (raises ReportError when its report is missing)."""
    return _ablation(_all_reports())


@st.cache_data(show_spinner=False, max_entries=4)
def _ablation(key: tuple) -> Ablation:
    from core.evaluate import stats
    from core.views import ablation as study

    return study.load_ablation(stats.BOOTSTRAP_RESAMPLES, stats.BOOTSTRAP_SEED)


@st.cache_data(show_spinner=False)
def label_issues(labels: np.ndarray, probs: tuple[np.ndarray, ...]) -> pd.DataFrame:
    """Confident-learning suspects over every scenario's probabilities (cleanlab loads only when asked)."""
    from core.evaluate.label_noise import suspected_label_issues

    return suspected_label_issues(labels, list(probs))


@st.cache_data(show_spinner=False, max_entries=32)
def analysis(data: bytes | np.ndarray, whole_image: bool) -> Any:
    """An image's faces (a core.views.live.Analysis): decoding and detection are model-free and slow for big
    photos, so they run once per image while the model calls rerun."""
    from core.views import live

    return live.analyse(data, whole_image=whole_image)


# Models and what is derived from them ------------------------------------------------------------


def assigned_pair() -> tuple[str, str]:
    """The reports assigned to scenario 1 and 2 on the models page (the thesis' pair by default)."""
    from core.artifacts.assignment import scenario_pair

    try:
        return scenario_pair()
    except ReportError:
        return paths.SCENARIOS[0], paths.SCENARIOS[1]


def model_file(scenario: str) -> Path:
    """The model file behind a report: models/<name>.keras|.h5, else the file its metrics name."""
    path = paths.model_path(scenario)
    if path.exists():
        return path
    try:
        name = metrics(scenario).get("model_file")
    except ReportError:
        return path
    return paths.models_dir() / name if name else path


def available_models() -> list[str]:
    """The assigned scenarios whose model file exists in models/ (no TensorFlow needed to answer)."""
    return [s for s in assigned_pair() if model_file(s).exists()]


def custom_objects() -> str:
    """The custom-objects file named on the models page ("" when none)."""
    return st.session_state.get("custom_objects_file", "")


def model_files() -> list[Path]:
    """Model files in models/ (any name, .keras/.h5/.hdf5); no TensorFlow needed."""
    from core.model.loading import model_files as found

    return found(paths.models_dir())


def card_of(model_file: Path) -> dict[str, Any]:
    """A model file's card (or the minimal one); raises core.model.loading.ModelFileError when the card is invalid."""
    return _card_of(stamp(paths.card_path(model_file), model_file))


@st.cache_data(show_spinner=False, max_entries=64)
def _card_of(key: tuple) -> dict[str, Any]:
    from core.model.card import read_card

    return read_card(Path(key[1][0]))


def model(scenario: str):
    """The scenario's Predictor, loaded once per file version (safe mode, not compiled)."""
    return _model(_model_key(scenario))


def _model_key(scenario: str) -> tuple:
    """The model file and its card (a declared pixel step or convention reloads it), and custom objects."""
    file = model_file(scenario)
    return (*stamp(file, paths.card_path(file)), ("custom_objects", custom_objects()))


@st.cache_resource(show_spinner=False, max_entries=4)
def _model(key: tuple):
    from core.model.inference import load_predictor

    return load_predictor(Path(key[0][0]), key[-1][1] or None)


def explainer(scenario: str, layer: str | None = None) -> Any:
    """The scenario's core.explain.gradcam.Explainer for ``layer`` (default: its last conv layer)."""
    return _explainer(_model_key(scenario), layer)


@st.cache_resource(show_spinner=False, max_entries=8)
def _explainer(key: tuple, layer: str | None) -> Any:
    """The gradient model: derived from the cached model, its own resource; the model itself is unchanged."""
    from core.explain.gradcam import Explainer

    predictor = _model(key)
    return Explainer(predictor.model, layer, predictor.convention)


def conv_layers(scenario: str) -> list[str]:
    """The model's conv layer names (choices for Grad-CAM)."""
    from core.explain.layers import conv_layers as names

    return names(model(scenario).model)


def has_se(scenario: str) -> bool:
    from core.explain.layers import se_block

    return se_block(model(scenario).model) is not None


def explanation(scenario: str, image: np.ndarray, layer: str | None, target: int | None) -> Any:
    """Grad-CAM, Grad-CAM++ and SE attention of one image (a core.explain.gradcam.Explanation)."""
    return _explanation(_model_key(scenario), image, layer, target)


@st.cache_data(show_spinner=False, max_entries=64)
def _explanation(key: tuple, image: np.ndarray, layer: str | None, target: int | None) -> Any:
    return _explainer(key, layer).explain(image, target)


def occlusion(scenario: str, image: np.ndarray, patch: int, stride: int) -> Any:
    """Occlusion map of one image at the model's input size (a core.explain.gradcam.Occlusion)."""
    return _occlusion(_model_key(scenario), image, patch, stride)


@st.cache_data(show_spinner=False, max_entries=32)
def _occlusion(key: tuple, image: np.ndarray, patch: int, stride: int) -> Any:
    from core.data.preprocessing import preprocess
    from core.explain.occlusion import occlusion as occlude

    predictor = _model(key)
    gray = preprocess(image, predictor.input_shape)[0, ..., 0].astype(np.uint8)
    return occlude(predictor.probabilities, gray, patch, stride)


def probe_probabilities(scenario: str, images: np.ndarray) -> np.ndarray:
    """The (n, 7) probabilities of a (n, h, w) uint8 batch of faces (e.g. original and probed), one model call."""
    return model(scenario).probabilities(images)


# Explanation reports (no model) ------------------------------------------------------------------


def explained_scenarios() -> list[str]:
    """Scenarios with a sealed class-average explanation report."""
    root = paths.reports_dir() / "explanations"
    return _explained(stamp(root, *(explanations.folder(s) / "manifest.json" for s in paths.SCENARIOS)))


@st.cache_data(show_spinner=False)
def _explained(key: tuple) -> list[str]:
    return explanations.available()


def class_maps(scenario: str) -> explanations.ClassMaps:
    """One scenario's class-average report (raises ReportError with the command when absent)."""
    return _class_maps(scenario, stamp(explanations.folder(scenario) / "manifest.json"))


@st.cache_data(show_spinner=False, max_entries=8)
def _class_maps(scenario: str, key: tuple) -> explanations.ClassMaps:
    return explanations.load_class_maps(scenario)


# Benchmark and environment -----------------------------------------------------------------------


def bench() -> dict[str, Any]:
    """The validated bench.json; raises a ReportError (with the command to run) when missing or damaged."""
    from core.artifacts.bench import bench_path

    return _bench(stamp(bench_path()))


@st.cache_data(show_spinner=False, max_entries=4)
def _bench(key: tuple) -> dict[str, Any]:
    from core.artifacts.bench import load_bench

    return load_bench(Path(key[0][0]))


@st.cache_data(show_spinner=False)
def library_versions() -> dict[str, str]:
    """Installed versions (package metadata only; the environment does not change while the app runs)."""
    from core.artifacts.bench import library_versions as versions

    return versions()


# Figures -----------------------------------------------------------------------------------------


def figure(builder: Callable[..., Any], *args: Any) -> Any:
    """A chart from a core.charts builder, built once per distinct input and shared by every session.

    Builders are pure and pages never mutate the figure; building a Plotly figure costs 10-30 ms
    of validation, which a warm page visit then skips."""
    return _figure(f"{builder.__module__}.{builder.__qualname__}", builder, *args)


@st.cache_resource(show_spinner=False, max_entries=64)
def _figure(name: str, _builder: Callable[..., Any], *args: Any) -> Any:
    return _builder(*args)


__all__ = [
    "ReportError",
    "ablation",
    "analysis",
    "available_models",
    "bench",
    "card_of",
    "class_maps",
    "comparison",
    "conv_layers",
    "explained_scenarios",
    "explainer",
    "explanation",
    "figure",
    "has_se",
    "history",
    "label_issues",
    "library_versions",
    "metrics",
    "model",
    "model_card",
    "model_files",
    "occlusion",
    "predictions",
    "probe_probabilities",
    "scenarios",
    "test_images",
]
