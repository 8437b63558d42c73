"""FER-2013 thesis dashboard: run with `streamlit run streamlit_app.py`.

This file is the home page and the router: it sets the page config, the language switch in
the sidebar, and the navigation to the pages in app_pages/ (not pages/: see the README layout section).
"""

import streamlit as st

from core import paths
from dashboard import cache, i18n, navigation, notices, roles
from dashboard import home as sections
from dashboard.i18n import t


def _links() -> None:
    st.subheader(t("home_pages"))
    columns = st.columns(2)
    for i, entry in enumerate(navigation.PAGES.values()):
        with columns[i % 2]:
            st.page_link(entry.path, label=t(entry.title), icon=entry.icon)
            st.caption(t(entry.blurb))


def _academic() -> None:
    st.subheader(t("home_academic"))
    st.markdown(f"{t('home_academic_note')}\n\n1. {t('home_cite_thesis')}\n2. {t('home_cite_fer')}")


def home() -> None:
    """Thesis identity, the two scenarios, their measured headline numbers and provenance."""
    st.title(t("home_thesis_title"))
    st.caption(t("home_thesis_subtitle"))
    st.markdown(t("home_identity"))
    scenarios = notices.reports(stop=False)
    cards = {s: cache.model_card(s) for s in scenarios}
    sections.scenario_table(list(dict.fromkeys([*paths.SCENARIOS, *scenarios])), cards)
    if scenarios:
        metrics = {s: cache.metrics(s) for s in scenarios}
        sections.headline(scenarios, metrics)
        sections.provenance(scenarios, cards, metrics)
        sections.capabilities(scenarios, cards, metrics)
    _links()
    _academic()


st.set_page_config(page_title="FER-2013 · VGG16", page_icon=":material/sentiment_satisfied:", layout="wide")
i18n.language_switch()
roles.sidebar()
notices.shared_files()
pages = [st.Page(home, title=t("nav_home"), icon=":material/home:", default=True)]
pages += [navigation.page(name) for name in navigation.PAGES]
st.navigation(pages).run()
