"""Explanations without TensorFlow: face bands, heatmap maths and the class-average report files.

Pages paint the class-average Grad-CAM maps from here without loading a model.

Face bands (a landmark-free proxy). FER-2013 crops are roughly aligned, so the facial regions
sit in nearly fixed rows. On the mean PrivateTest face (48x48) the eyes are centred near row 18
and the mouth near row 38, so the bands are:

- ``eyes``:  rows 12-23 of the 48x48 crop (brows and eyes), 25 % of the height
- ``mouth``: rows 32-43 (lips and mouth corners), 25 % of the height

They are stored as fractions of the height, so they apply to any image size. A heatmap spread
evenly over the face puts :func:`uniform_share` (0.25) of its mass in each band: shares above that
mean the model concentrates there.

Report: ``reports/explanations/<scenario>/``

- ``class_maps.npz``  schema_version, layers (L,), methods (M,), maps (L, M, 7, H, W) float32
  (mean normalised heatmap per true class), counts (7,) images per class, mean_faces (7, H, W)
  float32, and excitation (7, C) float32 (mean SE channel weights per class) when the model
  has an SE block
- ``band_shares.csv`` one row per layer, method and class: n (images with a non-empty map),
  eyes, mouth (mean share of heatmap mass in the band), eyes_sem, mouth_sem (standard errors)
- ``meta.json``       schema version, scenario, model file and its SHA-256, split, target,
  limit, bands, creation time
- ``manifest.json``   written last by core.artifacts.files.seal: schema version and the SHA-256 of
  each file above; readers refuse a missing, DAMAGED (half-written, edited) or older folder
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypedDict

import cv2
import numpy as np
import pandas as pd

from core import paths
from core.artifacts.files import (
    ReportError,
    atomic_write_bytes,
    atomic_write_csv,
    atomic_write_json,
    seal,
    sealed_folders,
    unseal,
    verify,
)

SCHEMA_VERSION = 1
METHODS = ("gradcam", "gradcam++")
"""The attention methods of core.explain.gradcam; a class-average report stores a map for each."""
BANDS: dict[str, tuple[float, float]] = {"eyes": (12 / 48, 24 / 48), "mouth": (32 / 48, 44 / 48)}
"""Row bands as (start, end) fractions of the crop height; end is exclusive (rows 12-23, 32-43 at 48 px)."""
REPORT_FILES = ("class_maps.npz", "band_shares.csv", "meta.json")
BAND_COLUMNS = ["layer", "method", "class", "n", "eyes", "mouth", "eyes_sem", "mouth_sem"]


def band_rows(height: int, band: str) -> slice:
    """The rows of ``band`` in an image ``height`` pixels tall."""
    start, end = BANDS[band]
    return slice(round(start * height), round(end * height))


def uniform_share(band: str) -> float:
    """Share of an even heatmap's mass that falls in ``band`` (the no-preference reference)."""
    start, end = BANDS[band]
    return end - start


def normalise(heatmaps: np.ndarray) -> np.ndarray:
    """Scale each map (last two axes) to [0, 1] by its maximum; an all-zero map stays zero."""
    heatmaps = np.maximum(np.asarray(heatmaps, dtype=np.float32), 0.0)
    peak = heatmaps.max(axis=(-2, -1), keepdims=True)
    return np.divide(heatmaps, peak, out=np.zeros_like(heatmaps), where=peak > 0)


def upsample(heatmaps: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Bilinear resize of one (h, w) map or a (n, h, w) stack to (height, width)."""
    heatmaps = np.asarray(heatmaps, dtype=np.float32)
    if heatmaps.shape[-2:] == tuple(size):
        return heatmaps
    resize = lambda m: cv2.resize(m, (size[1], size[0]), interpolation=cv2.INTER_LINEAR)  # noqa: E731
    if heatmaps.ndim == 2:
        return resize(heatmaps)
    return np.stack([resize(m) for m in heatmaps])


def band_shares(heatmaps: np.ndarray) -> dict[str, np.ndarray]:
    """Per map, the share of its mass in each band; NaN for maps without mass."""
    heatmaps = np.asarray(heatmaps, dtype=np.float64)
    single = heatmaps.ndim == 2
    stack = heatmaps[None] if single else heatmaps
    total = stack.sum(axis=(1, 2))
    shares = {}
    for band in BANDS:
        mass = stack[:, band_rows(stack.shape[1], band), :].sum(axis=(1, 2))
        share = np.divide(mass, total, out=np.full_like(total, np.nan), where=total > 0)
        shares[band] = share[0] if single else share
    return shares


def layer_name(path: str) -> str:
    """A layer's own name, the last part of its nested path: ``vgg16/block5_conv3`` -> ``block5_conv3``."""
    return path.rsplit("/", 1)[-1]


def resolve_layer(layers: list[str], name: str) -> str:
    """The entry of ``layers`` that ``name`` means: the same path, else the one layer with that own name.

    A VGG16 nested as a sub-model names its layers ``vgg16/block5_conv3``, a flat one ``block5_conv3``;
    both are the same VGG16 layer, so models of either shape can be compared layer by layer.
    """
    if name in layers:
        return name
    matches = [path for path in layers if layer_name(path) == layer_name(name)]
    if len(matches) != 1:
        raise KeyError(f"{name!r} is {'ambiguous' if matches else 'not'} among the layers {', '.join(layers)}")
    return matches[0]


def shared_layers(offered: list[list[str]]) -> list[str]:
    """The layers every list offers, in the first list's order: a path all lists share as is, else the
    bare name when each list has exactly one layer of that name (nested and flat VGG16 match)."""
    found: list[str] = []
    for path in offered[0] if offered else []:
        if all(path in layers for layers in offered):
            key = path
        elif all(sum(layer_name(p) == layer_name(path) for p in layers) == 1 for layers in offered):
            key = layer_name(path)
        else:
            continue
        if key not in found:
            found.append(key)
    return found


class ExplanationMeta(TypedDict):
    """meta.json: what the class averages were computed from; load_class_maps fills what older reports lack."""

    model_file: str
    preprocessing: dict[str, Any]
    model_sha256: str
    split: str
    target: str
    """Either "true" (maps of each image's true class) or "predicted"."""
    limit: int | None
    images: int | None
    bands: dict[str, list[int]]
    created: str


META_DEFAULTS = {
    "model_file": "",
    "preprocessing": {},
    "model_sha256": "",
    "split": "PrivateTest",
    "target": "predicted",
    "limit": None,
    "images": None,
    "bands": {},
    "created": "?",
}
"""What a meta.json written before a field existed means by its absence."""


@dataclass
class ClassMaps:
    """One scenario's class-average explanation report, as read back."""

    scenario: str
    layers: list[str]
    methods: list[str]
    maps: np.ndarray
    counts: np.ndarray
    mean_faces: np.ndarray
    shares: pd.DataFrame
    meta: ExplanationMeta
    excitation: np.ndarray | None = None

    def layer(self, name: str) -> str:
        """This report's own path of a layer given by path or bare name (see :func:`resolve_layer`)."""
        return resolve_layer(self.layers, name)

    def class_maps(self, layer: str, method: str) -> np.ndarray:
        """The (7, H, W) mean heatmaps of one layer (path or bare name) and method."""
        return self.maps[self.layers.index(self.layer(layer)), self.methods.index(method)]


def folder(scenario: str) -> Path:
    return paths.reports_dir() / "explanations" / scenario


def _command(scenario: str) -> str:
    return f"python -m core.explain --scenario {scenario}"


def write_class_maps(report: ClassMaps) -> Path:
    """Write and seal one scenario's report; the old manifest goes first, the new one last."""
    target = folder(report.scenario)
    unseal(target)
    arrays = {
        "schema_version": SCHEMA_VERSION,
        "layers": np.asarray(report.layers),
        "methods": np.asarray(report.methods),
        "maps": report.maps.astype(np.float32),
        "counts": report.counts.astype(np.int64),
        "mean_faces": report.mean_faces.astype(np.float32),
    }
    if report.excitation is not None:
        arrays["excitation"] = report.excitation.astype(np.float32)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    atomic_write_bytes(target / "class_maps.npz", buffer.getvalue())
    atomic_write_csv(target / "band_shares.csv", report.shares[BAND_COLUMNS])
    atomic_write_json(
        target / "meta.json", {**report.meta, "schema_version": SCHEMA_VERSION, "scenario": report.scenario}
    )
    seal(target, list(REPORT_FILES), SCHEMA_VERSION)
    return target


def _verified(scenario: str) -> Path:
    """The scenario's report folder once its manifest vouches for every file, else ReportError."""
    where = folder(scenario)
    files = verify(where, SCHEMA_VERSION, f"class-average explanations for {scenario}", command=_command(scenario))
    if set(files) != set(REPORT_FILES):
        raise ReportError(
            f"Explanations in {where} lack {sorted(set(REPORT_FILES) - set(files))}: run `{_command(scenario)}`.",
            _command(scenario),
            damaged=True,
        )
    return where


def load_class_maps(scenario: str) -> ClassMaps:
    """Read one scenario's sealed report (numpy/pandas only)."""
    where = _verified(scenario)
    try:
        with np.load(where / "class_maps.npz", allow_pickle=False) as data:
            arrays = {key: data[key] for key in data.files}
        shares = pd.read_csv(where / "band_shares.csv")
        meta = ExplanationMeta(**{**META_DEFAULTS, **json.loads((where / "meta.json").read_text())})
        return ClassMaps(
            scenario=scenario,
            layers=arrays["layers"].tolist(),
            methods=arrays["methods"].tolist(),
            maps=arrays["maps"],
            counts=arrays["counts"],
            mean_faces=arrays["mean_faces"],
            shares=shares,
            meta=meta,
            excitation=arrays.get("excitation"),
        )
    except (OSError, ValueError, KeyError) as err:
        raise ReportError(f"Explanations in {where} are unreadable ({err}): run `{_command(scenario)}`.") from err


def available() -> list[str]:
    """Scenarios with a sealed explanation report, thesis order first."""
    return sealed_folders(paths.reports_dir() / "explanations", SCHEMA_VERSION, first=paths.SCENARIOS)
