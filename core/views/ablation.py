"""Which part of scenario 2 earns its gain: ablation variants and seeds of the full recipe, against scenario 2.

A report belongs to the study through its model card (written by ``python -m core.train``):

- ``card["recipe"]["ablation"]``: the one component removed, a key of :data:`ABLATIONS`
  ("no_se", "no_finetune", "no_augment", "no_class_weights", "no_label_smoothing"); absent,
  empty or "none" for the full recipe. Unknown names are kept and shown as they are.
- the run's seed: ``card["seed"]``, else ``card["recipe"]["seed"]``, else ``card["hyperparameters"]["seed"]``.

A card without the ``ablation`` entry counts as a variant when its recipe differs from the
reference's in exactly one switch, turned off (for example ``squeeze_excitation: false``), and
both record all five switches.
The reference is the report assigned to scenario 2. A seed run is a report without an ablation
whose recipe equals the reference's (on the keys both record, ignoring ablation and seed) and
whose seed differs. Every
number is paired on the same PrivateTest images: bootstrap intervals use the same resamples for
every model, the change against scenario 2 has its own paired interval, McNemar's exact test
gives its p-value.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from core import paths
from core.artifacts import assignment, reports
from core.classes import CLASSES
from core.evaluate import stats

ABLATIONS: dict[str, str] = {
    "no_se": "--no-se",
    "no_finetune": "--no-finetune",
    "no_augment": "--no-augment",
    "no_class_weights": "--class-weights none",
    "no_label_smoothing": "--label-smoothing 0",
}
"""Ablation name (as the card records it) -> the core.train switch that trains it."""
EXTRA_SEEDS = (1, 2)
"""Seeds the full recipe is trained with again to measure run-to-run spread."""
FULL = "full"
METRICS = ("accuracy", "macro_f1")


def ablation_of(card: dict[str, Any]) -> str | None:
    """The component a card's recipe removes, or None for the full recipe (read defensively)."""
    recipe = card.get("recipe")
    value = recipe.get("ablation") if isinstance(recipe, dict) else None
    if value is None or str(value).strip().lower() in ("", "none", FULL):
        return None
    return str(value)


def seed_of(card: dict[str, Any]) -> int | None:
    """The training seed a card records, wherever it keeps it."""
    for holder in (card, card.get("recipe"), card.get("hyperparameters")):
        if isinstance(holder, dict) and isinstance(holder.get("seed"), int) and not isinstance(holder["seed"], bool):
            return holder["seed"]
    return None


REMOVED_WHEN: dict[str, tuple[str, object]] = {
    "no_se": ("squeeze_excitation", False),
    "no_finetune": ("trainable_backbone", "none"),
    "no_augment": ("augmentation", False),
    "no_class_weights": ("class_weights", "none"),
    "no_label_smoothing": ("label_smoothing", 0.0),
}
"""For cards without an ``ablation`` entry: the recipe value that says the component is off."""


def _recipe(card: dict[str, Any]) -> dict[str, Any]:
    recipe = card.get("recipe")
    return {k: v for k, v in recipe.items() if k not in ("ablation", "seed")} if isinstance(recipe, dict) else {}


def _differences(card: dict[str, Any], ref_card: dict[str, Any]) -> set[str]:
    """Recipe keys both cards record with different values (a key only one of them knows is no difference)."""
    mine, ref = _recipe(card), _recipe(ref_card)
    return {k for k in mine.keys() & ref.keys() if mine[k] != ref[k]}


def _role(card: dict[str, Any], ref_card: dict[str, Any]) -> str | None:
    """The card's ablation (recorded, else read off the one recipe switch it turned off), FULL, or None."""
    removed = ablation_of(card)
    if removed:
        return removed
    if not _recipe(ref_card) or not _recipe(card):
        return None
    differences = _differences(card, ref_card)
    if not differences:
        return FULL if seed_of(card) not in (None, seed_of(ref_card)) else None
    switches = {key for key, _ in REMOVED_WHEN.values()}
    if not switches <= _recipe(card).keys() & _recipe(ref_card).keys():
        return None
    off = [name for name, (key, value) in REMOVED_WHEN.items() if _recipe(card)[key] == value]
    return off[0] if len(off) == 1 and differences == {REMOVED_WHEN[off[0]][0]} else None


def roles(cards: dict[str, dict[str, Any]], reference: str) -> dict[str, str]:
    """Report name -> "full" (the reference and its seed runs) or the ablation it is; others are left out."""
    found = {reference: FULL}
    for name, card in cards.items():
        role = None if name == reference else _role(card, cards[reference])
        if role:
            found[name] = role
    order = {name: i for i, name in enumerate(ABLATIONS)}
    return dict(sorted(found.items(), key=lambda item: (item[0] != reference, item[1] != FULL, order.get(item[1], 99))))


@dataclass(frozen=True)
class Ablation:
    """The study, computed once: one row per model, per-class F1 changes, bootstrap settings."""

    reference: str
    n: int
    rows: pd.DataFrame
    """name, role, seed; per metric m in METRICS: m, m_low, m_high, d_m, d_m_low, d_m_high;
    only_reference, only_other (McNemar's discordant counts), p_value. The reference row comes first."""
    per_class: pd.DataFrame
    """F1 change against the reference, rows = class index, one column per model (reference excluded)."""
    n_resamples: int
    seed: int

    @property
    def variants(self) -> pd.DataFrame:
        return self.rows[self.rows["role"] != FULL]

    @property
    def full_runs(self) -> pd.DataFrame:
        return self.rows[self.rows["role"] == FULL]

    def spread(self, metric: str = "accuracy") -> tuple[float, float] | None:
        """(lowest, highest) change against the reference among the full-recipe runs; None with one run only."""
        runs = self.full_runs
        if len(runs) < 2:
            return None
        return float(runs[f"d_{metric}"].min()), float(runs[f"d_{metric}"].max())


def _row(name: str, role: str, seed: int | None, *, ci: pd.DataFrame, reference: str) -> dict[str, Any]:
    table = ci.set_index(["group", "metric"])
    row: dict[str, Any] = {"name": name, "role": role, "seed": seed}
    for metric in METRICS:
        own = table.loc[(name, metric)]
        row.update({metric: own["estimate"], f"{metric}_low": own["low"], f"{metric}_high": own["high"]})
        if name == reference:
            row.update({f"d_{metric}": 0.0, f"d_{metric}_low": 0.0, f"d_{metric}_high": 0.0})
        else:
            diff = table.loc[("difference", metric)]
            row.update(
                {f"d_{metric}": diff["estimate"], f"d_{metric}_low": diff["low"], f"d_{metric}_high": diff["high"]}
            )
    return row


def compute(
    predictions: dict[str, pd.DataFrame],
    cards: dict[str, dict[str, Any]],
    reference: str,
    *,
    n_resamples: int = stats.BOOTSTRAP_RESAMPLES,
    seed: int = stats.BOOTSTRAP_SEED,
) -> Ablation:
    """The ablation of every report in the study against ``reference`` (the full scenario 2)."""
    members = {name: role for name, role in roles(cards, reference).items() if name in predictions}
    rows, per_class = [], {}
    f1_names = [f"f1_{c}" for c in CLASSES]
    labels = predictions[reference]["label"].to_numpy()
    for name, role in members.items():
        labels, p_ref, p_other = stats.pair_predictions(predictions[reference], predictions[name])
        preds = {reference: p_ref.argmax(1)} | ({} if name == reference else {name: p_other.argmax(1)})
        difference = None if name == reference else (reference, name)
        ci = stats.bootstrap_ci(labels, preds, difference=difference, n_resamples=n_resamples, seed=seed)
        row = _row(name, role, seed_of(cards[name]), ci=ci, reference=reference)
        test = stats.mcnemar(preds[reference] == labels, p_other.argmax(1) == labels)
        row.update(only_reference=test.only_a, only_other=test.only_b, p_value=test.p_value)
        rows.append(row)
        if name != reference:
            diff = ci[ci["group"] == "difference"].set_index("metric")
            per_class[name] = diff.loc[f1_names, "estimate"].to_numpy()
    frame = pd.DataFrame(rows)
    frame.loc[frame["name"] == reference, ["p_value"]] = np.nan
    return Ablation(reference, len(labels), frame, pd.DataFrame(per_class), n_resamples, seed)


def load_ablation(
    n_resamples: int = stats.BOOTSTRAP_RESAMPLES, seed: int = stats.BOOTSTRAP_SEED, root: Path | None = None
) -> Ablation:
    """The study from the sealed reports in ``root`` (default reports/).

    Raises ReportError when scenario 2's report is missing or damaged; other damaged reports are left out
    (``reports.damaged_reports`` names them)."""
    root = root or paths.reports_dir()
    reference = assignment.effective_pair(root)[1]
    names = reports.available_scenarios(root)
    if reference not in names:
        reports.check_report(root / reference)
    cards = {name: reports.load_model_card(name, root) for name in names}
    members = roles(cards, reference)
    predictions = {name: reports.load_predictions(name, root) for name in members}
    return compute(predictions, cards, reference, n_resamples=n_resamples, seed=seed)


def train_command(role: str, seed: int | None = None, models_dir: str | None = None) -> str:
    """The core.train command of one study member: the scenario-2 recipe, its switch, its seed."""
    parts = ["python -m core.train --scenario optimized"]
    if role != FULL:
        parts.append(ABLATIONS.get(role, f"(recipe switch for {role})"))
    if seed:
        parts.append(f"--seed {seed}")
    if models_dir:
        parts.append(f"--models-dir {models_dir}")
    return " ".join(parts)


def train_commands(reference: str = "optimized") -> list[str]:
    """The commands that train and evaluate every variant and seed run of the scenario-2 recipe."""
    runs = [(name, name, None) for name in ABLATIONS] + [(f"seed{s}", FULL, s) for s in EXTRA_SEEDS]
    commands = []
    for name, role, seed in runs:
        folder = f"models/ablation/{name}"
        commands.append(train_command(role, seed, folder))
        commands.append(f"python -m core.evaluate --model {folder}/optimized.keras --scenario {reference}_{name}")
    return commands
