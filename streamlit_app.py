"""FER-2013 thesis dashboard: run with `streamlit run streamlit_app.py`.

This file is the home page and the router: it sets the page config, the language switch in
the sidebar, and the navigation to the pages in pages/.
"""

import streamlit as st

from dashboard import i18n, navigation
from dashboard.i18n import t


def home() -> None:
    st.title(t("nav_home"))


st.set_page_config(page_title="FER-2013 · VGG16", page_icon=":material/sentiment_satisfied:", layout="wide")
i18n.language_switch()
pages = [st.Page(home, title=t("nav_home"), icon=":material/home:", default=True)]
pages += [navigation.page(name) for name in navigation.PAGES]
st.navigation(pages).run()
