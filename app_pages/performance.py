"""About & performance: the benchmark's measured figures (reports/bench.json) and how to reproduce the study.

Reads only the benchmark file (through dashboard.bench_cache) and package metadata: no TensorFlow.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from bench.harness import table_rows
from core import paths, texts
from dashboard import bench_cache, cache
from dashboard.i18n import t

SECTIONS = ("performance", "about")
COLUMNS = ("figure", "median", "p95", "n", "reference", "ratio", "target", "pass", "note")
CHECKS = {"TensorFlow not imported": "perf_check_tensorflow"}
"""Check names the benchmark writes -> their text keys."""
COMMANDS = """pip install -r requirements.txt -r requirements-dev.txt
python -m core.data
python -m core.train --scenario baseline
python -m core.train --scenario optimized
python -m core.evaluate
python -m core.explain
python -m bench
python -m pytest -q
streamlit run streamlit_app.py"""


def _label(item: dict[str, Any]) -> str:
    """The figure's name in the UI language; the recorded English label for figures this app does not know."""
    key = f"perf_fig_{item['key']}"
    try:
        name = t(key, **item.get("params", {})) if key in texts.strings() else item["label"]
    except (KeyError, ValueError, IndexError):
        name = item["label"]
    condition = t(f"perf_{item['condition']}") if item["condition"] in ("warm", "cold") else item["condition"]
    return f"{name} · {condition}"


def _target(item: dict[str, Any]) -> str:
    parts = [item["target"]["text"]] if item.get("target") else []
    parts += [t(CHECKS[name]) if name in CHECKS else name for name in item.get("checks") or {}]
    return " + ".join(parts) or "—"


def _verdict(passed: bool | None) -> str:
    return "—" if passed is None else t("perf_pass" if passed else "perf_fail")


def _table(figures: list[dict[str, Any]], group: str) -> pd.DataFrame:
    items = [item for item in figures if item.get("group", "figures") == group]
    rows = table_rows(items)
    for row, item in zip(rows, items, strict=True):
        row.update(figure=_label(item), target=_target(item), note=item.get("note", ""))
        row["pass"] = _verdict(item.get("passed"))
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    return frame.rename(columns={c: t(f"perf_col_{c}") for c in COLUMNS})


def _yes(value: bool) -> str:
    return t("perf_yes" if value else "perf_no")


def _machine(data: dict[str, Any]) -> None:
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
        t("perf_machine_models"): data.get("settings", {}).get("models_dir", "—"),
    }
    rows |= dict(sorted((machine.get("versions") or {}).items()))
    st.table(pd.DataFrame({t("perf_col_item"): list(rows), t("perf_col_value"): [str(v) for v in rows.values()]}))


def _warnings(data: dict[str, Any]) -> None:
    machine, settings = data["machine"], data.get("settings", {})
    if settings.get("quick"):
        st.warning(t("perf_quick"), icon=":material/bolt:")
    cores = machine.get("usable_cores") or machine.get("cores") or 1
    loads = [load[0] for load in (machine.get("load_average_start"), machine.get("load_average_end")) if load]
    if loads and max(loads) > 0.5 * cores:
        st.warning(t("perf_loaded", load=f"{max(loads):.1f}", cores=cores), icon=":material/speed:")
    folder = settings.get("models_dir")
    if folder and folder != str(paths.models_dir()):
        st.info(t("perf_other_models", folder=folder, app=paths.models_dir()), icon=":material/info:")


def performance() -> None:
    """The measured figures with their references and targets, the experiments, the notes and the machine."""
    try:
        data = bench_cache.bench()
    except bench_cache.BenchError as err:
        cache.missing(err)
        return
    machine = data["machine"]
    st.markdown(t("perf_intro"))
    loads = [machine.get("load_average_start"), machine.get("load_average_end")]
    st.caption(
        t(
            "perf_measured",
            date=data.get("created", "—"),
            cpu=machine.get("cpu_model", "—"),
            cores=machine.get("cores", "—"),
            load_start=loads[0][0] if loads[0] else "—",
            load_end=loads[1][0] if loads[1] else "—",
        )
    )
    _warnings(data)
    figures = data["figures"]
    judged = [item.get("passed") for item in figures if item.get("passed") is not None]
    st.subheader(t("perf_figures"))
    if judged:
        st.markdown(t("perf_targets_met", met=sum(judged), total=len(judged)))
    st.dataframe(_table(figures, "figures"), hide_index=True, key="performance_figures")
    if any(item.get("group") == "speedups" for item in figures) and st.toggle(
        t("perf_speedups"), key="performance_speedups"
    ):
        st.caption(t("perf_speedups_caption"))
        st.dataframe(_table(figures, "speedups"), hide_index=True, key="performance_speedups_table")
    if data.get("notes"):
        with st.expander(t("perf_notes")):
            st.caption(t("perf_notes_caption"))
            st.markdown("\n".join(f"- {note}" for note in data["notes"]))
    with st.expander(t("perf_machine")):
        _machine(data)


def about() -> None:
    """Installed versions, the commands that rebuild everything, and FER-2013's terms and citations."""
    st.subheader(t("perf_about_reproduce"))
    st.caption(t("perf_about_reproduce_caption"))
    st.code(COMMANDS, language="bash")
    st.subheader(t("perf_about_versions"))
    st.caption(t("perf_about_versions_caption"))
    versions = bench_cache.library_versions()
    st.table(pd.DataFrame({t("perf_about_library"): list(versions), t("perf_about_version"): list(versions.values())}))
    st.subheader(t("perf_about_data"))
    st.markdown(t("perf_about_data_text"))
    st.subheader(t("perf_about_cite"))
    citations = ("home_cite_thesis", "home_cite_fer", "perf_cite_vgg", "perf_cite_se", "perf_cite_gradcam")
    st.markdown("\n".join(f"{i}. {t(key)}" for i, key in enumerate(citations, start=1)))


st.title(t("nav_performance"))
section = st.segmented_control(
    t("perf_section"),
    SECTIONS,
    default="performance",
    required=True,
    format_func=lambda name: t(f"perf_section_{name}"),
    key="performance_section",
)
if section == "about":
    about()
else:
    performance()
