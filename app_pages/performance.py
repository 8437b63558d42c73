"""About & performance: the benchmark's ratio table (reports/bench.json) and how to reproduce the study.

Reads only the benchmark file (through dashboard.cache) and package metadata: no TensorFlow.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from core import paths, texts
from core.artifacts.bench import project_path, table_rows
from dashboard import cache, notices
from dashboard.i18n import t

SECTIONS = ("performance", "about")
COLUMNS = ("figure", "median", "reference", "ratio", "target", "pass", "note")
# Check names the benchmark writes, and their text keys.
CHECKS = {
    "TensorFlow not imported": "perf_check_tensorflow",
    "top-1 agreement ≥ 99.9%": "perf_check_agreement",
    "max |Δp| ≤ 1e-4": "perf_check_difference",
}
GROUPS = {"runtimes": "perf_runtimes", "speedups": "perf_speedups"}
COMMANDS = """pip install -r requirements.txt -r requirements-dev.txt
python -m core.data
python -m core.train --scenario baseline
python -m core.train --scenario optimized
python -m core.evaluate
python -m core.explain
python -m bench
python -m pytest -q
streamlit run streamlit_app.py"""


def _text(key: str, item: dict[str, Any], recorded: str) -> str:
    """A text key in the UI language with the figure's params; the recorded English where the app lacks it."""
    try:
        return t(key, **item.get("params", {})) if key in texts.strings() else recorded
    except (KeyError, ValueError, IndexError):
        return recorded


def _label(item: dict[str, Any]) -> str:
    """The figure's name in the UI language; the recorded English label for figures this app does not know."""
    params = item.get("params", {})
    name = _text(f"perf_fig_{params.get('text', item['key'])}", item, item["label"])
    condition = t(f"perf_{item['condition']}") if item["condition"] in ("warm", "cold") else item["condition"]
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
    name = _text(f"perf_ref_{params.get('ref', item['key'])}", item, ref["label"])
    return f"{name}: {row['reference'].rpartition(': ')[2]}"


def _table(figures: list[dict[str, Any]], group: str) -> pd.DataFrame:
    items = [item for item in figures if item.get("group", "figures") == group]
    rows = table_rows(items)
    for row, item in zip(rows, items, strict=True):
        reference = _reference(item, row)
        row.update(figure=_label(item), target=_target(item), note=item.get("note", ""), reference=reference)
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
        t("perf_machine_models"): project_path(data.get("settings", {}).get("models_dir", "—")),
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
    folder, app = project_path(settings.get("models_dir") or paths.models_dir()), project_path(paths.models_dir())
    if folder != app:
        st.info(t("perf_other_models", folder=folder, app=app), icon=":material/info:")


def performance() -> None:
    """The measured figures with their references and targets, the experiments, the notes and the machine."""
    try:
        data = cache.bench()
    except cache.ReportError as err:
        notices.missing(err)
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
    st.caption(t("perf_ratio_caption"))
    st.dataframe(_table(figures, "figures"), hide_index=True, key="performance_figures")
    for group, label in GROUPS.items():
        if any(item.get("group") == group for item in figures) and st.toggle(t(label), key=f"performance_{group}"):
            st.caption(t(f"{label}_caption"))
            st.dataframe(_table(figures, group), hide_index=True, key=f"performance_{group}_table")
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
    versions = cache.library_versions()
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
