"""The headline metric cards (home and metrics pages): one bordered card per report, at most two in a row.

Every card after the first shows its change from the first (scenario 1 when it is shown), coloured by
whether the metric is better higher or lower, so a long name or a 12-report page never squeezes a value.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from core.views import summary
from dashboard.i18n import metric_label, scenario_label

PER_ROW = 2
"""Reports side by side; more go to the next row (three metric values in a card's row stay readable)."""


def metric_cards(metrics: dict[str, dict[str, Any]], names: Sequence[str], *, note: str | None = None) -> None:
    """Cards of the ``names`` headline metrics (summary.HEADLINE order) per report in ``metrics``, pair first."""
    higher = dict(summary.HEADLINE)
    scenarios = list(metrics)
    first = metrics[scenarios[0]]
    for start in range(0, len(scenarios), PER_ROW):
        row = scenarios[start : start + PER_ROW]
        for column, scenario in zip(st.columns(PER_ROW), row, strict=False):
            with column.container(border=True):
                st.markdown(f"**{scenario_label(scenario)}**")
                cells = st.columns(min(3, len(names)))
                for i, name in enumerate(names):
                    value = metrics[scenario][name]
                    delta = None if scenario == scenarios[0] else summary.format_change(name, value - first[name])
                    cells[i % len(cells)].metric(
                        metric_label(name),
                        summary.format_value(name, value),
                        delta=delta,
                        delta_color="normal" if higher[name] else "inverse",
                    )
    if note and len(scenarios) > 1:
        st.caption(note)
