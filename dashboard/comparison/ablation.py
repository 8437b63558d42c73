"""The comparison page's ablation section: which part of scenario 2 earns its gain, from the reports only.

Without variants it says so and lists the commands that train them (no placeholder chart).
"""

import streamlit as st

from core.artifacts import reports
from core.artifacts.files import ReportError
from core.views import ablation, ablation_display
from core.views.comparison import Texts
from dashboard import cache, notices
from dashboard.figures import download_csv, show
from dashboard.i18n import t


def _commands(reference: str) -> None:
    st.code("\n".join(ablation.train_commands(reference)), language="bash")


def render(tx: Texts) -> None:
    st.markdown(t("abl_intro"))
    damaged = reports.damaged_reports()
    if damaged:
        st.warning(t("abl_damaged", names=", ".join(damaged)), icon=":material/warning:")
    try:
        with st.spinner(t("cmp_computing")):
            study = cache.ablation()
    except ReportError as err:
        notices.missing(err)
        return
    if study.variants.empty:
        st.info(t("abl_none") if len(study.full_runs) < 2 else t("abl_seeds_only"), icon=":material/info:")
        _commands(study.reference)
        return
    st.markdown(ablation_display.reading(study, tx))
    show(ablation_display.fig_forest(study, tx), key="comparison_ablation_forest")
    models = ablation_display.table_models(study, tx)
    st.dataframe(models, hide_index=True, key="comparison_ablation_table")
    download_csv(models, "ablation", key="comparison_ablation_csv", index=False)
    show(ablation_display.fig_per_class(study, tx), key="comparison_ablation_per_class")
    st.dataframe(
        ablation_display.table_per_class(study, tx), hide_index=True, key="comparison_ablation_per_class_table"
    )
    with st.expander(t("abl_commands")):
        _commands(study.reference)
