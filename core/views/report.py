"""The scenario comparison: its statistics, figures, tables and sentences, and the exported report.

``compare`` turns the two prediction tables into a ``Comparison`` (McNemar, paired bootstrap,
calibration, curves, label noise, references); the figure, table and sentence builders below
render it in one language. The comparison page and the report share them, so the thesis
attachment says exactly what the dashboard shows.

Command line (no TensorFlow needed, only the files in reports/)::

    python -m core.views.report --out report.zip            # Bahasa Indonesia
    python -m core.views.report --out report.zip --lang en  # English
"""

from __future__ import annotations

import argparse
import html
import io
import os
import re
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from core import classes, paths, texts
from core.artifacts import reports
from core.charts import stats as charts
from core.evaluate import stats
from core.evaluate.label_noise import errors_on_suspects, suspected_label_issues

REFERENCES_FILE = paths.ROOT / "data" / "references.csv"
REFERENCE_COLUMNS = ["key", "model_en", "model_id", "accuracy_pct", "citation", "source", "note_en", "note_id"]
PAIR = ("baseline", "optimized")


def load_references(path: Path = REFERENCES_FILE) -> pd.DataFrame:
    """Published FER-2013 PrivateTest results with their citations, checked for the columns the page needs."""
    try:
        frame = pd.read_csv(path, keep_default_na=False)
    except (OSError, pd.errors.ParserError) as err:
        raise ValueError(f"{path} cannot be read ({err}).") from err
    missing = set(REFERENCE_COLUMNS) - set(frame.columns)
    if missing:
        raise ValueError(f"{path} lacks columns {sorted(missing)}.")
    accuracy = pd.to_numeric(frame["accuracy_pct"], errors="coerce")
    if accuracy.isna().any() or not accuracy.between(0, 100).all():
        raise ValueError(f"{path}: accuracy_pct must be a percentage between 0 and 100.")
    return frame.assign(accuracy_pct=accuracy.astype(float))


class Texts:
    """Strings of one language: the page passes dashboard.i18n.t, the CLI the same texts read offline."""

    def __init__(self, lookup: Callable[..., str], lang: str) -> None:
        self.lookup = lookup
        self.lang = lang

    def __call__(self, key: str, **values: object) -> str:
        return self.lookup(key, **values)

    def cls(self, index: int) -> str:
        return classes.label(index, self.lang)

    def classes(self) -> list[str]:
        return classes.labels(self.lang)

    def scenario(self, name: str) -> str:
        return self(f"scenario_{name}")

    def group(self, name: str) -> str:
        return self("cmp_group_difference") if name == "difference" else self.scenario(name)

    def metric(self, name: str) -> str:
        if name.startswith("f1_"):
            return self("cmp_metric_f1", cls=self.cls(classes.index_of(name[3:])))
        return self(f"cmp_metric_{name}")

    @classmethod
    def offline(cls, lang: str) -> Texts:
        """The dashboard's own strings (texts/*.toml), without Streamlit."""
        return cls(lambda key, **values: texts.text(key, lang, **values), lang)


@dataclass(frozen=True)
class Comparison:
    """Everything the comparison shows, computed once from the two prediction tables."""

    files: np.ndarray
    labels: np.ndarray
    probs: dict[str, np.ndarray]
    preds: dict[str, np.ndarray]
    mcnemar: stats.McNemar
    ci: pd.DataFrame
    n_resamples: int
    seed: int
    difference: np.ndarray
    outcome_counts: pd.DataFrame
    calibration: dict[str, dict[str, float]]
    reliability: dict[str, pd.DataFrame]
    histograms: dict[str, pd.DataFrame]
    confidence: dict[str, dict[str, float]]
    curves: dict[str, stats.Curves]
    suspects: pd.DataFrame
    suspect_errors: pd.DataFrame
    references: pd.DataFrame
    label_smoothing: float | None

    @property
    def n(self) -> int:
        return len(self.labels)

    def accuracy(self, scenario: str) -> float:
        return float(np.mean(self.preds[scenario] == self.labels))


def compare(
    base: pd.DataFrame,
    opt: pd.DataFrame,
    references: pd.DataFrame,
    label_smoothing: float | None = None,
    n_resamples: int = 2000,
    seed: int = 0,
) -> Comparison:
    """The full comparison of the baseline (``base``) and optimized (``opt``) prediction tables."""
    labels, p_base, p_opt = stats.pair_predictions(base, opt)
    probs = dict(zip(PAIR, (p_base, p_opt), strict=True))
    preds = {name: p.argmax(axis=1) for name, p in probs.items()}
    suspects = suspected_label_issues(labels, list(probs.values()))
    suspect_mask = np.zeros(len(labels), dtype=bool)
    suspect_mask[suspects.loc[suspects["suspect"], "index"].to_numpy()] = True
    return Comparison(
        files=base["file"].to_numpy(),
        labels=labels,
        probs=probs,
        preds=preds,
        mcnemar=stats.mcnemar(preds["baseline"] == labels, preds["optimized"] == labels),
        ci=stats.bootstrap_ci(labels, preds, difference=PAIR, n_resamples=n_resamples, seed=seed),
        n_resamples=n_resamples,
        seed=seed,
        difference=stats.difference_confusion(labels, preds["baseline"], preds["optimized"]),
        outcome_counts=stats.outcome_counts(labels, preds["baseline"], preds["optimized"]),
        calibration={name: stats.calibration_summary(labels, p) for name, p in probs.items()},
        reliability={name: stats.reliability_bins(labels, p) for name, p in probs.items()},
        histograms={name: stats.confidence_histogram(labels, p) for name, p in probs.items()},
        confidence={name: stats.confidence_summary(labels, p) for name, p in probs.items()},
        curves={name: stats.ovr_curves(labels, p) for name, p in probs.items()},
        suspects=suspects,
        suspect_errors=errors_on_suspects(labels, preds, suspect_mask),
        references=references,
        label_smoothing=label_smoothing,
    )


def label_smoothing_of(card: dict) -> float | None:
    """The label smoothing a model card records for its recipe, if any."""
    value = card.get("recipe", {}).get("label_smoothing")
    return float(value) if isinstance(value, int | float) else None


def load_comparison(n_resamples: int = 2000, seed: int = 0) -> Comparison:
    """The comparison of the sealed reports in reports/ (raises ReportError when one is missing)."""
    base, opt = (reports.load_predictions(name) for name in PAIR)
    smoothing = label_smoothing_of(reports.load_model_card("optimized"))
    return compare(base, opt, load_references(), smoothing, n_resamples, seed)


def format_p(p: float) -> str:
    """'p < 0.0001' or 'p = 0.0123': the exact p-value, rounded as a thesis would print it."""
    return "p < 0.0001" if p < 1e-4 else f"p = {p:.4f}"


def _pct(x: float) -> str:
    return f"{x:.1%}"


def _points(x: float) -> str:
    return f"{100 * x:+.2f}"


def _direction(opt: float, base: float, tx: Texts) -> str:
    if abs(opt - base) < 5e-4:
        return tx("cmp_same")
    return tx("cmp_higher") if opt > base else tx("cmp_lower")


# Sentences


def verdict(c: Comparison, tx: Texts, alpha: float = 0.05) -> str:
    """Plain-language McNemar verdict: significant or not at ``alpha``, and in which direction."""
    m = c.mcnemar
    p = format_p(m.p_value)
    if m.only_a + m.only_b == 0:
        return tx("cmp_verdict_tie", p=p)
    base_wins = m.only_a > m.only_b
    better, worse = (PAIR[0], PAIR[1]) if base_wins else (PAIR[1], PAIR[0])
    values = dict(
        p=p,
        better=tx.scenario(better),
        worse=tx.scenario(worse),
        n_better=max(m.only_a, m.only_b),
        n_worse=min(m.only_a, m.only_b),
    )
    return tx("cmp_verdict_sig" if m.significant(alpha) else "cmp_verdict_not", **values)


def ci_sentence(c: Comparison, tx: Texts) -> str:
    diff = c.ci[c.ci["group"] == "difference"].set_index("metric")
    acc, f1 = diff.loc["accuracy"], diff.loc["macro_f1"]
    return tx(
        "cmp_ci_sentence",
        diff=_points(acc["estimate"]),
        low=_points(acc["low"]),
        high=_points(acc["high"]),
        fdiff=f"{f1['estimate']:+.4f}",
        flow=f"{f1['low']:+.4f}",
        fhigh=f"{f1['high']:+.4f}",
    )


def smoothing_sentence(c: Comparison, tx: Texts) -> str:
    """How scenario 2's confidence differs from scenario 1's, right and wrong, computed from the predictions."""
    base, opt = c.confidence["baseline"], c.confidence["optimized"]
    intro = ""
    if c.label_smoothing:
        target = 1 - c.label_smoothing + c.label_smoothing / classes.NUM_CLASSES
        intro = tx("cmp_smoothing_known", ls=f"{c.label_smoothing:g}", target=f"{target:.3f}")
    return intro + tx(
        "cmp_smoothing_shift",
        dir_right=_direction(opt["right"], base["right"], tx),
        dir_wrong=_direction(opt["wrong"], base["wrong"], tx),
        opt_right=f"{opt['right']:.3f}",
        base_right=f"{base['right']:.3f}",
        opt_wrong=f"{opt['wrong']:.3f}",
        base_wrong=f"{base['wrong']:.3f}",
        opt_high=_pct(opt["share_high"]),
        base_high=_pct(base["share_high"]),
    )


def noise_sentences(c: Comparison, tx: Texts) -> list[str]:
    flagged = int(c.suspects["suspect"].sum())
    lines = [tx("cmp_noise_count", n=flagged, total=c.n, share=_pct(flagged / max(1, c.n)))]
    for row in c.suspect_errors.itertuples():
        lines.append(
            tx(
                "cmp_noise_errors",
                scenario=tx.scenario(row.scenario),
                on=row.on_suspects,
                errors=row.errors,
                share=_pct(row.share),
            )
        )
    return lines


# Figures


def fig_mcnemar(c: Comparison, tx: Texts) -> go.Figure:
    outcome = [tx("cmp_right"), tx("cmp_wrong")]
    return charts.mcnemar_table(
        c.mcnemar.table, outcome, outcome, tx.scenario("optimized"), tx.scenario("baseline"), tx("cmp_mcnemar_title")
    )


def fig_forest(c: Comparison, tx: Texts) -> go.Figure:
    labels = {m: tx.metric(m) for m in c.ci["metric"].unique()}
    groups = {g: tx.group(g) for g in c.ci["group"].unique()}
    return charts.ci_forest(
        c.ci, labels, groups, tx("cmp_ci_value"), tx("cmp_ci_diff"), tx("cmp_ci_title", n=c.n_resamples, seed=c.seed)
    )


def fig_difference(c: Comparison, tx: Texts) -> go.Figure:
    return charts.difference_matrix(
        c.difference, tx.classes(), tx("cmp_pred"), tx("cmp_true"), tx("cmp_diff"), tx("cmp_diffcm_title")
    )


def fig_outcomes(c: Comparison, tx: Texts) -> go.Figure:
    subsets = {s: tx(f"cmp_subset_{s}") for s in stats.SUBSETS}
    return charts.outcome_bars(c.outcome_counts, tx.classes(), subsets, tx("cmp_outcome_axis"), tx("cmp_outcome_title"))


def fig_reliability(c: Comparison, tx: Texts) -> go.Figure:
    return charts.reliability_diagram(
        c.reliability,
        {s: tx.scenario(s) for s in PAIR},
        tx("cmp_rel_x"),
        tx("cmp_rel_y"),
        tx("cmp_rel_perfect"),
        tx("cmp_count"),
        tx("cmp_rel_title"),
    )


def fig_histograms(c: Comparison, tx: Texts) -> go.Figure:
    return charts.confidence_histograms(
        c.histograms,
        {s: tx.scenario(s) for s in PAIR},
        tx("cmp_right"),
        tx("cmp_wrong"),
        tx("cmp_hist_x"),
        tx("cmp_hist_y"),
        tx("cmp_hist_title"),
    )


def _fig_curves(c: Comparison, tx: Texts, kind: str) -> go.Figure:
    """One-vs-rest ROC (``kind`` "roc") or precision-recall ("pr") panels with their area scores."""
    column, score_name = {"roc": ("roc_auc", "AUC"), "pr": ("average_precision", "AP")}[kind]
    return charts.ovr_curves(
        {s: getattr(c.curves[s], kind) for s in PAIR},
        {s: c.curves[s].summary[column].tolist() for s in PAIR},
        tx.classes(),
        {s: tx.scenario(s) for s in PAIR},
        tx(f"cmp_{kind}_x"),
        tx(f"cmp_{kind}_y"),
        score_name,
        kind == "roc",
        tx(f"cmp_{kind}_title"),
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
        for s in PAIR
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
    return charts.reference_bars(pd.DataFrame(rows), tx("cmp_ref_x"), tx("cmp_ref_title"))


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


# Tables (translated headers and labels; the page shows them and the report writes them as CSV)


def table_mcnemar(c: Comparison, tx: Texts) -> pd.DataFrame:
    """The paired 2x2 table as four counts, then the exact p-value and the verdict at 0.05."""
    m = c.mcnemar
    rows = [
        (tx("cmp_subset_both_right"), int(m.table[0, 0])),
        (tx("cmp_only_right", scenario=tx.scenario("baseline")), m.only_a),
        (tx("cmp_only_right", scenario=tx.scenario("optimized")), m.only_b),
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
    frame = c.outcome_counts.rename(columns={s: tx(f"cmp_subset_{s}") for s in stats.SUBSETS})
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
            for s in PAIR
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
    frames = {s: c.curves[s].summary.assign(**{"class": tx.classes()}) for s in PAIR}
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
            tx("cmp_col_suspect"): s["suspect"],
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
        for s in PAIR
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


def suspect_gallery(c: Comparison, images: dict[str, np.ndarray], top: int) -> list[dict]:
    """The ``top`` most suspect flagged samples with their stored 48x48 image, checked against the predictions."""
    if images["files"].tolist() != c.files.tolist():
        raise ValueError(
            "reports/test_images_private.npz holds other images than the predictions: re-run `python -m core.evaluate`."
        )
    flagged = c.suspects[c.suspects["suspect"]].head(top)
    return [
        {
            "index": int(r.index),
            "image": images["images"][r.index],
            "given": int(c.labels[r.index]),
            "suggested": int(r.suggested),
            "score": float(r.score),
        }
        for r in flagged.itertuples()
    ]


# The report


def _markdown(text: str) -> str:
    """The few Markdown marks the sentences use, as HTML."""
    text = html.escape(text)
    text = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text)
    return re.sub(r"`(.+?)`", r"<code>\1</code>", text)


SECTIONS: list[tuple[str, list[str], list[str]]] = [
    ("cmp_sec_significance", ["mcnemar", "confidence_intervals"], ["mcnemar", "confidence_intervals"]),
    ("cmp_sec_difference", ["difference_confusion", "outcomes"], ["difference_confusion", "outcomes_per_class"]),
    (
        "cmp_sec_calibration",
        ["reliability", "confidence_histograms"],
        ["calibration", "reliability_bins", "confidence_histograms"],
    ),
    ("cmp_sec_curves", ["roc", "precision_recall"], ["roc_pr_per_class"]),
    ("cmp_sec_label_noise", [], ["errors_on_label_issues", "label_issues"]),
    ("cmp_sec_references", ["references"], ["references"]),
]
"""Report layout: per section its title key, figures and tables (all tables also go to CSV)."""


def build_html(c: Comparison, tx: Texts, folder: str, progress: Callable[[str], None] = lambda _: None) -> str:
    """A self-contained HTML page: sentences, interactive figures (plotly.js inlined once) and tables."""
    sentences = {
        "cmp_sec_significance": [verdict(c, tx), tx("cmp_mcnemar_explain"), ci_sentence(c, tx)],
        "cmp_sec_calibration": [smoothing_sentence(c, tx), tx("cmp_calib_note")],
        "cmp_sec_label_noise": [tx("cmp_noise_intro"), *noise_sentences(c, tx)],
        "cmp_sec_references": [tx("cmp_ref_note")],
        "cmp_sec_difference": [],
        "cmp_sec_curves": [],
    }
    when = datetime.now().strftime("%Y-%m-%d %H:%M")
    parts = [
        f"<h1>{html.escape(tx('report_title'))}</h1>",
        f"<p>{_markdown(tx('cmp_intro', n=c.n))}</p>",
        f"<p><i>{_markdown(tx('report_generated', when=when, folder=folder))}</i></p>",
    ]
    first = True
    for title, figures, tables in SECTIONS:
        progress(tx(title))
        parts.append(f"<h2>{html.escape(tx(title))}</h2>")
        parts += [f"<p>{_markdown(line)}</p>" for line in sentences[title]]
        for name in figures:
            fig = FIGURES[name](c, tx)
            parts.append(fig.to_html(full_html=False, include_plotlyjs=first, config={"displaylogo": False}))
            first = False
        for name in tables:
            frame = TABLES[name](c, tx)
            shown = frame.head(20) if name == "label_issues" else frame
            parts.append(shown.to_html(index=False, float_format=lambda x: f"{x:.4f}", classes="table", border=0))
    style = (
        "body{font-family:Helvetica,Arial,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}"
        "table{border-collapse:collapse;margin:1em 0;font-size:13px}th,td{padding:4px 8px;"
        "border-bottom:1px solid #ddd;text-align:right}th{background:#f3f5f7}h2{margin-top:2em}"
    )
    title = html.escape(tx("report_title"))
    return (
        f"<!DOCTYPE html><html lang='{tx.lang}'><head><meta charset='utf-8'><title>{title}</title>"
        f"<style>{style}</style></head><body>{''.join(parts)}</body></html>"
    )


def build_zip(c: Comparison, tx: Texts, folder: str, progress: Callable[[str], None] = lambda _: None) -> bytes:
    """The report as a ZIP: report.html plus tables/<name>.csv for every table."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("report.html", build_html(c, tx, folder, progress))
        for name, build in TABLES.items():
            archive.writestr(f"tables/{name}.csv", build(c, tx).to_csv(index=False))
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> Path:
    parser = argparse.ArgumentParser(
        prog="python -m core.views.report",
        description="Write the scenario comparison (significance, confidence intervals, calibration, per-class "
        "curves, label noise, published references) as a ZIP: a self-contained report.html with interactive "
        "figures and every table as CSV. Reads only reports/ (run `python -m core.evaluate` first); no TensorFlow.",
        epilog="example: python -m core.views.report --out report.zip --lang en",
    )
    parser.add_argument("--out", type=Path, default=Path("report.zip"), help="ZIP file to write (default: report.zip)")
    parser.add_argument(
        "--lang",
        choices=["id", "en"],
        default="id",
        help="language of the report: id = Bahasa Indonesia (default), en = English",
    )
    parser.add_argument(
        "--reports", type=Path, default=None, help="reports folder to read (default: reports/, or $FER_REPORTS_DIR)"
    )
    parser.add_argument("--resamples", type=int, default=2000, help="bootstrap resamples, at least 2000 (default 2000)")
    parser.add_argument("--seed", type=int, default=0, help="bootstrap seed (default 0)")
    args = parser.parse_args(argv)
    if args.resamples < 2000:
        parser.error("--resamples must be at least 2000 for stable 95% intervals")
    if args.reports is not None:
        os.environ["FER_REPORTS_DIR"] = str(args.reports)
    folder = paths.reports_dir()

    def progress(step: str) -> None:
        print(f"  - {step}", file=sys.stderr, flush=True)

    print(
        f"[1/3] reading the predictions in {folder} and computing the statistics "
        f"({args.resamples} bootstrap resamples)...",
        file=sys.stderr,
        flush=True,
    )
    try:
        comparison = load_comparison(args.resamples, args.seed)
    except (reports.ReportError, ValueError) as err:
        parser.exit(2, f"error: {err}\n")
    print("[2/3] building the figures and tables:", file=sys.stderr, flush=True)
    data = build_zip(comparison, Texts.offline(args.lang), str(folder), progress)
    print(f"[3/3] writing {args.out}...", file=sys.stderr, flush=True)
    reports.atomic_write_bytes(args.out, data)
    print(f"done: {args.out} ({len(data) / 1e6:.1f} MB): report.html + {len(TABLES)} CSV tables in tables/")
    return args.out


if __name__ == "__main__":
    main()
