"""FER-2013 thesis dashboard: run with `streamlit run streamlit_app.py`.

This file is only the router: the page config, the language switch in the sidebar, and the navigation
to the pages in app_pages/ (not pages/: see the README layout section), the home page first.
"""

import pylibsrtp  # noqa: F401 - the webcam page's WebRTC; its init crashes once TensorFlow is loaded, so it comes first
import streamlit as st

from dashboard import i18n, navigation, notices, roles
from dashboard.i18n import t

st.set_page_config(page_title="FER-2013 · VGG16", page_icon=":material/sentiment_satisfied:", layout="wide")
i18n.language_switch()
roles.sidebar()
notices.shared_files()
pages = [st.Page(navigation.HOME, title=t("nav_home"), icon=":material/home:", default=True)]
pages += [navigation.page(name) for name in navigation.PAGES]
st.navigation(pages).run()
