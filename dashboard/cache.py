"""The one cached access layer between the pages and core.

Every read is keyed by a file stamp (path and modification time of the file, or of the report's
manifest), so a re-evaluated report, a retrained model or a new benchmark is picked up without a
restart. Precomputed results come from ``st.cache_data``; models and anything derived from them (the
gradient model of a layer) from ``st.cache_resource``, one resource each, never mutated.
TensorFlow, the comparison and the benchmark reader are imported inside the functions that need them,
so pages that show precomputed results never load TensorFlow. The module is longer because it is the
one cache layer: every cached reader of every page lives here, each a short pair of functions.
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
    from core.artifacts.bench import Bench
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


def read(reader: Callable[..., Any], files: tuple[Path, ...], *args: Any) -> Any:
    """``reader(*args)``, run once per version of ``files`` (their stamp is the key) and shared by every session."""
    return _read(f"{reader.__module__}.{reader.__qualname__}", reader, stamp(*files), *args)


@st.cache_data(show_spinner=False, max_entries=64)
def _read(name: str, _reader: Callable[..., Any], key: tuple, *args: Any) -> Any:
    return _reader(*args)


# Scenario reports --------------------------------------------------------------------------------


def scenarios() -> list[str]:
    """Scenarios with a complete report, thesis order first."""
    return read(reports.available_scenarios, (paths.reports_dir(), *map(_manifest, paths.SCENARIOS)))


def metrics(scenario: str) -> reports.Metrics:
    return read(reports.load_metrics, (_manifest(scenario),), scenario)


def predictions(scenario: str) -> pd.DataFrame:
    return read(reports.load_predictions, (_manifest(scenario),), scenario)


def history(scenario: str) -> pd.DataFrame | None:
    return read(reports.load_history, (_manifest(scenario),), scenario)


def model_card(scenario: str) -> reports.ModelCard:
    return read(reports.load_model_card, (_manifest(scenario),), scenario)


def test_images(split: str = "private") -> dict[str, np.ndarray]:
    return read(reports.load_test_images, (paths.test_images_path(split),), split)


def _all_reports() -> tuple[Path, ...]:
    """Every report manifest and the assignment: any change to them means new comparison numbers."""
    from core.artifacts import assignment

    root = paths.reports_dir()
    folders = sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    return (root, assignment.assignment_file(), *(folder / "manifest.json" for folder in folders))


def comparison() -> Comparison:
    """The comparison of the assigned scenario 1 and scenario 2 (raises ReportError or ValueError); ~1 s to compute."""
    from core.evaluate import stats
    from core.views import comparison as view

    files = (*_all_reports(), view.REFERENCES_FILE)
    return read(view.load_comparison, files, stats.BOOTSTRAP_RESAMPLES, stats.BOOTSTRAP_SEED)


def ablation() -> Ablation:
    """The ablation study against the assigned scenario 2 (raises ReportError when its report is missing)."""
    from core.evaluate import stats
    from core.views import ablation as study

    return read(study.load_ablation, _all_reports(), stats.BOOTSTRAP_RESAMPLES, stats.BOOTSTRAP_SEED)


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
    from core.artifacts.assignment import effective_pair

    return effective_pair()


def model_file(scenario: str) -> Path:
    """The model file behind a report: models/<name>.keras|.h5, else the file its metrics name."""
    path = paths.model_path(scenario)
    if path.exists():
        return path
    try:
        return paths.models_dir() / metrics(scenario)["model_file"]
    except ReportError:
        return path


def available_models() -> list[str]:
    """The assigned scenarios whose model file exists in models/ (no TensorFlow needed to answer)."""
    return [s for s in assigned_pair() if model_file(s).exists()]


def custom_objects(model: Path) -> str:
    """The custom-layer file the presenter chose for this model file ("" when none, or its choice is unreadable)."""
    from core.model import custom_code

    try:
        chosen = custom_code.choice(model)
    except ReportError:
        return ""
    return str(chosen) if chosen else ""


def model_files() -> list[Path]:
    """Model files in models/ (any name, .keras/.h5/.hdf5); no TensorFlow needed."""
    from core.model.loading import model_files as found

    return found(paths.models_dir())


def card_of(model_file: Path) -> reports.ModelCard:
    """A model file's card (or the minimal one); raises core.model.loading.ModelFileError when the card is invalid."""
    from core.model.card import read_card

    return read(read_card, (paths.card_path(model_file), model_file), model_file)


def model(scenario: str):
    """The scenario's Predictor, loaded once per file version (safe mode, not compiled)."""
    return _model(*_model_key(scenario))


def _model_key(scenario: str) -> tuple[str, str, tuple]:
    """The model file, the custom-layer file the presenter chose for it, and the stamps of the file, its card
    (a declared pixel step or convention reloads it) and the code."""
    path = model_file(scenario)
    code = custom_objects(path)
    return str(path), code, stamp(path, paths.card_path(path), *([Path(code)] if code else []))


@st.cache_resource(show_spinner=False, max_entries=4)
def _model(path: str, custom: str, key: tuple):
    from core.model.inference import load_predictor

    return load_predictor(Path(path), custom or None)


def explainer(scenario: str, layer: str | None = None) -> Any:
    """The scenario's core.explain.gradcam.Explainer for ``layer`` (default: its last conv layer)."""
    return _explainer(_model_key(scenario), layer)


@st.cache_resource(show_spinner=False, max_entries=8)
def _explainer(model_key: tuple, layer: str | None) -> Any:
    """The gradient model: derived from the cached model, its own resource; the model itself is unchanged."""
    from core.explain.gradcam import Explainer

    predictor = _model(*model_key)
    return Explainer(predictor.model, layer, predictor.convention)


def conv_layers(scenario: str) -> list[str]:
    """The model's conv layer names (choices for Grad-CAM)."""
    from core.explain.layers import conv_layers as names

    return names(model(scenario).model)


def has_se(scenario: str) -> bool:
    from core.explain.layers import se_block

    return se_block(model(scenario).model) is not None


def explanation(scenario: str, image: np.ndarray, layer: str | None, *, target: int | None, done: str = "none") -> Any:
    """Grad-CAM, Grad-CAM++ and SE attention of one image (a core.explain.gradcam.Explanation); ``done``: the
    pixel step the face already went through (a stored bundled face: see :func:`stored_pixel_step`)."""
    return _explanation(_model_key(scenario), image, layer, target=target, done=done)


@st.cache_data(show_spinner=False, max_entries=64)
def _explanation(model_key: tuple, image: np.ndarray, layer: str | None, *, target: int | None, done: str) -> Any:
    return _explainer(model_key, layer).explain(image, target, done=done)


def occlusion(scenario: str, image: np.ndarray, patch: int, *, stride: int, done: str = "none") -> Any:
    """Occlusion map of one image at the model's input size (a core.explain.occlusion.Occlusion); patch and
    stride in pixels of a 48-pixel crop; ``done`` as in :func:`explanation`."""
    return _occlusion(_model_key(scenario), image, patch, stride=stride, done=done)


@st.cache_data(show_spinner=False, max_entries=32)
def _occlusion(model_key: tuple, image: np.ndarray, patch: int, *, stride: int, done: str) -> Any:
    from core.explain.occlusion import occlusion_map

    return occlusion_map(_model(*model_key), image, patch=patch, stride=stride, done=done)


def probe_probabilities(scenario: str, images: np.ndarray, *, done: str = "none") -> np.ndarray:
    """The (n, 7) probabilities of a (n, h, w) uint8 batch of faces (e.g. original and probed), within the
    memory budget; ``done`` as in :func:`explanation`."""
    from core.explain.occlusion import scored

    return scored(model(scenario), images, done=done)


# Explanation reports (no model) ------------------------------------------------------------------


def explained_scenarios() -> list[str]:
    """Scenarios with a sealed class-average explanation report."""
    root = paths.reports_dir() / "explanations"
    names = dict.fromkeys([*paths.SCENARIOS, *assigned_pair()])
    return read(explanations.available, (root, *(explanations.folder(s) / "manifest.json" for s in names)))


def class_maps(scenario: str) -> explanations.ClassMaps:
    """One scenario's class-average report (raises ReportError with the command when absent)."""
    return read(explanations.load_class_maps, (explanations.folder(scenario) / "manifest.json",), scenario)


# Benchmark and environment -----------------------------------------------------------------------


def bench() -> Bench:
    """The validated bench.json; raises a ReportError (with the command to run) when missing or damaged."""
    from core.artifacts.bench import bench_path, load_bench

    return read(load_bench, (bench_path(),), bench_path())


@st.cache_data(show_spinner=False)
def library_versions() -> dict[str, str]:
    """Installed versions (package metadata only; the environment does not change while the app runs)."""
    from core.artifacts.bench import library_versions as versions

    return versions()


# Figures -----------------------------------------------------------------------------------------


def figure(builder: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """A chart from a core.charts builder, built once per distinct input and shared by every session.

    Builders are pure and pages never mutate the figure; building a Plotly figure costs 10-30 ms
    of validation, which a warm page visit then skips."""
    return _figure(f"{builder.__module__}.{builder.__qualname__}", builder, *args, **kwargs)


@st.cache_resource(show_spinner=False, max_entries=64)
def _figure(name: str, _builder: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    return _builder(*args, **kwargs)


# Model files and their reports ---------------------------------------------------------------------


def report_owners() -> dict[str, str]:
    """Sealed report name -> the model file it was made from (core.evaluate.catalog.owners)."""
    return _report_owners(_all_reports())


@st.cache_data(show_spinner=False, max_entries=4)
def _report_owners(key: tuple) -> dict[str, str]:
    from core.evaluate.catalog import owners

    return owners()


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
    "custom_objects",
    "explained_scenarios",
    "explainer",
    "explanation",
    "ferplus",
    "ferplus_agreement",
    "ferplus_suspects",
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
    "read",
    "report_owners",
    "scenarios",
    "set_comparison",
    "stored_pixel_step",
    "test_images",
    "test_set",
    "test_sets",
]


# Test sets other than PrivateTest and FER+ votes (core.artifacts.testsets, core.evaluate.ferplus) ----------


def _set_files(set_id: str) -> tuple[Path, ...]:
    """The set's manifest and every report manifest in it: a re-evaluated model means new numbers."""
    from core.artifacts import testsets

    folder = testsets.set_folder(set_id)
    reports_in = sorted(p / "manifest.json" for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []
    return folder / "manifest.json", *reports_in


def _sets_with_models() -> list[str]:
    from core.artifacts import testsets

    return [s for s in testsets.available_sets() if testsets.set_models(s)]


def test_sets() -> list[str]:
    """Stored test sets with at least one model's report, alphabetical."""
    root = paths.sets_dir()
    folders = sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    return read(_sets_with_models, (root, *folders, *(f for folder in folders for f in _set_files(folder.name))))


def test_set(set_id: str, what: str, scenario: str = "") -> Any:
    """A stored set's "info" (SetInfo), "models", "images", or one model's "metrics" / "predictions" on it."""
    from core.artifacts import testsets

    if what in ("metrics", "predictions"):
        reader = testsets.load_set_metrics if what == "metrics" else testsets.load_set_predictions
        return read(reader, _set_files(set_id), set_id, scenario)
    reader = {"info": testsets.read_set, "models": testsets.set_models, "images": testsets.load_set_images}[what]
    return read(reader, _set_files(set_id), set_id)


def _compare_on_set(set_id: str) -> Comparison:
    from core.artifacts import assignment, testsets
    from core.views import comparison as view

    pair = assignment.scenario_pair()
    base, opt = (testsets.load_set_predictions(set_id, name) for name in pair)
    return view.compare(base, opt, view.load_references(), pair=pair)


def set_comparison(set_id: str) -> Comparison:
    """The assigned pair's comparison on a stored set (raises ReportError when either report is missing)."""
    from core.artifacts import assignment

    return read(_compare_on_set, (*_set_files(set_id), assignment.assignment_file()), set_id)


def _join_ferplus(files: np.ndarray, labels: np.ndarray) -> pd.DataFrame:
    from core.evaluate import ferplus as votes

    return votes.join(files, labels, votes.load_votes(paths.ferplus_votes_path()))


def ferplus(files: np.ndarray, labels: np.ndarray) -> pd.DataFrame:
    """FER+ votes joined to these faces by path (core.evaluate.ferplus.join); raises OSError without the file."""
    return read(_join_ferplus, (paths.ferplus_votes_path(),), files, labels)


@st.cache_data(show_spinner=False, max_entries=8)
def ferplus_agreement(joined: pd.DataFrame, preds: dict[str, np.ndarray]) -> pd.DataFrame:
    from core.evaluate import ferplus as votes

    return votes.agreement(joined, preds)


@st.cache_data(show_spinner=False, max_entries=8)
def ferplus_suspects(joined: pd.DataFrame, suspect: np.ndarray, suggested: np.ndarray) -> pd.DataFrame:
    from core.evaluate import ferplus as votes

    return votes.suspects_check(joined, suspect, suggested)


def _detect_stored_step(set_id: str) -> str:
    from core.data.preprocessing import detect_pixel_step

    images = test_images(set_id) if set_id == "private" else test_set(set_id, "images")
    return detect_pixel_step(images["images"])


def stored_pixel_step(set_id: str = "private") -> str:
    """The pixel step a stored set's faces already went through (the bundled PrivateTest faces: equalize),
    measured once per version of its files: a face picked from the set is ``done`` with it."""
    files = (paths.test_images_path(set_id),) if set_id == "private" else _set_files(set_id)
    return read(_detect_stored_step, files, set_id)
