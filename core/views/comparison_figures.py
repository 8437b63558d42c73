"""The comparison's figures: a Comparison and its labels in one language, handed to core.charts.stats.

The Plotly drawing lives in core.charts (which imports no pipeline stage); this module is the thin
adapter that picks the numbers and the translated labels out of a Comparison, so it sits in views.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go

from core.charts import curves
from core.charts import stats as charts
from core.evaluate import stats
from core.views.comparison import SUBSET_KEYS, Comparison, Texts


def fig_mcnemar(c: Comparison, tx: Texts) -> go.Figure:
    outcome = [tx("cmp_right"), tx("cmp_wrong")]
    return charts.mcnemar_table(
        c.mcnemar.table,
        outcome,
        outcome,
        x_title=tx.scenario(c.pair[1]),
        y_title=tx.scenario(c.pair[0]),
        title=tx("cmp_mcnemar_title"),
    )


def fig_forest(c: Comparison, tx: Texts) -> go.Figure:
    labels = {m: tx.metric(m) for m in c.ci["metric"].unique()}
    groups = {g: tx.group(g) for g in c.ci["group"].unique()}
    return charts.ci_forest(
        c.ci,
        labels,
        groups,
        x_title=tx("cmp_ci_value"),
        diff_title=tx("cmp_ci_diff"),
        title=tx("cmp_ci_title", n=c.n_resamples, seed=c.seed),
        pair=c.pair,
    )


CURVE_KEYS = {"roc": ("cmp_roc_x", "cmp_roc_y", "cmp_roc_title"), "pr": ("cmp_pr_x", "cmp_pr_y", "cmp_pr_title")}
"""Curve kind -> the text keys of its x axis, y axis and title."""


def fig_difference(c: Comparison, tx: Texts) -> go.Figure:
    return charts.difference_matrix(
        c.difference,
        tx.classes(),
        tx("cmp_pred"),
        y_title=tx("cmp_true"),
        colorbar_title=tx("cmp_diff"),
        title=tx("cmp_diffcm_title"),
    )


def fig_outcomes(c: Comparison, tx: Texts) -> go.Figure:
    subsets = {s: tx(SUBSET_KEYS[s]) for s in stats.SUBSETS}
    return charts.outcome_bars(
        c.outcome_counts, tx.classes(), subsets, x_title=tx("cmp_outcome_axis"), title=tx("cmp_outcome_title")
    )


def fig_reliability(c: Comparison, tx: Texts) -> go.Figure:
    return charts.reliability_diagram(
        c.reliability,
        {s: tx.scenario(s) for s in c.pair},
        tx("cmp_rel_x"),
        y_title=tx("cmp_rel_y"),
        perfect_label=tx("cmp_rel_perfect"),
        count_label=tx("cmp_count"),
        title=tx("cmp_rel_title"),
        pair=c.pair,
    )


def fig_histograms(c: Comparison, tx: Texts) -> go.Figure:
    return charts.confidence_histograms(
        c.histograms,
        {s: tx.scenario(s) for s in c.pair},
        tx("cmp_right"),
        wrong_label=tx("cmp_wrong"),
        x_title=tx("cmp_hist_x"),
        y_title=tx("cmp_hist_y"),
        title=tx("cmp_hist_title"),
    )


def _fig_curves(c: Comparison, tx: Texts, kind: str) -> go.Figure:
    """One-vs-rest ROC (``kind`` "roc") or precision-recall ("pr") panels with their area scores."""
    column, score_name = {"roc": ("roc_auc", "AUC"), "pr": ("average_precision", "AP")}[kind]
    x, y, title = CURVE_KEYS[kind]
    return curves.ovr_curves(
        {s: getattr(c.curves[s], kind) for s in c.pair},
        {s: c.curves[s].summary[column].tolist() for s in c.pair},
        tx.classes(),
        names={s: tx.scenario(s) for s in c.pair},
        x_title=tx(x),
        y_title=tx(y),
        score_name=score_name,
        diagonal=kind == "roc",
        title=tx(title),
        pair=c.pair,
    )


def fig_roc(c: Comparison, tx: Texts) -> go.Figure:
    return _fig_curves(c, tx, "roc")


def fig_pr(c: Comparison, tx: Texts) -> go.Figure:
    return _fig_curves(c, tx, "pr")


def fig_references(c: Comparison, tx: Texts) -> go.Figure:
    rows = [
        {
            "label": f"{tx.scenario(s)} · {tx('cmp_ref_this_study')}",
            "accuracy_pct": 100 * c.accuracy(s),
            "scenario": s,
            "hover": tx("cmp_ref_ours", scenario=s, n=c.n),
        }
        for s in c.pair
    ]
    for ref in c.references.itertuples():
        note = getattr(ref, f"note_{tx.lang}")
        rows.append(
            {
                "label": f"{getattr(ref, f'model_{tx.lang}')} ({ref.citation})",
                "accuracy_pct": ref.accuracy_pct,
                "scenario": "",
                "hover": f"{ref.source}<br>{note}" if note else ref.source,
            }
        )
    return charts.reference_bars(pd.DataFrame(rows), tx("cmp_ref_x"), tx("cmp_ref_title"), pair=c.pair)


FIGURES: dict[str, Callable[[Comparison, Texts], go.Figure]] = {
    "mcnemar": fig_mcnemar,
    "confidence_intervals": fig_forest,
    "difference_confusion": fig_difference,
    "outcomes": fig_outcomes,
    "reliability": fig_reliability,
    "confidence_histograms": fig_histograms,
    "roc": fig_roc,
    "precision_recall": fig_pr,
    "references": fig_references,
}
