"""Small read-only tables, drawn without Streamlit's data-grid code."""

from __future__ import annotations

import pandas as pd
import streamlit as st


def static_table(frame: pd.DataFrame) -> None:
    """A few-row table as Markdown (pandas + tabulate), every cell exactly as the caller formatted it.

    These tables need no sorting or scrolling, and as Markdown they spare the browser Streamlit's
    Arrow table code (``st.table``/``st.dataframe``: about 0.7 MB of JavaScript, seen in the
    resource timing of a first visit) on the home and metrics pages.
    """
    st.markdown(frame.to_markdown(disable_numparse=True))
