"""The training page's card-derived texts: the configuration table with readable names, continued runs, fingerprints."""

from __future__ import annotations

from typing import Any

import pandas as pd

from core.views import summary
from dashboard.i18n import scenario_label, t

GROUP_KEYS = {
    "recipe": "training_group_recipe",
    "hyperparameters": "training_group_hyperparameters",
    "test_time_flip": "training_group_flip",
    "versions": "training_group_versions",
}
FLIP_KEYS = {
    "test_time_flip.used": "training_flip_used",
    "test_time_flip.method": "training_flip_method",
    "test_time_flip.chosen_by": "training_flip_chosen_by",
    "test_time_flip.images": "training_flip_images",
    "test_time_flip.public_accuracy.single": "training_flip_single",
    "test_time_flip.public_accuracy.flip": "training_flip_flip",
}
"""The flip-average card entries -> their row names (the card's own words are English field names)."""


def _name(key: str) -> str:
    """A card key's row name: its own text (run facts and recipe), else its card name under a translated group."""
    group, _, rest = key.partition(".")
    if key in FLIP_KEYS:
        return f"{t(GROUP_KEYS[group])} · {t(FLIP_KEYS[key])}"
    if key in summary.CONFIG_KEYS or (group == "recipe" and rest in summary.RECIPE_KEYS):
        return t(summary.CONFIG_KEYS.get(key) or summary.RECIPE_KEYS[rest])
    return f"{t(GROUP_KEYS[group])} · {rest}" if group in GROUP_KEYS and rest else key


def config_table(cards: dict[str, dict[str, Any]]) -> pd.DataFrame:
    """summary.config_table with translated row names and scenario columns (values as the card states them)."""
    yes_no = {"True": t("home_yes"), "False": t("home_no")}
    table = summary.config_table(cards).map(lambda cell: yes_no.get(cell, cell))
    table.index = [_name(key) for key in table.index]
    table.columns = [scenario_label(s) for s in table.columns]
    return table.rename_axis(t("training_key"))


def continuation_note(scenario: str, card: dict[str, Any] | None, history: pd.DataFrame | None) -> str | None:
    """Why the curves jump for a continued run: where each part ran, epoch times and the learning-rate restart."""
    part = summary.continuation(card, history)
    if part is None:
        return None
    first_where = t("training_on_gpu") if "GPU" in part.first_transport else t("training_on_elsewhere")
    lines = [
        t(
            "training_continued",
            scenario=scenario_label(scenario),
            first=part.first_epochs,
            start=part.first_epochs + 1,
            last=part.epochs,
            first_where=first_where,
            first_backend=part.first_backend,
            backend=part.backend,
        )
    ]
    if part.first_epoch_s is not None and part.epoch_s is not None:
        lines.append(t("training_continued_times", before=part.first_epoch_s, after=part.epoch_s))
    if part.lr_restarted:
        lines.append(t("training_continued_lr"))
    return " ".join(lines)


def fingerprint_note(cards: dict[str, dict[str, Any]]) -> str | None:
    """Why the scenarios' data fingerprints differ (None when they agree or are not recorded)."""
    prints = {s: c.get("data_fingerprint") for s, c in cards.items() if c.get("data_fingerprint")}
    if len(set(prints.values())) < 2:
        return None
    images = {c.get("train_images") for c in cards.values()}
    sources = ", ".join(
        f"{scenario_label(s)}: `{summary.folder_name(cards[s].get('data_source', '?'))}`" for s in prints
    )
    same = t("training_fingerprint_same", n=f"{images.pop():,}") if len(images) == 1 and None not in images else ""
    return t("training_fingerprint", sources=sources) + (" " + same if same else "")
