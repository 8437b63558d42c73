"""Evaluation in the background: a thread per model, a job file with its progress, a cancel flag.

The app starts :func:`start` and reads :func:`status` on every rerun, so other pages keep working
and a reload (or another browser tab) still sees the job. ``reports/.jobs/<scenario>.json`` holds
the state (a :class:`Job`); cancelling writes ``<scenario>.cancel``, which the run checks while it
prepares the data and between chunks. Predictions are saved per chunk (core.evaluate.resumable), so
starting again resumes where it stopped. A job ends ``failed`` with its reason on any exception, exits
included, and a job whose worker is gone (a restarted server) reads as ``stopped``.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from core import paths
from core.artifacts.files import from_record
from core.artifacts.reports import atomic_write_json

PHASES = ("model", "data", "convention", "predict")
"""The steps of a job, in order (core.evaluate.run.evaluate announces each)."""
_threads: dict[str, threading.Thread] = {}


@dataclass
class Job:
    """One evaluation job as its file records it; defaults filled once, here."""

    state: str = "running"
    """running, done, cancelled, stopped (its worker is gone) or failed."""
    model_file: str = ""
    test_set: str | None = None
    """A stored set's id (reports/sets/<id>/), None for PrivateTest."""
    phase: str = ""
    done: int = 0
    total: int | None = None
    rate: float | None = None
    eta_s: float | None = None
    error: dict[str, str] = field(default_factory=dict)
    """kind (a ModelFileError kind, or "other"), path, name, detail."""
    started: float = 0.0
    updated: str = ""


def job_file(scenario: str) -> Path:
    return paths.reports_dir() / ".jobs" / f"{scenario}.json"


def _cancel_flag(scenario: str) -> Path:
    return job_file(scenario).with_suffix(".cancel")


def status(scenario: str) -> Job | None:
    """The job's last recorded state, or None when this scenario was never evaluated from the app."""
    try:
        job = from_record(Job, json.loads(job_file(scenario).read_text()))
    except (OSError, ValueError, TypeError):
        return None
    if job.state == "running" and not is_alive(scenario):
        job.state = "stopped"
    return job


def is_alive(scenario: str) -> bool:
    thread = _threads.get(scenario)
    return thread is not None and thread.is_alive()


def _write(scenario: str, **changes: Any) -> None:
    job = asdict(status(scenario) or Job())
    job.update(changes, updated=datetime.now(UTC).isoformat(timespec="seconds"))
    atomic_write_json(job_file(scenario), job)


def _failure(err: BaseException) -> dict[str, str]:
    from core.model.loading import ModelFileError

    if isinstance(err, ModelFileError):
        return {"kind": err.kind, "path": str(err.path), "name": err.name, "detail": err.detail}
    return {"kind": "other", "detail": f"{type(err).__name__}: {err}"}


def _run(
    model_file: Path, scenario: str, custom_objects: Path | None, *, preprocessing: str | None, test_set: str | None
) -> None:
    from core.evaluate.resumable import Cancelled
    from core.evaluate.run import evaluate

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
            phase=lambda name: _write(scenario, phase=name),
        )
        _write(scenario, state="done")
    except Cancelled:
        _write(scenario, state="cancelled")
    except BaseException as err:  # noqa: BLE001  (SystemExit, KeyboardInterrupt too: the page shows the reason)
        _write(scenario, state="failed", error=_failure(err))
    finally:
        _cancel_flag(scenario).unlink(missing_ok=True)


def _on_set(test_set: str, model_file: Path, _split: str, *, scenario: str, **options: Any) -> None:
    """Evaluate on a stored set with :func:`core.evaluate.run.evaluate`'s arguments (the card's convention)."""
    from core.evaluate.sets import evaluate_on_set, stored_set

    options.pop("preprocessing", None)
    phase = options.pop("phase", None)
    if phase is not None:
        phase("predict")
    evaluate_on_set(model_file, stored_set(test_set), name=scenario, **options)


def start(
    model_file: Path,
    scenario: str,
    custom_objects: Path | None = None,
    *,
    preprocessing: str | None = None,
    test_set: str | None = None,
) -> bool:
    """Start evaluating ``model_file`` as report ``scenario`` on PrivateTest, or on the stored set ``test_set``
    (reports/sets/<id>/, core.artifacts.testsets; never a path from a browser); False when one already runs."""
    if is_alive(scenario):
        return False
    _cancel_flag(scenario).unlink(missing_ok=True)
    atomic_write_json(
        job_file(scenario), asdict(Job(model_file=Path(model_file).name, test_set=test_set, started=time.time()))
    )
    thread = threading.Thread(
        target=_run,
        args=(Path(model_file), scenario, custom_objects),
        kwargs={"preprocessing": preprocessing, "test_set": test_set},
        daemon=True,
        name=f"eval-{scenario}",
    )
    _threads[scenario] = thread
    thread.start()
    return True


def cancel(scenario: str) -> None:
    """Ask the running job to stop at its next check (what is done is kept)."""
    _cancel_flag(scenario).parent.mkdir(parents=True, exist_ok=True)
    _cancel_flag(scenario).touch()
