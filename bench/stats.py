"""Timing statistics and figures: repeated runs -> median and p95, each set against a same-run reference.

A target is always a bound on the ratio figure / reference, so that it holds on a quiet or a
loaded machine alike: both sides are measured in the same run, interleaved where they can be.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from tqdm import tqdm


@dataclass(frozen=True)
class Stats:
    median: float
    p95: float
    n: int


def summarise(values: Sequence[float]) -> Stats:
    """Median and 95th percentile (linear interpolation) of repeated measurements."""
    array = np.asarray(values, dtype=np.float64)
    if array.size == 0 or not np.all(np.isfinite(array)):
        raise ValueError("need at least one finite measurement")
    return Stats(float(np.median(array)), float(np.percentile(array, 95)), int(array.size))


def scaled(times_s: Sequence[float], unit: str, count: int | None = None) -> Stats:
    """Timings in seconds as the figure's unit; for images/s the p95 is the slow tail (images / p95 time).

    Unit "MB" takes the values as they are (memory figures are not timings).
    """
    stats = summarise(times_s)
    if unit == "images/s":
        if not count:
            raise ValueError("images/s needs the number of images per run")
        return Stats(count / stats.median, count / stats.p95, stats.n)
    factor = {"ms": 1000.0, "s": 1.0, "MB": 1.0}[unit]
    return Stats(stats.median * factor, stats.p95 * factor, stats.n)


@dataclass(frozen=True)
class Target:
    """A bound on a figure's ratio to its same-run reference."""

    op: str
    value: float

    def met(self, ratio: float | None) -> bool | None:
        if ratio is None:
            return None
        return ratio <= self.value if self.op == "<=" else ratio >= self.value

    def text(self) -> str:
        return f"ratio {'≤' if self.op == '<=' else '≥'} {self.value:g}x"


TARGETS = {
    "face_warm": Target("<=", 1.2),
    "paint_home_warm": Target("<=", 1.25),
    "paint_metrics_warm": Target("<=", 1.3),
    "batch_warm": Target(">=", 0.95),
    "model_work_warm": Target("<=", 1.1),
    "user224_fastest": Target(">=", 2.0),
    "stream_fps": Target(">=", 0.7),
}
"""Issue 17's targets, each a ratio to a reference measured in the same run."""


@dataclass
class Reference:
    label: str
    median: float
    p95: float


@dataclass
class Figure:
    """One measured figure, its reference from the same run, and its target if it has one."""

    key: str
    label: str
    condition: str
    """'warm' or 'cold'."""
    unit: str
    """'ms', 's', 'MB' or 'images/s'."""
    median: float
    p95: float
    n: int
    group: str = "figures"
    """'figures' (the ratio table), 'runtimes' (the runtime comparison) or 'speedups' (other experiments)."""
    reference: Reference | None = None
    checks: dict[str, bool] = field(default_factory=dict)
    """Extra conditions the figure must meet to pass, e.g. {'TensorFlow not imported': True}."""
    note: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    """The numbers in the label (image counts, sizes), so the page can translate it."""

    @property
    def target(self) -> Target | None:
        return TARGETS.get(self.key)

    @property
    def ratio(self) -> float | None:
        """Figure / reference (overhead for times, relative throughput for images/s)."""
        if self.reference is None or self.reference.median == 0:
            return None
        return self.median / self.reference.median

    @property
    def passed(self) -> bool | None:
        met = self.target.met(self.ratio) if self.target else None
        if met is None:
            return None
        return met and all(self.checks.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "condition": self.condition,
            "unit": self.unit,
            "median": self.median,
            "p95": self.p95,
            "n": self.n,
            "group": self.group,
            "reference": None if self.reference is None else vars(self.reference),
            "ratio": self.ratio,
            "target": None if self.target is None else {**vars(self.target), "text": self.target.text()},
            "checks": self.checks,
            "passed": self.passed,
            "note": self.note,
            "params": self.params,
        }


def figure(
    key: str,
    label: str,
    condition: str,
    *,
    unit: str,
    times_s: Sequence[float],
    reference: tuple[str, Sequence[float]] | None = None,
    count: int | None = None,
    **extra: Any,
) -> Figure:
    """A figure from raw timings in seconds, with its reference's timings (same unit and count)."""
    stats = scaled(times_s, unit, count)
    ref = None
    if reference is not None:
        ref_stats = scaled(reference[1], unit, count)
        ref = Reference(reference[0], ref_stats.median, ref_stats.p95)
    return Figure(key, label, condition, unit, stats.median, stats.p95, stats.n, reference=ref, **extra)


def time_runs(fn: Callable[[], Any], repeats: int, warmup: int = 1, *, desc: str = "") -> list[float]:
    """Wall times (s) of ``repeats`` calls after ``warmup`` untimed ones."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in tqdm(range(repeats), desc=desc, unit="run", leave=False):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def time_pairs(
    fn: Callable[[], Any], ref: Callable[[], Any], repeats: int, *, warmup: int = 1, desc: str = ""
) -> tuple[list[float], list[float]]:
    """Timings of a figure and its reference, interleaved so background load hits both alike."""
    times = time_many([fn, ref], repeats, warmup, desc=desc)
    return times[0], times[1]


def time_many(
    calls: Sequence[Callable[[], Any]], repeats: int, warmup: int = 1, *, desc: str = ""
) -> list[list[float]]:
    """Timings of several calls, interleaved round by round so background load hits all alike."""
    for _ in range(warmup):
        for call in calls:
            call()
    times: list[list[float]] = [[] for _ in calls]
    for _ in tqdm(range(repeats), desc=desc, unit="run", leave=False):
        for target, call in zip(times, calls, strict=True):
            start = time.perf_counter()
            call()
            target.append(time.perf_counter() - start)
    return times
