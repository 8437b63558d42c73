"""What every benchmark part shares: the plan (how many repeats), the loaded models, the inputs, child processes."""

from __future__ import annotations

import importlib
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from bench.stats import Figure
from core import paths
from core.artifacts.bench import project_path

FACE_FILE = Path("test") / "happy" / "PrivateTest_10077120.jpg"
"""A real PrivateTest face that OpenCV's frontal cascade finds when pasted into a photo at 120-300 px."""
PHOTO_SIZE = (640, 480)


@dataclass(frozen=True)
class Plan:
    repeats: int
    """Warm repeats of millisecond figures."""
    loads: int
    """In-process model (re)loads and Explainer builds."""
    cold: int
    """New processes / new Streamlit servers per cold figure."""
    batch_images: int | None
    """PrivateTest images per batch pass (None: all)."""
    batch_repeats: int
    dataset_cold: int
    dataset_warm: int
    paint_warm: int
    check_images: int | None
    """PublicTest images for the oneDNN accuracy check (None: all)."""
    agreement_images: int | None
    """PrivateTest images for each runtime's agreement with TensorFlow (None: all 3,589)."""
    user_images: int
    """224x224 images per pass of the user-model figure."""


FULL = Plan(10, 2, 1, 128, 2, 1, 3, 8, 128, None, 8)
QUICK = Plan(3, 1, 1, 64, 1, 1, 2, 2, 64, 32, 8)


@dataclass
class Bench:
    plan: Plan
    models_dir: Path
    data: Path
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    shared: dict[str, Any] = field(default_factory=dict)
    """Results one part leaves for a later one (e.g. the fastest runtime's batch call)."""
    _predictors: dict[str, Any] = field(default_factory=dict)
    _dataset: Any = None

    def model_files(self) -> dict[str, Path]:
        return {s: self.models_dir / f"{s}.keras" for s in paths.SCENARIOS}

    def missing_models(self) -> list[Path]:
        return [f for f in self.model_files().values() if not f.exists()]

    def predictors(self) -> dict[str, Any]:
        """Both scenarios' Predictors, loaded once for the warm parts (as the app's cache does)."""
        if not self._predictors:
            from core.model.inference import load_predictor

            self._predictors = {s: load_predictor(f) for s, f in self.model_files().items()}
        return self._predictors

    def dataset(self) -> Any:
        if self._dataset is None:
            from core.data.dataset import load_dataset

            self._dataset = load_dataset(self.data)
        return self._dataset

    def private_images(self, limit: int | None) -> np.ndarray:
        """The first ``limit`` PrivateTest images (all with None)."""
        return self.dataset().split("PrivateTest").head(limit).images

    def face_bytes(self) -> bytes:
        """Bytes of a real FER-2013 JPEG (the reference file, else a PrivateTest image re-encoded)."""
        found = face_file(self.data)
        if found is not None:
            return found.read_bytes()
        from PIL import Image

        buffer = io.BytesIO()
        Image.fromarray(self.dataset().split("PrivateTest").images[0]).save(buffer, "JPEG", quality=95)
        return buffer.getvalue()

    def face_gray(self) -> np.ndarray:
        from core.data.preprocessing import to_grayscale

        return to_grayscale(self.face_bytes())

    def add(self, item: Figure) -> None:
        self.figures.append(item)

    def skip(self, part: str, why: str) -> None:
        self.notes.append(f"{part}: skipped — {why}")

    def optional(self, part: str, module: str) -> Any:
        """A module that may not be importable here; None with a note when absent."""
        try:
            return importlib.import_module(module)
        except ImportError as err:
            self.skip(part, f"{module} not importable ({err})")
            return None


def face_file(data: Path) -> Path | None:
    """The reference FER-2013 face, else any PrivateTest image, else None."""
    if data.is_dir():
        if (data / FACE_FILE).exists():
            return data / FACE_FILE
        return next(iter(sorted(data.glob("test/*/PrivateTest_*"))), None)
    return None


def photo_jpeg(face: bytes, side: int = 240, size: tuple[int, int] = PHOTO_SIZE) -> bytes:
    """A photo-like JPEG: a smooth noisy background with the face enlarged and pasted in."""
    from PIL import Image

    width, height = size
    rng = np.random.default_rng(0)
    canvas = (np.linspace(60, 190, width)[None, :] + rng.normal(0, 6, size=(height, width))).clip(0, 255)
    canvas = canvas.astype(np.uint8)
    face_image = Image.open(io.BytesIO(face)).convert("L").resize((side, side), Image.Resampling.BICUBIC)
    x, y = (width - side) // 2, (height - side) // 3
    canvas[y : y + side, x : x + side] = np.asarray(face_image)
    buffer = io.BytesIO()
    Image.fromarray(canvas).convert("RGB").save(buffer, "JPEG", quality=92)
    return buffer.getvalue()


@contextmanager
def environment(**values: str) -> Iterator[None]:
    """Set environment variables for a block and restore them after."""
    old = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a child process: ours, quiet TensorFlow logs, the project on the path."""
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", **extra}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(paths.ROOT), os.environ.get("PYTHONPATH")]))
    return env


def run_child(args: list[str], env: dict[str, str], timeout: float = 900) -> dict[str, Any]:
    """Run a child Python process and parse the JSON object on its last stdout line."""
    result = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, cwd=paths.ROOT, env=env, timeout=timeout
    )
    lines = result.stdout.strip().splitlines()
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"child {args[:3]} failed (exit {result.returncode}): {result.stderr.strip()[-800:]}")
    return json.loads(lines[-1])


def worker_args(bench: Bench, worker: str) -> list[str]:
    """``python -m bench --worker NAME`` arguments for a child that sees the same models and data."""
    args = ["-m", "bench", "--worker", worker, "--models-dir", str(bench.models_dir), "--data", str(bench.data)]
    return args + (["--quick"] if bench.plan == QUICK else [])


def raw_call(predictors: dict[str, Any], x: dict[str, np.ndarray]) -> Callable[[], None]:
    """The raw eager ``model(x, training=False)`` of every scenario on the given tensors."""

    def call() -> None:
        for scenario, predictor in predictors.items():
            np.asarray(predictor.model(x[scenario], training=False))

    return call


def missing_models_note(bench: Bench) -> str:
    missing = ", ".join(project_path(f) for f in bench.missing_models())
    return f"models missing ({missing}); train them with `python -m core.train --scenario <name>` or pass --models-dir"
