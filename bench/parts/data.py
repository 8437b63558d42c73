"""Decoding the dataset (empty cache vs decode cache) and reading reports (direct vs the dashboard's cache)."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from tqdm import tqdm

from bench.context import Bench, child_env, environment, run_child, worker_args
from bench.stats import figure, time_runs
from core import paths
from core.artifacts.bench import project_path


def bench_dataset(bench: Bench) -> None:
    """Decoding the whole dataset with an empty cache (what a fresh clone pays once) and from the cache."""
    from core.data.dataset import load_dataset

    cold: list[float] = []
    with tempfile.TemporaryDirectory(prefix="fer_bench_cache_") as folder:
        for i in tqdm(range(bench.plan.dataset_cold), desc="dataset cold", leave=False):
            with environment(FER_CACHE_DIR=str(Path(folder) / str(i))):
                start = time.perf_counter()
                dataset = load_dataset(bench.data)
                cold.append(time.perf_counter() - start)
        with environment(FER_CACHE_DIR=str(Path(folder) / str(len(cold) - 1))):
            warm = time_runs(lambda: load_dataset(bench.data), bench.plan.dataset_warm, warmup=0, desc="dataset cache")
    size = sum(len(split) for split in dataset.splits.values())
    count = {"images": size}
    label = f"decode the dataset ({size:,} images), empty cache"
    bench.add(figure("dataset_cold", label, "cold", unit="s", times_s=cold, params=count))
    label = f"load the dataset ({size:,} images) from its decode cache"
    bench.add(
        figure(
            "dataset_cached",
            label,
            "warm",
            unit="s",
            times_s=warm,
            reference=("decode with an empty cache", cold),
            params=count,
        )
    )


def read_reports() -> None:
    """What the home and metrics pages read: metrics, card and predictions of every scenario."""
    from core.artifacts import reports

    for scenario in reports.available_scenarios():
        reports.load_metrics(scenario)
        reports.load_model_card(scenario)
        reports.load_predictions(scenario)


def bench_reports(bench: Bench) -> None:
    """Report reads: core.artifacts.reports directly (every rerun without a cache) vs dashboard.cache hits."""
    from core.artifacts import reports

    scenarios = reports.available_scenarios()
    if not scenarios:
        bench.skip("reports", f"no reports in {project_path(paths.reports_dir())}; run `python -m core.evaluate`")
        return
    uncached = time_runs(read_reports, bench.plan.repeats, desc="reports")
    cached = run_child(worker_args(bench, "reads"), child_env())
    what = f"read metrics, card and predictions of {len(scenarios)} scenarios"
    count = {"scenarios": len(scenarios)}
    label = f"{what} with core.artifacts.reports (manifest check + parse)"
    bench.add(figure("reports_uncached", label, "warm", unit="ms", times_s=uncached, params=count))
    bench.add(
        figure(
            "reports_cached",
            f"{what} through dashboard.cache (st.cache_data hit)",
            "warm",
            unit="ms",
            times_s=cached["hits"],
            reference=("core.artifacts.reports without a cache", uncached),
            note=f"first (miss) read {cached['miss'] * 1000:.1f} ms",
            params=count,
        )
    )


def worker_reads(bench: Bench) -> dict[str, Any]:
    """In a child process (Streamlit's cache outside a server): the same reads through dashboard.cache."""
    from dashboard import cache

    def read() -> None:
        for scenario in cache.scenarios():
            cache.metrics(scenario)
            cache.model_card(scenario)
            cache.predictions(scenario)

    times = time_runs(read, bench.plan.repeats + 1, warmup=0)
    return {"miss": times[0], "hits": times[1:]}
