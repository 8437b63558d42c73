"""Which named report is scenario 1 (baseline) and which scenario 2 (optimized): the pair the thesis compares.

Stored in ``reports/assignment.json`` (written atomically)::

    {"schema_version": 1, "scenario_1": "baseline", "scenario_2": "optimized"}

Without the file the pair is the thesis' own, ``paths.SCENARIOS``. The assignment names reports,
so a user's own model (evaluated with ``--scenario my_vgg``) can stand in for either scenario.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

from core import paths
from core.artifacts import reports
from core.artifacts.files import ReportError, atomic_write_json

SCHEMA_VERSION = 1
FIX = "choose the pair again on the models page, or delete the file to use baseline/optimized"


def assignment_file(root: Path | None = None) -> Path:
    return (root or paths.reports_dir()) / "assignment.json"


def scenario_pair(root: Path | None = None) -> tuple[str, str]:
    """(scenario 1, scenario 2) report names in ``root`` (default reports/); the default pair when none was assigned.

    Raises ReportError when the file exists but cannot be read (a damaged file is not silently ignored).
    """
    file = assignment_file(root)
    if not file.exists():
        return paths.SCENARIOS[0], paths.SCENARIOS[1]
    try:
        data = json.loads(file.read_text())
        pair = str(data["scenario_1"]), str(data["scenario_2"])
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise ReportError(f"{file} is DAMAGED ({err}): {FIX}.", damaged=True) from err
    if data.get("schema_version") != SCHEMA_VERSION:
        raise ReportError(f"{file} has schema version {data.get('schema_version')}, this app reads 1: {FIX}.")
    return pair


def effective_pair(root: Path | None = None) -> tuple[str, str]:
    """The pair the pages show: the assigned one, or the default pair while the file is damaged.

    Never silent in the app: dashboard.notices.shared_files names the damaged file and this fallback."""
    try:
        return scenario_pair(root)
    except ReportError:
        return paths.SCENARIOS[0], paths.SCENARIOS[1]


def role(name: str, pair: Sequence[str]) -> int | None:
    """1 or 2 when ``name`` is scenario 1 or 2 of ``pair``, else None (an extra model, a variant, a seed)."""
    return list(pair[:2]).index(name) + 1 if name in pair[:2] else None


def scenario_name(name: str, pair: Sequence[str], *, lookup: Callable[..., str]) -> str:
    """The one rule that names a report: role first, report name after ("Scenario 1 (my_vgg)").

    A report outside the pair keeps its own name. ``lookup`` is the UI's text function (key, **values).
    """
    number = role(name, pair)
    return name if number is None else lookup("scenario_role", n=number, name=name)


def assign(scenario_1: str, scenario_2: str) -> tuple[str, str]:
    """Make two sealed reports the thesis pair; raises ValueError naming the problem (nothing is written then)."""
    if scenario_1 == scenario_2:
        raise ValueError(f"Scenario 1 and scenario 2 must be two different reports (both are {scenario_1!r}).")
    found = reports.available_scenarios()
    absent = [name for name in (scenario_1, scenario_2) if name not in found]
    if absent:
        commands = "; ".join(f"`{reports.rebuild_command(name)}`" for name in absent)
        raise ValueError(f"No sealed report for {', '.join(absent)} in {paths.reports_dir()}: run {commands}.")
    atomic_write_json(
        assignment_file(), {"schema_version": SCHEMA_VERSION, "scenario_1": scenario_1, "scenario_2": scenario_2}
    )
    return scenario_1, scenario_2
