"""The scenario comparison: its statistics and its sentences, in one language.

``compare`` turns the prediction tables of scenario 1 and scenario 2 (the reports the assignment
names, see core.artifacts.assignment) into a ``Comparison`` (McNemar, paired bootstrap,
calibration, curves, label noise, references). Tables live in comparison_tables, figures in
comparison_figures, the exported report in export; the page and the report share them all, so
the thesis attachment says exactly what the dashboard shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from core import classes, paths, texts
from core.artifacts import assignment, reports
from core.evaluate import stats
from core.evaluate.label_noise import errors_on_suspects, suspected_label_issues

SUBSET_KEYS = {
    "fixed": "cmp_subset_fixed",
    "broken": "cmp_subset_broken",
    "both_wrong": "cmp_subset_both_wrong",
    "both_right": "cmp_subset_both_right",
    "suspect": "cmp_subset_suspect",
}
"""Paired outcome (core.evaluate.stats.SUBSETS, and the label-noise suspects) -> its text key."""
REFERENCES_FILE = paths.ROOT / "data" / "references.csv"
REFERENCE_COLUMNS = ["key", "model_en", "model_id", "accuracy_pct", "citation", "source", "note_en", "note_id"]


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
    """Strings of one language: the page passes dashboard.i18n.t, the CLI the same texts read offline.

    Scenario names come with their role: the report assigned to scenario 1 reads "Scenario 1 (<name>)",
    whatever it is called; any other report reads as its name.
    """

    def __init__(self, lookup: Callable[..., str], lang: str, pair: tuple[str, ...] = paths.SCENARIOS) -> None:
        self.lookup = lookup
        self.lang = lang
        self.pair = tuple(pair)

    def __call__(self, key: str, **values: object) -> str:
        return self.lookup(key, **values)

    def cls(self, index: int) -> str:
        return classes.label(index, self.lang)

    def classes(self) -> list[str]:
        return classes.labels(self.lang)

    def scenario(self, name: str) -> str:
        return assignment.scenario_name(name, self.pair, lookup=self.lookup)

    def group(self, name: str) -> str:
        return self("cmp_group_difference") if name == "difference" else self.scenario(name)

    def metric(self, name: str) -> str:
        if name.startswith("f1_"):
            return self("cmp_metric_f1", cls=self.cls(classes.index_of(name[3:])))
        return self(f"cmp_metric_{name}")

    @classmethod
    def offline(cls, lang: str, pair: tuple[str, ...] = paths.SCENARIOS) -> Texts:
        """The dashboard's own strings (texts/*.toml), without Streamlit."""
        return cls(lambda key, **values: texts.text(key, lang, **values), lang, pair)


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
    pair: tuple[str, str] = ("baseline", "optimized")

    @property
    def n(self) -> int:
        return len(self.labels)

    def accuracy(self, scenario: str) -> float:
        return float(np.mean(self.preds[scenario] == self.labels))


def compare(
    base: pd.DataFrame,
    opt: pd.DataFrame,
    references: pd.DataFrame,
    *,
    label_smoothing: float | None = None,
    n_resamples: int = stats.BOOTSTRAP_RESAMPLES,
    seed: int = stats.BOOTSTRAP_SEED,
    pair: tuple[str, str] = ("baseline", "optimized"),
) -> Comparison:
    """The full comparison of scenario 1's (``base``) and scenario 2's (``opt``) prediction tables."""
    labels, p_base, p_opt = stats.pair_predictions(base, opt)
    first, second = pair
    probs = {first: p_base, second: p_opt}
    preds = {name: p.argmax(axis=1) for name, p in probs.items()}
    suspects = suspected_label_issues(labels, list(probs.values()))
    suspect_mask = np.zeros(len(labels), dtype=bool)
    suspect_mask[suspects.loc[suspects["suspect"], "index"].to_numpy()] = True
    return Comparison(
        files=base["file"].to_numpy(),
        labels=labels,
        probs=probs,
        preds=preds,
        mcnemar=stats.mcnemar(preds[first] == labels, preds[second] == labels),
        ci=stats.bootstrap_ci(labels, preds, difference=(first, second), n_resamples=n_resamples, seed=seed),
        n_resamples=n_resamples,
        seed=seed,
        difference=stats.difference_confusion(labels, preds[first], preds[second]),
        outcome_counts=stats.outcome_counts(labels, preds[first], preds[second]),
        calibration={name: stats.calibration_summary(labels, p) for name, p in probs.items()},
        reliability={name: stats.reliability_bins(labels, p) for name, p in probs.items()},
        histograms={name: stats.confidence_histogram(labels, p) for name, p in probs.items()},
        confidence={name: stats.confidence_summary(labels, p) for name, p in probs.items()},
        curves={name: stats.ovr_curves(labels, p) for name, p in probs.items()},
        suspects=suspects,
        suspect_errors=errors_on_suspects(labels, preds, suspect_mask),
        references=references,
        label_smoothing=label_smoothing,
        pair=(first, second),
    )


def label_smoothing_of(card: dict) -> float | None:
    """The label smoothing a model card records for its recipe, if any."""
    recipe = card.get("recipe")
    value = recipe.get("label_smoothing") if isinstance(recipe, dict) else None
    return float(value) if isinstance(value, int | float) else None


def load_comparison(
    n_resamples: int = stats.BOOTSTRAP_RESAMPLES,
    seed: int = stats.BOOTSTRAP_SEED,
    root: Path | None = None,
) -> Comparison:
    """The comparison of the assigned pair's sealed reports in ``root`` (default reports/).

    Raises ReportError when one is missing or damaged."""
    first, second = assignment.effective_pair(root)
    base, opt = (reports.load_predictions(name, root) for name in (first, second))
    smoothing = label_smoothing_of(reports.load_model_card(second, root))
    return compare(
        base,
        opt,
        load_references(),
        label_smoothing=smoothing,
        n_resamples=n_resamples,
        seed=seed,
        pair=(first, second),
    )


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
    better, worse = c.pair if base_wins else c.pair[::-1]
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
    base, opt = (c.confidence[name] for name in c.pair)
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
