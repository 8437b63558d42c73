"""Streamlit-side helpers: the one cached access layer to core, and the UI language."""
