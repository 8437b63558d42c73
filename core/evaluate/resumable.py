"""Predictions over a whole split in chunks, saved as they come, so a stopped run resumes where it was.

A 224x224 VGG16 predicts a few images/s on this CPU (reports/bench.json, ``user224_tensorflow``): one
pass over PrivateTest takes 10-40 minutes. Each chunk's probabilities are appended to
``reports/.partial/<scenario>.npz`` (written atomically); the file is keyed by the model file's size
and modification time, the split and the input convention, so a changed model or convention starts
again instead of mixing results.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from core import paths
from core.artifacts.reports import atomic_write_bytes
from core.data.dataset import Cancelled
from core.data.preprocessing import pixel_step
from core.model.inference import predict_probabilities
from core.model.runtimes import build_runtime

CHUNK = 256
__all__ = ["Cancelled", "Progress", "chunked_probabilities", "finish", "partial_file", "run_key"]

Progress = Callable[[int, int, float], None]
"""Called after every chunk with (images done, images in total, images/s of this run)."""


def partial_file(scenario: str) -> Path:
    return paths.reports_dir() / ".partial" / f"{scenario}.npz"


def run_key(model_file: Path, split: str, conv: dict[str, Any], *, flip: bool, done: str = "none") -> str:
    stat = Path(model_file).stat()
    step = f"{pixel_step(conv)}/{done}"
    return f"{Path(model_file).name}|{stat.st_size}|{stat.st_mtime_ns}|{split}|{conv.get('convention')}|{step}|{flip}"


def _resume(file: Path, key: str) -> np.ndarray:
    try:
        with np.load(file) as saved:
            if str(saved["key"]) == key:
                return saved["probs"]
    except (OSError, ValueError, KeyError):
        pass
    return np.zeros((0, 7))


def chunked_probabilities(
    model,
    images: np.ndarray,
    scenario: str,
    *,
    key: str,
    conv: dict[str, Any],
    flip: bool,
    batch_size: int = 64,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
    done: str = "none",
) -> tuple[np.ndarray, float]:
    """(n, 7) probabilities of ``images`` (which went through the pixel step ``done``) and this run's
    images/s, resuming a saved partial run."""
    file = partial_file(scenario)
    probs = _resume(file, key)
    start, done_here = time.perf_counter(), 0
    run = build_runtime(model)
    while len(probs) < len(images):
        if cancel is not None and cancel():
            raise Cancelled(f"cancelled at {len(probs)}/{len(images)} images; the next run resumes there")
        chunk = images[len(probs) : len(probs) + CHUNK]
        probs = np.concatenate(
            [probs, predict_probabilities(model, chunk, batch_size, flip=flip, runtime=run, conv=conv, done=done)]
        )
        done_here += len(chunk)
        buffer = io.BytesIO()
        np.savez(buffer, key=np.array(key), probs=probs)
        atomic_write_bytes(file, buffer.getvalue())
        if progress is not None:
            progress(len(probs), len(images), done_here / max(time.perf_counter() - start, 1e-9))
    rate = done_here / max(time.perf_counter() - start, 1e-9) if done_here else float("nan")
    return probs, rate


def finish(scenario: str) -> None:
    """Remove the partial file once the report is written."""
    partial_file(scenario).unlink(missing_ok=True)
