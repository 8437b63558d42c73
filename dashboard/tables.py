"""Small read-only tables, drawn without Streamlit's data-grid code."""

from __future__ import annotations

import pandas as pd
import streamlit as st


def static_table(frame: pd.DataFrame, *, max_columns: int = 4) -> None:
    """A few-row table as Markdown (pandas + tabulate), every cell exactly as the caller formatted it.

    These tables need no sorting or scrolling, and as Markdown they spare the browser Streamlit's
    Arrow table code (``st.table``/``st.dataframe``: about 0.7 MB of JavaScript, seen in the
    resource timing of a first visit) on the home and metrics pages. A table wider than ``max_columns`` (the
    viewer added other reports to the pair) is a scrollable st.dataframe instead, so no column is cut off.
    """
    if len(frame.columns) > max_columns:
        st.dataframe(frame, height="content")
        return
    st.markdown(frame.to_markdown(disable_numparse=True))
