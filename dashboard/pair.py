"""The assigned pair on every page: which reports are scenario 1 and 2, and which others the viewer adds.

Pages call :func:`assigned` once per run, then :func:`reports` with its answer; it goes through
core.artifacts.assignment.scenario_pair, the one function that answers "which report is scenario N".
"""

from __future__ import annotations

import streamlit as st

from dashboard import cache, notices
from dashboard.i18n import scenario_label, t


def assigned() -> tuple[str, str]:
    """(scenario 1, scenario 2); while the assignment is damaged, the default pair.

    Never silent: the router's dashboard.notices.shared_files names the damaged file and this fallback on every page."""
    return cache.assigned_pair()


def choose(pair: tuple[str, str], found: list[str], *, key: str, preselect: int = 2) -> list[str]:
    """The pair's members among ``found`` first, then the others the viewer chose to also show (none by default).

    Extra models, ablation variants and seeds stay reachable through one "also show" multiselect; when no
    member of the pair is found, the first ``preselect`` others are chosen.
    """
    shown = [s for s in pair if s in found]
    extras = [s for s in found if s not in shown]
    if extras:
        if key not in st.session_state:  # a value set by another page (also_show) is not overridden by a default
            st.session_state[key] = [] if shown else extras[:preselect]
        st.session_state[key] = [s for s in st.session_state[key] if s in extras]
        shown += st.multiselect(
            t("pair_also_show"),
            extras,
            format_func=scenario_label,
            help=t("pair_also_show_help"),
            placeholder=t("pair_also_show_placeholder"),
            key=key,
        )
    return shown


def also_show(name: str, pair: tuple[str, str], *, key: str) -> None:
    """Add a report outside the pair to a page's "also show" choice (another page asked for it, e.g. a clicked cell)."""
    chosen = st.session_state.get(key) or []
    if name not in pair and name not in chosen and name in cache.scenarios():
        st.session_state[key] = [*chosen, name]


def reports(pair: tuple[str, str], *, key: str, stop: bool = True) -> list[str]:
    """The reports a page shows (:func:`choose` among the complete ones). With ``stop`` the page ends when none is."""
    shown = choose(pair, notices.reports(stop=stop), key=key)
    if stop and not shown:
        st.info(t("pair_none_shown"), icon=":material/info:")
        st.stop()
    return shown
