"""Home: the thesis, the assigned pair's recipes, their measured headline numbers and provenance."""

import streamlit as st

from dashboard import cache, navigation, pair
from dashboard import home as sections
from dashboard.i18n import t


def links() -> None:
    st.subheader(t("home_pages"))
    columns = st.columns(2)
    for i, entry in enumerate(navigation.PAGES.values()):
        with columns[i % 2]:
            st.page_link(entry.path, label=t(entry.title), icon=entry.icon)
            st.caption(t(entry.blurb))


def academic() -> None:
    st.subheader(t("home_academic"))
    st.markdown(f"{t('home_academic_note')}\n\n1. {t('home_cite_thesis')}\n2. {t('home_cite_fer')}")


st.title(t("home_thesis_title"))
st.caption(t("home_thesis_subtitle"))
st.markdown(t("home_identity"))
assigned = pair.assigned()
scenarios = pair.reports(assigned, key="home_also_show", stop=False)
cards = {s: cache.model_card(s) for s in scenarios}
sections.scenario_table(scenarios or list(assigned), cards)
if scenarios:
    metrics = {s: cache.metrics(s) for s in scenarios}
    sections.headline(scenarios, metrics)
    sections.provenance(scenarios, cards, metrics)
    sections.capabilities(scenarios, cards, metrics)
links()
academic()
