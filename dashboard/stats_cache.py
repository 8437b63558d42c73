"""Cached access to the scenario comparison and the ablation study (paired bootstrap, calibration, curves).

Each takes about a second to compute; it is cached with st.cache_data and keyed by every report
manifest it reads, the assignment and the references file, so a re-evaluated report, a new pair or
an edited reference table is picked up without a restart. No TensorFlow is imported on this path.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from core import paths
from core.artifacts import assignment
from core.evaluate import stats
from core.views import ablation as ablation_study
from core.views import comparison as comparison_view


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def _stamps() -> tuple[int, ...]:
    """Every report manifest and the assignment: any change to them means new numbers."""
    root = paths.reports_dir()
    folders = sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    return (_mtime(assignment.assignment_file()), *(_mtime(folder / "manifest.json") for folder in folders))


def comparison() -> comparison_view.Comparison:
    """The comparison of the assigned scenario 1 and scenario 2 (raises ReportError or ValueError)."""
    return _comparison(str(paths.reports_dir()), _stamps(), _mtime(comparison_view.REFERENCES_FILE))


@st.cache_data(show_spinner=False, max_entries=4)
def _comparison(root: str, stamps: tuple[int, ...], references: int) -> comparison_view.Comparison:
    return comparison_view.load_comparison(stats.BOOTSTRAP_RESAMPLES, stats.BOOTSTRAP_SEED)


def ablation() -> ablation_study.Ablation:
    """The ablation study against the assigned scenario 2 (raises ReportError when its report is missing)."""
    return _ablation(str(paths.reports_dir()), _stamps())


@st.cache_data(show_spinner=False, max_entries=4)
def _ablation(root: str, stamps: tuple[int, ...]) -> ablation_study.Ablation:
    return ablation_study.load_ablation(stats.BOOTSTRAP_RESAMPLES, stats.BOOTSTRAP_SEED)
