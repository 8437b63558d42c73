"""About & performance: the benchmark's ratio table (reports/bench.json) and how to reproduce the study.

Reads only the benchmark file (through dashboard.cache) and package metadata: no TensorFlow.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import cache, notices
from dashboard.i18n import t
from dashboard.performance import machine_table, machine_warnings, table

SECTIONS = {"performance": "perf_section_performance", "about": "perf_section_about"}
# Figure group -> the text keys of its toggle and its caption.
GROUPS = {
    "runtimes": ("perf_runtimes", "perf_runtimes_caption"),
    "speedups": ("perf_speedups", "perf_speedups_caption"),
}
COMMANDS = """pip install -r requirements.txt -r requirements-dev.txt
python -m core.data
python -m core.train --scenario baseline
python -m core.train --scenario optimized
python -m core.evaluate
python -m core.explain
python -m bench
python -m pytest -q
streamlit run streamlit_app.py"""


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
            date=data["created"],
            cpu=machine.get("cpu_model", "—"),
            cores=machine.get("cores", "—"),
            load_start=loads[0][0] if loads[0] else "—",
            load_end=loads[1][0] if loads[1] else "—",
        )
    )
    machine_warnings(data)
    figures = data["figures"]
    judged = [item.get("passed") for item in figures if item.get("passed") is not None]
    st.subheader(t("perf_figures"))
    if judged:
        st.markdown(t("perf_targets_met", met=sum(judged), total=len(judged)))
    st.caption(t("perf_ratio_caption"))
    st.dataframe(table(figures, "figures"), hide_index=True, key="performance_figures")
    for group, (label, caption) in GROUPS.items():
        if any(item.get("group") == group for item in figures) and st.toggle(t(label), key=f"performance_{group}"):
            st.caption(t(caption))
            st.dataframe(table(figures, group), hide_index=True, key=f"performance_{group}_table")
    if data["notes"]:
        with st.expander(t("perf_notes")):
            st.caption(t("perf_notes_caption"))
            st.markdown("\n".join(f"- {note}" for note in data["notes"]))
    with st.expander(t("perf_machine")):
        machine_table(data)


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
    list(SECTIONS),
    default="performance",
    required=True,
    format_func=lambda name: t(SECTIONS[name]),
    key="performance_section",
)
if section == "about":
    about()
else:
    performance()
