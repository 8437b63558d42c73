"""The comparison's tables: translated headers and labels, numbers rounded as a thesis prints them.

The page shows them and the exported report writes them as HTML and CSV. File paths are relative
to the project (never a machine path), yes/no are words, and missing values stay empty (the HTML
shows them as a dash).
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from core.evaluate import stats
from core.views.comparison import SUBSET_KEYS, Comparison, Texts


def table_mcnemar(c: Comparison, tx: Texts) -> pd.DataFrame:
    """The paired 2x2 table as four counts, then the exact p-value and the verdict at 0.05."""
    m = c.mcnemar
    rows = [
        (tx("cmp_subset_both_right"), int(m.table[0, 0])),
        (tx("cmp_only_right", scenario=tx.scenario(c.pair[0])), m.only_a),
        (tx("cmp_only_right", scenario=tx.scenario(c.pair[1])), m.only_b),
        (tx("cmp_subset_both_wrong"), int(m.table[1, 1])),
        (tx("cmp_pvalue"), f"{m.p_value:.3g}"),
        (tx("cmp_significant"), tx("cmp_yes") if m.significant() else tx("cmp_no")),
    ]
    return pd.DataFrame(rows, columns=[tx("cmp_col_quantity"), tx("cmp_col_value")]).astype({tx("cmp_col_value"): str})


def table_ci(c: Comparison, tx: Texts) -> pd.DataFrame:
    return pd.DataFrame(
        {
            tx("cmp_col_metric"): [tx.metric(m) for m in c.ci["metric"]],
            tx("cmp_col_group"): [tx.group(g) for g in c.ci["group"]],
            tx("cmp_col_estimate"): c.ci["estimate"],
            tx("cmp_col_low"): c.ci["low"],
            tx("cmp_col_high"): c.ci["high"],
        }
    )


def table_difference(c: Comparison, tx: Texts) -> pd.DataFrame:
    frame = pd.DataFrame(c.difference, columns=tx.classes())
    frame.insert(0, f"{tx('cmp_true')} \\ {tx('cmp_pred')}", tx.classes())
    return frame


def table_outcomes(c: Comparison, tx: Texts) -> pd.DataFrame:
    frame = c.outcome_counts.rename(columns={s: tx(SUBSET_KEYS[s]) for s in stats.SUBSETS})
    frame["true"] = [tx.cls(i) for i in frame["true"]]
    return frame.rename(columns={"true": tx("cmp_col_class")})


def table_calibration(c: Comparison, tx: Texts) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                tx("cmp_col_scenario"): tx.scenario(s),
                tx("cmp_col_ece"): c.calibration[s]["ece"],
                tx("cmp_col_nll"): c.calibration[s]["nll"],
                tx("cmp_col_brier"): c.calibration[s]["brier"],
                tx("cmp_col_conf_right"): c.confidence[s]["right"],
                tx("cmp_col_conf_wrong"): c.confidence[s]["wrong"],
                tx("cmp_col_share_high"): c.confidence[s]["share_high"],
            }
            for s in c.pair
        ]
    )


def _per_scenario(frames: dict[str, pd.DataFrame], tx: Texts, names: dict[str, str]) -> pd.DataFrame:
    parts = [f.rename(columns=names).assign(**{tx("cmp_col_scenario"): tx.scenario(s)}) for s, f in frames.items()]
    frame = pd.concat(parts, ignore_index=True)
    return frame[[tx("cmp_col_scenario"), *names.values()]]


def table_reliability(c: Comparison, tx: Texts) -> pd.DataFrame:
    names = {
        "low": tx("cmp_col_bin_low"),
        "high": tx("cmp_col_bin_high"),
        "count": tx("cmp_count"),
        "confidence": tx("cmp_col_mean_conf"),
        "accuracy": tx("cmp_rel_y"),
    }
    return _per_scenario(c.reliability, tx, names)


def table_histograms(c: Comparison, tx: Texts) -> pd.DataFrame:
    names = {
        "low": tx("cmp_col_bin_low"),
        "high": tx("cmp_col_bin_high"),
        "right": tx("cmp_right"),
        "wrong": tx("cmp_wrong"),
    }
    return _per_scenario(c.histograms, tx, names)


def table_curves(c: Comparison, tx: Texts) -> pd.DataFrame:
    frames = {s: c.curves[s].summary.assign(**{"class": tx.classes()}) for s in c.pair}
    names = {
        "class": tx("cmp_col_class"),
        "roc_auc": tx("cmp_col_auc"),
        "average_precision": tx("cmp_col_ap"),
        "positives": tx("cmp_col_positives"),
    }
    return _per_scenario(frames, tx, names)


def table_label_issues(c: Comparison, tx: Texts) -> pd.DataFrame:
    s = c.suspects
    return pd.DataFrame(
        {
            tx("cmp_col_index"): s["index"],
            tx("cmp_col_file"): c.files[s["index"]],
            tx("cmp_col_given"): [tx.cls(i) for i in c.labels[s["index"]]],
            tx("cmp_col_suggested"): [tx.cls(i) for i in s["suggested"]],
            tx("cmp_col_score"): s["score"],
            tx("cmp_col_suspect"): [tx("cmp_yes") if flag else tx("cmp_no") for flag in s["suspect"]],
        }
    )


def table_suspect_errors(c: Comparison, tx: Texts) -> pd.DataFrame:
    e = c.suspect_errors
    return pd.DataFrame(
        {
            tx("cmp_col_scenario"): [tx.scenario(s) for s in e["scenario"]],
            tx("cmp_col_errors"): e["errors"],
            tx("cmp_col_on_suspects"): e["on_suspects"],
            tx("cmp_col_share"): e["share"],
        }
    )


def table_references(c: Comparison, tx: Texts) -> pd.DataFrame:
    rows = [
        {
            tx("cmp_col_model"): tx.scenario(s),
            tx("cmp_col_accuracy"): round(100 * c.accuracy(s), 2),
            tx("cmp_col_citation"): tx("cmp_ref_this_study"),
            tx("cmp_col_source"): f"reports/{s}/predictions.csv",
            tx("cmp_col_note"): f"n = {c.n}",
        }
        for s in c.pair
    ]
    rows += [
        {
            tx("cmp_col_model"): getattr(r, f"model_{tx.lang}"),
            tx("cmp_col_accuracy"): r.accuracy_pct,
            tx("cmp_col_citation"): r.citation,
            tx("cmp_col_source"): r.source,
            tx("cmp_col_note"): getattr(r, f"note_{tx.lang}"),
        }
        for r in c.references.itertuples()
    ]
    return pd.DataFrame(rows)


TABLES: dict[str, Callable[[Comparison, Texts], pd.DataFrame]] = {
    "mcnemar": table_mcnemar,
    "confidence_intervals": table_ci,
    "difference_confusion": table_difference,
    "outcomes_per_class": table_outcomes,
    "calibration": table_calibration,
    "reliability_bins": table_reliability,
    "confidence_histograms": table_histograms,
    "roc_pr_per_class": table_curves,
    "label_issues": table_label_issues,
    "errors_on_label_issues": table_suspect_errors,
    "references": table_references,
}
