"""Comparison & significance: is scenario 2 better, by how much, where, how calibrated, and against published work.

Everything comes from reports/ through dashboard.cache (no TensorFlow); figures, tables and
sentences come from core.views.comparison*, the same builders the exported report (core.views.export) uses.
"""

import streamlit as st

from core import paths
from core.artifacts import assignment
from core.artifacts.reports import ReportError
from core.views import comparison as cmp
from core.views import export
from dashboard import cache, notices
from dashboard.comparison import ablation, sections
from dashboard.i18n import lang, scenario_label, t

SECTIONS = {
    "significance": "cmp_sec_significance",
    "difference": "cmp_sec_difference",
    "calibration": "cmp_sec_calibration",
    "curves": "cmp_sec_curves",
    "label_noise": "cmp_sec_label_noise",
    "references": "cmp_sec_references",
    "ablation": "cmp_sec_ablation",
}


def headline(c: cmp.Comparison, tx: cmp.Texts) -> None:
    ci = c.ci[c.ci["metric"] == "accuracy"].set_index("group")
    cells = st.columns(3)
    for cell, group in zip(cells, (*c.pair, "difference"), strict=True):
        row = ci.loc[group]
        value = f"{row['estimate'] * 100:+.2f} pt" if group == "difference" else f"{row['estimate']:.2%}"
        cell.metric(
            f"{t('cmp_metric_accuracy')} · {tx.group(group)}",
            value,
            help=f"95% CI [{row['low']:.4f}, {row['high']:.4f}]",
            border=True,
        )
    st.markdown(cmp.verdict(c, tx))


st.title(t("nav_comparison"))
found = cache.scenarios()
if not set(assignment.effective_pair()) <= set(found):
    st.info(t("cmp_need_both", found=", ".join(map(scenario_label, found)) or t("cmp_none")), icon=":material/info:")
    st.markdown(t("cmp_need_both_hint"))
    st.stop()
try:
    with st.spinner(t("cmp_computing")):
        comparison = cache.comparison()
except ReportError as err:
    notices.missing(err)
    st.stop()
except ValueError as err:
    st.error(t("cmp_load_error", error=notices.reason(err)))
    st.stop()

texts = cmp.Texts(t, lang(), comparison.pair)
st.caption(t("cmp_intro", n=comparison.n))
headline(comparison, texts)
chosen, folder = lang(), export.relative(paths.reports_dir())


def _zip() -> bytes:
    try:
        study = cache.ablation()
    except ReportError:
        study = None
    return export.build_zip(comparison, cmp.Texts.offline(chosen, comparison.pair), folder, ablation=study)


st.download_button(
    t("cmp_export"),
    data=_zip,
    file_name=f"comparison_report_{chosen}.zip",
    mime="application/zip",
    help=t("cmp_export_help"),
    on_click="ignore",
    icon=":material/folder_zip:",
    key="comparison_export",
)
section = st.segmented_control(
    t("cmp_section"),
    list(SECTIONS),
    default="significance",
    required=True,
    format_func=lambda s: t(SECTIONS[s]),
    key="comparison_section",
)
if section == "ablation":
    ablation.render(texts)
else:
    getattr(sections, section)(comparison, texts)
