"""Cached access to the scenario comparison (paired bootstrap, calibration, curves, label noise).

The comparison takes about a second to compute; it is cached with st.cache_data and keyed by both
report manifests and the references file, so a re-evaluated report or an edited reference table
is picked up without a restart. No TensorFlow is imported on this path.
"""

from __future__ import annotations

import streamlit as st

from core import paths
from core.views import report

N_RESAMPLES = 2000
SEED = 0


def _mtime(path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def comparison() -> report.Comparison:
    """The comparison of reports/baseline and reports/optimized (raises ReportError or ValueError)."""
    stamps = tuple(_mtime(paths.scenario_reports(s) / "manifest.json") for s in report.PAIR)
    return _comparison(str(paths.reports_dir()), stamps, _mtime(report.REFERENCES_FILE))


@st.cache_data(show_spinner=False, max_entries=4)
def _comparison(root: str, stamps: tuple[int, ...], references: int) -> report.Comparison:
    return report.load_comparison(N_RESAMPLES, SEED)
