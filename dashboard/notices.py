"""What a page says when something it needs is missing or broken: the cause in the UI language and the fix."""

from __future__ import annotations

import re

import streamlit as st

from core.views.summary import missing_scenarios
from dashboard import cache
from dashboard.i18n import t

REASONS = {
    "cannot identify image file": "reason_not_an_image",
    "truncated": "reason_truncated",
    "decompression bomb": "reason_too_large",
    "exceeds limit": "reason_too_large",
    "no pixels": "reason_no_pixels",
    "no such file": "reason_file_missing",
    "not found": "reason_file_missing",
}
"""Causes our code and its libraries name in English -> their text key (first match wins)."""


def reason(err: Exception | str, lang: str | None = None) -> str:
    """The cause of an error for a message in the UI language, without object reprs (<_io.BytesIO ...>).

    An error that carries its own translations (core.model.loading.ModelFileError) speaks ``lang``; a known
    cause is translated; any other is shown as its library wrote it, cleaned."""
    if lang is not None and hasattr(err, "message"):
        return err.message(lang)
    detail = re.sub(r"\s*<[^>]*>", "", str(err)).strip(" ()") or type(err).__name__
    lowered = detail.lower()
    for fragment, key in REASONS.items():
        if fragment in lowered:
            return t(key)
    return detail


def server_relative(text: str) -> str:
    """``text`` with the server's folders named by their own names (reports/..., models/...): a viewer learns
    which file is meant, not where the server keeps it."""
    from core import paths

    for folder in (paths.reports_dir(), paths.models_dir(), paths.data_dir(), paths.ROOT):
        text = text.replace(f"{folder.resolve()}/", f"{folder.name}/").replace(f"{folder}/", f"{folder.name}/")
    return text


def missing(err: Exception) -> None:
    """Show why something is missing and the command that creates it: a lead in the UI language, then the
    ReportError as core wrote it (it names the file and the command), as a literal block."""
    st.info(f"{t('missing_file')}\n\n```text\n{server_relative(str(err))}\n```", icon=":material/info:")


def train_commands(scenarios: list[str]) -> list[str]:
    return [f"python -m core.train --scenario {s}" for s in scenarios]


def setup_commands(missing: list[str], models: list[str]) -> str:
    """A fenced shell block that creates the missing reports: train what has no model, then evaluate it."""
    lines = train_commands([s for s in missing if s not in models])
    lines += [f"python -m core.evaluate --model models/{s}.keras" for s in missing]
    return "\n\n```bash\n" + "\n".join(lines) + "\n```"


def reports(stop: bool = True) -> list[str]:
    """The scenarios with a complete report; says which are missing and how to make them.

    With ``stop`` the page ends here when there is none (the home page goes on)."""
    found = cache.scenarios()
    if absent := missing_scenarios(found, cache.assigned_pair()):
        st.info(t("missing_reports") + setup_commands(absent, cache.available_models()), icon=":material/info:")
    if stop and not found:
        st.stop()
    return found


def shared_files() -> None:
    """Every page, the same answer: a damaged shared setting is named with its fix, and what is shown instead.

    The router calls it before every page (the scenario pair and the custom-code choices are read by many)."""
    from core import paths
    from core.artifacts import assignment
    from core.model import custom_code

    try:
        assignment.scenario_pair()
    except cache.ReportError as err:
        first, second = paths.SCENARIOS
        st.warning(
            t("shared_damaged", detail=server_relative(str(err)))
            + " "
            + t("shared_default_pair", first=first, second=second)
        )
    try:
        custom_code.choices()
    except cache.ReportError as err:
        st.warning(t("shared_damaged", detail=server_relative(str(err))) + " " + t("shared_no_custom_code"))
