"""reports/bench.json: the benchmark's schema, its writer and the small reader the app needs.

The benchmark itself lives in the top-level ``bench`` package (``python -m bench``); this module
only knows the file: write it atomically, refuse missing, damaged or other-schema files with the
command that fixes them, and turn its figures into table rows. Every figure carries a reference
measured in the same run and the ratio to it; every target is a bound on that ratio.
It also holds the time estimate the app shows before a long prediction job (no TensorFlow here).
"""

from __future__ import annotations

import json
import math
from importlib import metadata
from pathlib import Path
from typing import Any, TypedDict

from core import paths
from core.artifacts.reports import ReportError, atomic_write_json

SCHEMA_VERSION = 2
BENCH_HINT = "run `python -m bench` to create it"
LIBRARIES = (
    "tensorflow-cpu",
    "tensorflow",
    "keras",
    "numpy",
    "pandas",
    "scikit-learn",
    "pillow",
    "opencv-python-headless",
    "streamlit",
    "plotly",
    "playwright",
    "onnxruntime",
    "tf2onnx",
    "openvino",
)
TABLE_COLUMNS = ("figure", "median", "reference", "ratio", "target", "pass")


class BenchError(ReportError):
    """bench.json is missing, damaged or from another schema; the message says what to run."""


def bench_path() -> Path:
    return paths.reports_dir() / "bench.json"


def project_path(path: str | Path) -> str:
    """A path as shown to people: relative to the project root when inside it (no machine paths)."""
    full = Path(path) if Path(path).is_absolute() else paths.ROOT / path
    try:
        return full.resolve().relative_to(paths.ROOT.resolve()).as_posix() or "."
    except ValueError:
        return str(path)


def library_versions() -> dict[str, str]:
    """Installed versions of the libraries that decide speed (read from metadata, nothing imported)."""
    found = {}
    for name in LIBRARIES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return found


def write_bench(path: Path, result: dict[str, Any]) -> Path:
    """Write the result atomically with the schema version (readers never see half a file)."""
    atomic_write_json(Path(path), {**result, "schema_version": SCHEMA_VERSION})
    return Path(path)


def _valid_figure(item: Any) -> bool:
    needed = {"key": str, "label": str, "condition": str, "unit": str, "median": (int, float), "p95": (int, float)}
    if not isinstance(item, dict) or not all(isinstance(item.get(k), kind) for k, kind in needed.items()):
        return False
    return math.isfinite(item["median"]) and math.isfinite(item["p95"])


class Bench(TypedDict):
    """bench.json as the performance page reads it; load_bench fills what a run may leave out, once."""

    schema_version: int
    created: str
    machine: dict[str, Any]
    settings: dict[str, Any]
    figures: list[dict[str, Any]]
    notes: list[str]


def load_bench(path: Path | None = None) -> Bench:
    """Read bench.json, refusing missing, damaged or other-schema files with the command that fixes it."""
    path = Path(path) if path is not None else bench_path()
    shown = project_path(path)
    if not path.exists():
        raise BenchError(f"No benchmark results at {shown}: {BENCH_HINT}.")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise BenchError(f"{shown} is damaged ({err}): {BENCH_HINT} again.") from err
    if not isinstance(data, dict) or data.get("schema_version") != SCHEMA_VERSION:
        found = data.get("schema_version") if isinstance(data, dict) else None
        raise BenchError(f"{shown} has schema {found!r}, this app reads {SCHEMA_VERSION}: {BENCH_HINT} again.")
    figures = data.get("figures")
    if not isinstance(figures, list) or not isinstance(data.get("machine"), dict):
        raise BenchError(f"{shown} is damaged (no figures or machine section): {BENCH_HINT} again.")
    if bad := [i for i, item in enumerate(figures) if not _valid_figure(item)]:
        raise BenchError(f"{shown} is damaged (figure rows {bad} are incomplete): {BENCH_HINT} again.")
    return Bench(**{"created": "—", "settings": {}, "notes": [], **data})


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "ms":
        return f"{value:.1f} ms" if value < 1000 else f"{value / 1000:.2f} s"
    if unit == "s":
        return f"{value:.2f} s" if value >= 1 else f"{value:.3f} s"
    if unit == "MB":
        return f"{value:,.0f} MB"
    return f"{value:,.1f} img/s"


def _verdict(passed: bool | None) -> str:
    return "—" if passed is None else ("pass" if passed else "FAIL")


def table_rows(figures: list[dict[str, Any]], group: str | None = None) -> list[dict[str, str]]:
    """Display rows (figure, median, p95, reference, ratio, target, pass, note) from bench.json figures."""
    rows = []
    for item in figures:
        if group is not None and item.get("group", "figures") != group:
            continue
        ref = item.get("reference")
        target = item.get("target")
        checks = "; ".join(f"{name}: {'yes' if ok else 'NO'}" for name, ok in (item.get("checks") or {}).items())
        rows.append(
            {
                "key": item["key"],
                "figure": f"{item['label']} [{item['condition']}]",
                "median": format_value(item["median"], item["unit"]),
                "p95": format_value(item["p95"], item["unit"]),
                "n": str(item.get("n", "")),
                "reference": "—" if not ref else f"{ref['label']}: {format_value(ref['median'], item['unit'])}",
                "ratio": "—" if item.get("ratio") is None else f"{item['ratio']:.2f}x",
                "target": " + ".join(filter(None, [target["text"] if target else "", *(item.get("checks") or {})]))
                or "—",
                "pass": _verdict(item.get("passed")),
                "note": "; ".join(part for part in (checks, item.get("note", "")) if part),
            }
        )
    return rows


def format_table(figures: list[dict[str, Any]], group: str | None = None) -> str:
    """A plain-text table of the figures (what the command prints and the README quotes)."""
    rows = table_rows(figures, group)
    widths = {c: max([len(c), *(len(row[c]) for row in rows)]) for c in TABLE_COLUMNS}
    line = "  ".join("-" * widths[c] for c in TABLE_COLUMNS)
    out = ["  ".join(c.ljust(widths[c]) for c in TABLE_COLUMNS), line]
    out += ["  ".join(row[c].ljust(widths[c]) for c in TABLE_COLUMNS) for row in rows]
    return "\n".join(out)


def estimate_seconds(n_images: int, images_per_s: float, views: int = 1) -> float:
    """Seconds a job of ``n_images`` will take at a measured rate (``views`` = 2 with the flip average)."""
    if n_images < 0 or views < 1:
        raise ValueError("need a non-negative image count and at least one view")
    if not images_per_s > 0 or not math.isfinite(images_per_s):
        raise ValueError(f"images_per_s must be a positive number, got {images_per_s!r}")
    return n_images * views / images_per_s


def measured_rate(data: dict[str, Any], key: str) -> float | None:
    """The median images/s of one bench.json figure (None when the run did not measure it)."""
    for item in data.get("figures", []):
        if item.get("key") == key and item.get("unit") == "images/s" and item["median"] > 0:
            return float(item["median"])
    return None
