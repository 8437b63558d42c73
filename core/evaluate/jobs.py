"""Evaluation in the background: a thread per model, a job file with its progress, a cancel flag.

The app starts :func:`start` and reads :func:`status` on every rerun, so other pages keep working
and a reload (or another browser tab) still sees the job. ``reports/.jobs/<scenario>.json`` holds
the state; cancelling writes ``<scenario>.cancel``, which the run checks between chunks. Predictions
are saved per chunk (core.evaluate.resumable), so starting again resumes where it stopped.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from core import paths
from core.artifacts.reports import atomic_write_json

VGG16_224_IMAGES_PER_S = 1.6
"""Measured: a 224x224 VGG16 predicts about 1.6 images/s on this CPU (40 minutes for PrivateTest)."""
PRIVATE_TEST_IMAGES = 3589
_threads: dict[str, threading.Thread] = {}


def job_file(scenario: str) -> Path:
    return paths.reports_dir() / ".jobs" / f"{scenario}.json"


def _cancel_flag(scenario: str) -> Path:
    return job_file(scenario).with_suffix(".cancel")


def estimate_seconds(input_shape: tuple[int, ...] | list[int], images: int = PRIVATE_TEST_IMAGES) -> float:
    """A VGG16-sized model's time for ``images``: the 224x224 rate scaled by input pixels (cost ~ pixels)."""
    height, width = int(input_shape[0]), int(input_shape[1])
    rate = VGG16_224_IMAGES_PER_S * (224 * 224) / (height * width)
    return images / rate


def status(scenario: str) -> dict[str, Any] | None:
    """The job's last recorded state, or None when this scenario was never evaluated from the app."""
    import json

    try:
        job = json.loads(job_file(scenario).read_text())
    except (OSError, ValueError):
        return None
    if job.get("state") == "running" and not is_alive(scenario):
        job["state"] = "stopped"
    return job


def is_alive(scenario: str) -> bool:
    thread = _threads.get(scenario)
    return thread is not None and thread.is_alive()


def _write(scenario: str, **fields: Any) -> None:
    job = status(scenario) or {}
    job.update(fields, updated=datetime.now(UTC).isoformat(timespec="seconds"))
    atomic_write_json(job_file(scenario), job)


def _run(
    model_file: Path, scenario: str, custom_objects: str | None, preprocessing: str | None, test_set: str | None = None
) -> None:
    from core.evaluate.resumable import Cancelled
    from core.evaluate.run import evaluate
    from core.model.loading import ModelFileError

    def progress(done: int, total: int, rate: float) -> None:
        _write(scenario, done=done, total=total, rate=rate, eta_s=(total - done) / rate if rate > 0 else None)

    try:
        run = evaluate if test_set is None else partial(_on_set, test_set)
        run(
            model_file,
            "private",
            scenario=scenario,
            preprocessing=preprocessing,
            custom_objects=custom_objects,
            progress=progress,
            cancel=_cancel_flag(scenario).exists,
        )
        _write(scenario, state="done")
    except Cancelled:
        _write(scenario, state="cancelled")
    except ModelFileError as err:
        _write(scenario, state="failed", error={"kind": err.kind, "path": str(err.path), "name": err.name})
    except Exception as err:  # shown on the page as a message, never a traceback
        _write(scenario, state="failed", error={"kind": "other", "detail": f"{type(err).__name__}: {err}"})
    finally:
        _cancel_flag(scenario).unlink(missing_ok=True)


def _on_set(test_set: str, model_file: Path, _split: str, *, scenario: str, **options: Any) -> None:
    """Evaluate on a stored set with :func:`core.evaluate.run.evaluate`'s arguments (the card's convention)."""
    from core.evaluate.sets import evaluate_on_set, stored_set

    options.pop("preprocessing", None)
    evaluate_on_set(model_file, stored_set(test_set), name=scenario, **options)


def start(
    model_file: Path,
    scenario: str,
    custom_objects: str | None = None,
    preprocessing: str | None = None,
    *,
    test_set: str | None = None,
) -> bool:
    """Start evaluating ``model_file`` as report ``scenario`` on PrivateTest, or on the stored set ``test_set``
    (reports/sets/<id>/, core.artifacts.testsets; never a path from a browser); False when one already runs."""
    if is_alive(scenario):
        return False
    _cancel_flag(scenario).unlink(missing_ok=True)
    atomic_write_json(
        job_file(scenario),
        {
            "state": "running",
            "model_file": Path(model_file).name,
            "test_set": test_set,
            "done": 0,
            "total": None,
            "started": time.time(),
        },
    )
    thread = threading.Thread(
        target=_run,
        args=(Path(model_file), scenario, custom_objects, preprocessing, test_set),
        daemon=True,
        name=f"eval-{scenario}",
    )
    _threads[scenario] = thread
    thread.start()
    return True


def cancel(scenario: str) -> None:
    """Ask the running job to stop after its current chunk (what is done is kept)."""
    _cancel_flag(scenario).parent.mkdir(parents=True, exist_ok=True)
    _cancel_flag(scenario).touch()
