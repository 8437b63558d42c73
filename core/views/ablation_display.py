"""The ablation study in one language: its one-sentence reading, tables and figures (page and report share them)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from core.charts import ablation as charts
from core.views.ablation import FULL, Ablation
from core.views.comparison import Texts, format_p

COMPONENT_KEYS = {
    "no_se": "abl_no_se",
    "no_finetune": "abl_no_finetune",
    "no_augment": "abl_no_augment",
    "no_class_weights": "abl_no_class_weights",
    "no_label_smoothing": "abl_no_label_smoothing",
}
"""Ablation name -> the text key naming the removed component."""


def removed(role: str, tx: Texts) -> str:
    """What a model lacks, in words ("—" for the full recipe; an unknown ablation reads as its name)."""
    return tx(COMPONENT_KEYS[role]) if role in COMPONENT_KEYS else ("—" if role == FULL else role)


def model_label(row: pd.Series, ab: Ablation, tx: Texts) -> str:
    if row["name"] == ab.reference:
        return tx("abl_reference", name=row["name"])
    if row["role"] == FULL:
        return tx("abl_seed_run", name=row["name"], seed="?" if pd.isna(row["seed"]) else int(row["seed"]))
    return f"{removed(row['role'], tx)} ({row['name']})"


def _points(x: float) -> str:
    return f"{100 * x:+.2f}"


def reading(ab: Ablation, tx: Texts) -> str:
    """Which removal costs the most accuracy, with its interval and p-value, and whether it exceeds the seed spread."""
    variants = ab.variants
    if variants.empty:
        return tx("abl_reading_none")
    worst = variants.loc[variants["d_accuracy"].idxmin()]
    if worst["d_accuracy"] >= 0:
        return tx("abl_reading_no_cost", n=len(variants))
    text = tx(
        "abl_reading_cost",
        component=removed(worst["role"], tx),
        d=_points(worst["d_accuracy"]),
        low=_points(worst["d_accuracy_low"]),
        high=_points(worst["d_accuracy_high"]),
        p=format_p(worst["p_value"]),
    )
    spread = ab.spread("accuracy")
    if spread is None:
        return text + " " + tx("abl_reading_no_seeds")
    width = spread[1] - spread[0]
    key = "abl_reading_beyond" if -worst["d_accuracy"] > width else "abl_reading_within"
    return text + " " + tx(key, spread=f"{100 * width:.2f}", runs=len(ab.full_runs))


def table_models(ab: Ablation, tx: Texts) -> pd.DataFrame:
    """One row per model: accuracy and macro-F1 with 95% intervals, the change against scenario 2, McNemar p."""
    r = ab.rows

    def interval(column: str, scale: float = 1.0, digits: int = 4) -> list[str]:
        return [
            f"[{lo * scale:.{digits}f}, {hi * scale:.{digits}f}]"
            for lo, hi in zip(r[f"{column}_low"], r[f"{column}_high"], strict=True)
        ]

    return pd.DataFrame(
        {
            tx("abl_col_model"): [model_label(row, ab, tx) for _, row in r.iterrows()],
            tx("abl_col_removed"): [removed(role, tx) for role in r["role"]],
            tx("abl_col_seed"): [("—" if pd.isna(s) else str(int(s))) for s in r["seed"]],
            tx("cmp_metric_accuracy"): r["accuracy"].round(4),
            tx("abl_col_ci"): interval("accuracy"),
            tx("abl_col_d_accuracy"): (100 * r["d_accuracy"]).round(2),
            tx("abl_col_d_ci"): interval("d_accuracy", 100, 2),
            tx("cmp_metric_macro_f1"): r["macro_f1"].round(4),
            tx("abl_col_d_macro_f1"): r["d_macro_f1"].round(4),
            tx("cmp_pvalue"): [("—" if pd.isna(p) else format_p(p)) for p in r["p_value"]],
        }
    )


def table_per_class(ab: Ablation, tx: Texts) -> pd.DataFrame:
    """Per-class F1 change against scenario 2: one row per class, one column per model."""
    labels = {row["name"]: model_label(row, ab, tx) for _, row in ab.rows.iterrows()}
    frame = ab.per_class.rename(columns=labels).round(4)
    frame.insert(0, tx("cmp_col_class"), tx.classes())
    return frame


def fig_forest(ab: Ablation, tx: Texts) -> go.Figure:
    others = ab.rows[ab.rows["name"] != ab.reference].copy()
    for metric, scale in (("accuracy", 100.0), ("macro_f1", 1.0)):
        for part in ("", "_low", "_high"):
            others[f"d_{metric}{part}"] = scale * others[f"d_{metric}{part}"]
    spread_acc, spread_f1 = ab.spread("accuracy"), ab.spread("macro_f1")
    bands = [
        None if spread_acc is None else (100 * spread_acc[0], 100 * spread_acc[1]),
        spread_f1,
    ]
    return charts.ablation_forest(
        others,
        [model_label(row, ab, tx) for _, row in others.iterrows()],
        [("accuracy", tx("abl_forest_x_accuracy")), ("macro_f1", tx("abl_forest_x_macro_f1"))],
        bands=bands,
        band_label=tx("abl_band", runs=len(ab.full_runs)),
        title=tx("abl_forest_title", n=ab.n_resamples, seed=ab.seed),
    )


def fig_per_class(ab: Ablation, tx: Texts) -> go.Figure:
    labels = {row["name"]: model_label(row, ab, tx) for _, row in ab.rows.iterrows()}
    matrix = np.asarray(ab.per_class.to_numpy().T, dtype=float)
    return charts.per_class_changes(
        matrix,
        [labels[c] for c in ab.per_class.columns],
        tx.classes(),
        colorbar=tx("abl_per_class_bar"),
        title=tx("abl_per_class_title"),
    )


TABLES: dict[str, Callable[[Ablation, Texts], pd.DataFrame]] = {
    "ablation": table_models,
    "ablation_per_class_f1": table_per_class,
}
FIGURES: dict[str, Callable[[Ablation, Texts], go.Figure]] = {
    "ablation_forest": fig_forest,
    "ablation_per_class_f1": fig_per_class,
}
