"""Cached explanation objects for the explainability page.

The gradient model of a (model file, layer) pair is derived from the cached model and is its own
``st.cache_resource``; the model itself is never changed. Results for one image (Grad-CAM,
occlusion) are ``st.cache_data`` so moving a slider that only restyles a chart costs nothing.
Cache keys include the file's modification time (as hashed, non-underscore arguments), so a
replaced model or report is picked up without a restart. Class-average reports are read without
TensorFlow. core.explain.gradcam (TensorFlow) is imported only
inside the functions that need a model.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import streamlit as st

from core import paths
from core.artifacts import explanations as explain_reports
from dashboard import cache


def _stamp(path: Path) -> int:
    """File version used in cache keys (0 when absent)."""
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def _model_key(scenario: str) -> tuple[str, int]:
    path = paths.model_path(scenario)
    return str(path), _stamp(path)


def explainer(scenario: str, layer: str | None = None) -> Any:
    """The scenario's core.explain.gradcam.Explainer for ``layer`` (default: its last conv layer)."""
    return _explainer(scenario, _model_key(scenario), layer)


@st.cache_resource(show_spinner=False, max_entries=8)
def _explainer(scenario: str, key: tuple[str, int], layer: str | None) -> Any:
    from core.explain.gradcam import Explainer

    predictor = cache.model(scenario)
    return Explainer(predictor.model, layer, predictor.convention)


def conv_layers(scenario: str) -> list[str]:
    """The model's conv layer names (choices for Grad-CAM)."""
    from core.explain.layers import conv_layers as names

    return names(cache.model(scenario).model)


def has_se(scenario: str) -> bool:
    from core.explain.layers import se_block

    return se_block(cache.model(scenario).model) is not None


def explanation(scenario: str, image: np.ndarray, layer: str | None, target: int | None) -> Any:
    """Grad-CAM, Grad-CAM++ and SE attention of one image (a core.explain.gradcam.Explanation)."""
    return _explanation(scenario, _model_key(scenario), image, layer, target)


@st.cache_data(show_spinner=False, max_entries=64)
def _explanation(scenario: str, key: tuple[str, int], image: np.ndarray, layer: str | None, target: int | None):
    return _explainer(scenario, key, layer).explain(image, target)


def occlusion(scenario: str, image: np.ndarray, patch: int, stride: int) -> Any:
    """Occlusion map of one image at the model's input size (a core.explain.gradcam.Occlusion)."""
    return _occlusion(scenario, _model_key(scenario), image, patch, stride)


@st.cache_data(show_spinner=False, max_entries=32)
def _occlusion(scenario: str, key: tuple[str, int], image: np.ndarray, patch: int, stride: int):
    from core.data.preprocessing import preprocess
    from core.explain.occlusion import occlusion as occlude

    predictor = cache.model(scenario)
    gray = preprocess(image, predictor.input_shape)[0, ..., 0].astype(np.uint8)
    return occlude(predictor.probabilities, gray, patch, stride)


def probe_probabilities(scenario: str, images: np.ndarray) -> np.ndarray:
    """The (n, 7) probabilities of a (n, h, w) uint8 batch of faces (e.g. original and probed), one model call."""
    return cache.model(scenario).probabilities(images)


def explained_scenarios() -> list[str]:
    """Scenarios with a sealed class-average explanation report."""
    root = paths.reports_dir() / "explanations"
    stamps = tuple(_stamp(explain_reports.folder(s) / "manifest.json") for s in paths.SCENARIOS)
    return _explained(str(root), _stamp(root), stamps)


@st.cache_data(show_spinner=False)
def _explained(root: str, root_stamp: int, stamps: tuple) -> list[str]:
    return explain_reports.available()


def class_maps(scenario: str) -> explain_reports.ClassMaps:
    """One scenario's class-average report (raises ReportError with the command when absent)."""
    manifest = explain_reports.folder(scenario) / "manifest.json"
    return _class_maps(scenario, str(manifest), _stamp(manifest))


@st.cache_data(show_spinner=False, max_entries=8)
def _class_maps(scenario: str, path: str, stamp: int) -> explain_reports.ClassMaps:
    return explain_reports.load_class_maps(scenario)
