"""The paint floor: the smallest Streamlit page, served like the app to measure what any page costs."""

import streamlit as st

st.title("Paint floor")
st.write("A minimal page: what Streamlit and the browser cost before the app does anything.")
