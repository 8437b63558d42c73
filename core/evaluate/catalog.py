"""Which report each model file is evaluated into, names for new files, and a removal that can be undone.

Nothing is lost: a new file never takes an existing file's name or report, two files never share a
report (``baseline.keras`` -> ``baseline``, ``baseline.h5`` -> ``baseline_h5``), and a removed model
moves with its card, history, custom-code choice and report to ``.removed/<time>/`` folders, from where
moving it back restores it.
"""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime
from itertools import chain, count
from pathlib import Path

from core import paths
from core.artifacts import reports
from core.artifacts.files import ReportError
from core.model import custom_code

TRASH = ".removed"


def report_name(model_file: Path | str) -> str:
    """A file's own report name: its name, letters, digits, - and _ only."""
    return re.sub(r"[^\w-]+", "_", Path(model_file).stem).strip("_") or "model"


def owners() -> dict[str, str]:
    """Sealed report name -> the model file it was made from (its metrics say; else <name>.keras)."""
    found = {}
    for name in reports.available_scenarios():
        try:
            found[name] = str(reports.load_metrics(name).get("model_file") or f"{name}.keras")
        except ReportError:
            continue
    return found


def report_names(files: list[Path], owned: dict[str, str]) -> dict[Path, str]:
    """Each model file's report, never shared and never another file's existing report.

    A file whose own name is clean and ``.keras`` claims first; the others get ``_<suffix>``, then a number."""
    used: set[str] = set()
    names: dict[Path, str] = {}
    for file in sorted(files, key=lambda f: (report_name(f) != f.stem, f.suffix.lower() != ".keras", f.name)):
        base = report_name(file)
        candidates = chain([base, f"{base}_{file.suffix.lstrip('.').lower()}"], (f"{base}_{n}" for n in count(2)))
        names[file] = next(c for c in candidates if c not in used and owned.get(c, file.name) == file.name)
        used.add(names[file])
    return names


def free_name(name: str, folder: Path, taken: set[str]) -> Path:
    """Where a new file called ``name`` goes in ``folder`` without replacing a file or meeting a report in ``taken``."""
    plain = Path(Path(name).name)
    stem = plain.stem.strip(" .") or "model"
    for n in count(1):
        target = folder / (f"{stem}{plain.suffix}" if n == 1 else f"{stem}_{n}{plain.suffix}")
        if not target.exists() and report_name(target) not in taken:
            return target
    raise AssertionError("unreachable")


def remove(model_file: Path, report: str | None) -> Path:
    """Move a model, its card and history (and ``report``, when given) into ``.removed/<time>/``; returns that folder.

    Moving the files back restores everything; the custom-code choice is forgotten (choose it again)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    trash = paths.models_dir() / TRASH / stamp
    trash.mkdir(parents=True)
    for file in (model_file, paths.card_path(model_file), model_file.with_suffix(".history.csv")):
        if file.exists():
            shutil.move(file, trash / file.name)
    if report is not None and paths.scenario_reports(report).is_dir():
        target = paths.reports_dir() / TRASH / stamp
        target.mkdir(parents=True)
        shutil.move(paths.scenario_reports(report), target / report)
    try:
        custom_code.remember(model_file, None)
    except OSError:
        pass
    return trash


def rename(model_file: Path, stem: str, taken: set[str]) -> Path:
    """Give a model file a new name (its card, history and custom-code choice follow); returns the new path.

    Its report, if any, keeps its name and stays listed; evaluating under the new name makes a new one.
    Raises ValueError when the name is not a plain file name or is taken by a file or a report in ``taken``."""
    clean = Path(stem.strip()).name.strip(" .")
    target = model_file.with_name(f"{clean}{model_file.suffix}")
    if not clean or clean != stem.strip() or target.exists() or report_name(target) in taken:
        raise ValueError(target.name)
    try:
        code = custom_code.choices().get(model_file.name)
    except ReportError:
        code = None
    for old, new in ((paths.card_path(model_file), paths.card_path(target)), (model_file, target)):
        if old.exists():
            old.rename(new)
    history = model_file.with_suffix(".history.csv")
    if history.exists():
        history.rename(target.with_suffix(".history.csv"))
    if code is not None:
        custom_code.remember(model_file, None)
        custom_code.remember(target, code)
    return target
