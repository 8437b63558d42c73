"""The presenter's writes on the models page: each one checks the role first (dashboard.roles), then acts.

Upload, evaluate, cancel, assign the pair, choose custom-layer code, remove a model. A viewer's request
raises roles.NotPresenter before anything is written, whatever the page showed. Nothing is lost: an
upload takes a new name rather than replacing a file or meeting another model's report
(core.evaluate.catalog), and a removal moves files aside where they can be restored.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import BinaryIO

from core import paths
from core.artifacts import assignment
from core.evaluate import catalog, jobs
from core.model import custom_code
from dashboard import cache
from dashboard.i18n import t
from dashboard.roles import require_presenter

MAX_FILES = 20
MAX_TOTAL_MB = 1024
"""Limits on models/: files and total size after an upload (the shipped pair counts)."""


class Refused(ValueError):
    """A presenter's request that cannot be done as asked; the message says why and what to do."""


def _save_stream(source: BinaryIO, target: Path) -> None:
    """Copy an upload to ``target`` in chunks (no second copy in memory); never replaces an existing file."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            source.seek(0)
            shutil.copyfileobj(source, handle, 2**20)
        os.chmod(tmp, 0o644)
        os.link(tmp, target)  # fails if the name was taken meanwhile
    finally:
        Path(tmp).unlink(missing_ok=True)


def check_limits(size: int) -> None:
    files = cache.model_files()
    total = sum(f.stat().st_size for f in files) + size
    if len(files) + 1 > MAX_FILES:
        raise Refused(t("admin_too_many", limit=MAX_FILES, folder=paths.models_dir().name))
    if total > MAX_TOTAL_MB * 2**20:
        raise Refused(t("admin_too_much", limit=MAX_TOTAL_MB, folder=paths.models_dir().name))


def save_upload(name: str, size: int, data: BinaryIO) -> Path:
    """Store an uploaded model under a name that replaces nothing; returns where it went."""
    require_presenter()
    check_limits(size)
    folder = paths.models_dir()
    folder.mkdir(parents=True, exist_ok=True)
    taken = set(report_names().values()) | set(cache.report_owners()) | set(paths.SCENARIOS)
    target = catalog.free_name(name, folder, taken)
    _save_stream(data, target)
    return target


def report_names() -> dict[Path, str]:
    """Each model file's report name (unique; see core.evaluate.catalog.report_names)."""
    return catalog.report_names(cache.model_files(), cache.report_owners())


def evaluate(model_file: Path, *, test_set: str | None = None) -> bool:
    """Start the background evaluation of a model into its own report (on PrivateTest, or the stored set
    ``test_set``), with its chosen custom-layer code."""
    require_presenter()
    code = cache.custom_objects(model_file)
    return jobs.start(model_file, report_names()[model_file], Path(code) if code else None, test_set=test_set)


def cancel(report: str) -> None:
    require_presenter()
    jobs.cancel(report)


def assign(first: str, second: str) -> None:
    require_presenter()
    assignment.assign(first, second)


def declare_pixel_step(model_file: Path, step: str) -> None:
    """Write the per-face pixel step the model learned into its card (the presenter's declaration)."""
    from core.model.card import declare_pixel_step as declare

    require_presenter()
    declare(model_file, step)


def choose_code(model_file: Path, name: str | None) -> None:
    require_presenter()
    custom_code.remember(model_file, name)


def rename(model_file: Path, stem: str) -> Path:
    """Rename a model file (card, history and code choice follow); its report keeps its own name."""
    require_presenter()
    names = report_names()
    taken = (set(names.values()) - {names[model_file]}) | set(cache.report_owners()) | set(paths.SCENARIOS)
    try:
        return catalog.rename(model_file, stem, taken)
    except ValueError as err:
        raise Refused(t("admin_rename_taken", file=str(err))) from err


def remove(model_file: Path) -> Path:
    """Move a model (and the report made from it) aside; refused while its report is in the assigned pair."""
    require_presenter()
    report = report_names()[model_file]
    if report in assignment.effective_pair():
        raise Refused(t("admin_remove_assigned", file=model_file.name, report=report))
    own = cache.report_owners().get(report) == model_file.name
    return catalog.remove(model_file, report if own else None)
