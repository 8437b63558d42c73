"""Cached reads for the About & performance page: reports/bench.json and the installed library versions.

The benchmark result is keyed by the file's path and modification time, so a new
``python -m bench`` run is picked up without a restart. Nothing here imports TensorFlow.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

from core.artifacts import bench as core_bench
from core.artifacts.bench import BenchError


def _stamp(path: Path) -> int:
    """File version used in the cache key (0 when absent)."""
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def bench() -> dict[str, Any]:
    """The validated bench.json; raises BenchError (with the command to run) when missing or damaged."""
    path = core_bench.bench_path()
    return _bench(str(path), _stamp(path))


@st.cache_data(show_spinner=False, max_entries=4)
def _bench(path: str, stamp: int) -> dict[str, Any]:
    return core_bench.load_bench(Path(path))


@st.cache_data(show_spinner=False)
def library_versions() -> dict[str, str]:
    """Installed versions (package metadata only; the environment does not change while the app runs)."""
    return core_bench.library_versions()


__all__ = ["BenchError", "bench", "library_versions"]
