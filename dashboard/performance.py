"""The About & performance page's tables: benchmark figures with their references and targets, the machine."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from core import paths, texts
from core.artifacts.bench import project_path, table_rows
from dashboard.bench_texts import FIGURE_KEYS, REFERENCE_KEYS
from dashboard.i18n import t

COLUMNS = {
    "figure": "perf_col_figure",
    "median": "perf_col_median",
    "reference": "perf_col_reference",
    "ratio": "perf_col_ratio",
    "target": "perf_col_target",
    "pass": "perf_col_pass",
    "note": "perf_col_note",
}
CONDITION_KEYS = {"warm": "perf_warm", "cold": "perf_cold"}
CHECKS = {
    "TensorFlow not imported": "perf_check_tensorflow",
    "top-1 agreement ≥ 99.9%": "perf_check_agreement",
    "max |Δp| ≤ 1e-4": "perf_check_difference",
}
"""Check names the benchmark writes, and their text keys."""


def _text(key: str | None, item: dict[str, Any], recorded: str) -> str:
    """A text key in the UI language with the figure's params; the recorded English where the app lacks it."""
    try:
        return t(key, **item.get("params", {})) if key in texts.strings() else recorded
    except (KeyError, ValueError, IndexError):
        return recorded


def _label(item: dict[str, Any]) -> str:
    """The figure's name in the UI language; the recorded English label for figures this app does not know."""
    params = item.get("params", {})
    name = _text(FIGURE_KEYS.get(params.get("text", item["key"])), item, item["label"])
    condition = t(CONDITION_KEYS[item["condition"]]) if item["condition"] in CONDITION_KEYS else item["condition"]
    return f"{name} · {condition}"


def _target(item: dict[str, Any]) -> str:
    parts = [item["target"]["text"]] if item.get("target") else []
    parts += [t(CHECKS[name]) if name in CHECKS else name for name in item.get("checks") or {}]
    return " + ".join(parts) or "—"


def _verdict(passed: bool | None) -> str:
    return "—" if passed is None else t("perf_pass" if passed else "perf_fail")


def _reference(item: dict[str, Any], row: dict[str, str]) -> str:
    """The reference column in the UI language: its translated name and its measured value."""
    ref = item.get("reference")
    if not ref:
        return "—"
    params = item.get("params", {})
    name = _text(REFERENCE_KEYS.get(params.get("ref", item["key"])), item, ref["label"])
    return f"{name}: {row['reference'].rpartition(': ')[2]}"


def table(figures: list[dict[str, Any]], group: str) -> pd.DataFrame:
    items = [item for item in figures if item.get("group", "figures") == group]
    rows = table_rows(items)
    for row, item in zip(rows, items, strict=True):
        reference = _reference(item, row)
        row.update(figure=_label(item), target=_target(item), note=item.get("note", ""), reference=reference)
        row["pass"] = _verdict(item.get("passed"))
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    return frame.rename(columns={c: t(key) for c, key in COLUMNS.items()})


def _yes(value: bool) -> str:
    return t("perf_yes" if value else "perf_no")


def machine_table(data: dict[str, Any]) -> None:
    machine = data["machine"]
    flags = machine.get("cpu_flags") or {}
    rows = {
        t("perf_machine_cpu"): machine.get("cpu_model", "—"),
        t("perf_machine_cores"): f"{machine.get('cores', '—')} ({machine.get('usable_cores', '—')})",
        t("perf_machine_flags"): ", ".join(f"{flag}: {_yes(on)}" for flag, on in flags.items()) or "—",
        t("perf_machine_bf16"): _yes(bool(machine.get("bfloat16_hardware"))),
        t("perf_machine_onednn"): machine.get("onednn", "—"),
        t("perf_machine_python"): machine.get("python", "—"),
        t("perf_machine_platform"): machine.get("platform", "—"),
        t("perf_machine_models"): project_path(data["settings"].get("models_dir", "—")),
    }
    rows |= dict(sorted((machine.get("versions") or {}).items()))
    st.table(pd.DataFrame({t("perf_col_item"): list(rows), t("perf_col_value"): [str(v) for v in rows.values()]}))


def machine_warnings(data: dict[str, Any]) -> None:
    machine, settings = data["machine"], data["settings"]
    if settings.get("quick"):
        st.warning(t("perf_quick"), icon=":material/bolt:")
    cores = machine.get("usable_cores") or machine.get("cores") or 1
    loads = [load[0] for load in (machine.get("load_average_start"), machine.get("load_average_end")) if load]
    if loads and max(loads) > 0.5 * cores:
        st.warning(t("perf_loaded", load=f"{max(loads):.1f}", cores=cores), icon=":material/speed:")
    folder, app = project_path(settings.get("models_dir") or paths.models_dir()), project_path(paths.models_dir())
    if folder != app:
        st.info(t("perf_other_models", folder=folder, app=app), icon=":material/info:")
