"""Logic of the FER-2013 thesis dashboard: data, models, training, evaluation, reports.

Nothing in this package imports Streamlit; modules that need TensorFlow import it
themselves, so the report readers stay light.
"""
