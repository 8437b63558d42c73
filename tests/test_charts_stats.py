"""Chart builders of the comparison, and the static PNG/SVG export every dashboard chart offers."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from PIL import Image

from core.charts import PAIR_COLORS
from core.charts import stats as charts
from core.charts.curves import ovr_curves as ovr_chart
from core.evaluate import stats
from dashboard.figures import cell_from_selection

LABELS = ["A", "B", "C", "D", "E", "F", "G"]
NAMES = {"baseline": "S1", "optimized": "S2", "difference": "Diff"}


def test_mcnemar_table_shows_counts_and_highlights_discordant_cells():
    fig = charts.mcnemar_table(
        np.array([[50, 4], [12, 9]]), ["right", "wrong"], ["right", "wrong"], x_title="S2", y_title="S1"
    )
    heat = fig.data[0]
    assert np.asarray(heat.text).tolist() == [[50, 4], [12, 9]]
    assert np.asarray(heat.z).tolist() == [[0, 1], [1, 0]]
    assert fig.layout.xaxis.title.text == "S2" and fig.layout.yaxis.title.text == "S1"


def test_ci_forest_error_bars_match_the_intervals():
    labels = np.random.default_rng(0).integers(0, 7, 300)
    preds = {"baseline": labels.copy(), "optimized": np.roll(labels, 1)}
    ci = stats.bootstrap_ci(labels, preds, difference=("baseline", "optimized"), n_resamples=2000)
    fig = charts.ci_forest(ci, {m: m for m in ci["metric"].unique()}, NAMES, x_title="value", diff_title="difference")
    assert [trace.name for trace in fig.data] == ["S1", "S2", "Diff"]
    diff = ci[ci["group"] == "difference"]
    trace = fig.data[2]
    assert np.allclose(trace.x, diff["estimate"])
    assert np.allclose(trace.error_x.array, diff["high"] - diff["estimate"])
    assert np.allclose(trace.error_x.arrayminus, diff["estimate"] - diff["low"])
    assert trace.xaxis == "x2", "the difference has its own panel with a zero line"
    assert fig.data[0].marker.color == PAIR_COLORS[0]


def test_difference_matrix_is_diverging_and_its_cells_are_clickable():
    diff = np.arange(49).reshape(7, 7) - 24
    fig = charts.difference_matrix(diff, LABELS, "pred", y_title="true", colorbar_title="diff")
    heat, markers = fig.data
    assert heat.zmid == 0 and heat.zmin == -heat.zmax == -24
    assert heat.colorscale[0][1] != heat.colorscale[-1][1]
    for index in (0, 10, 48):
        point = {"customdata": list(markers.customdata[index]), "x": markers.x[index], "y": markers.y[index]}
        true, pred = cell_from_selection([point], LABELS)
        assert diff[true, pred] == markers.customdata[index][2]
        assert (LABELS[true], LABELS[pred]) == (markers.y[index], markers.x[index])


def test_outcome_bars_put_broken_left_and_fixed_right():
    counts = pd.DataFrame({"true": range(7), "fixed": [5] * 7, "broken": [2] * 7, "both_wrong": 0, "both_right": 1})
    fig = charts.outcome_bars(counts, LABELS, {s: s for s in stats.SUBSETS}, x_title="images")
    fixed, broken = fig.data
    assert list(fixed.x) == [5] * 7 and list(broken.x) == [-2] * 7
    assert list(broken.text) == [2] * 7


def test_reliability_and_histograms_have_one_series_per_scenario():
    labels = np.random.default_rng(1).integers(0, 7, 400)
    probs = np.random.default_rng(2).dirichlet(np.ones(7), 400)
    bins = {s: stats.reliability_bins(labels, probs) for s in ("baseline", "optimized")}
    fig = charts.reliability_diagram(bins, NAMES, "conf", y_title="acc", perfect_label="perfect", count_label="n")
    assert [t.name for t in fig.data] == ["perfect", "S1", "S2"]
    used = bins["baseline"][bins["baseline"]["count"] > 0]
    assert np.allclose(fig.data[1].y, used["accuracy"])
    hists = {s: stats.confidence_histogram(labels, probs) for s in ("baseline", "optimized")}
    fig = charts.confidence_histograms(hists, NAMES, "right", wrong_label="wrong", x_title="conf", y_title="n")
    assert len(fig.data) == 4 and sum(fig.data[0].y) + sum(fig.data[1].y) == 400


def test_ovr_curves_panel_per_class_with_scores():
    labels = np.random.default_rng(3).integers(0, 7, 300)
    probs = np.random.default_rng(4).dirichlet(np.ones(7), 300)
    curves = {s: stats.ovr_curves(labels, probs) for s in ("baseline", "optimized")}
    fig = ovr_chart(
        {s: c.roc for s, c in curves.items()},
        {s: c.summary["roc_auc"].tolist() for s, c in curves.items()},
        LABELS,
        names=NAMES,
        x_title="fpr",
        y_title="tpr",
        score_name="AUC",
        diagonal=True,
    )
    assert len(fig.layout.annotations) == 7 + 7, "a subplot title and a score box per class"
    auc = curves["baseline"].summary.loc[0, "roc_auc"]
    assert any(f"AUC {auc:.3f}" in a.text for a in fig.layout.annotations)
    assert sum(1 for t in fig.data if t.showlegend) == 2


def test_reference_bars_colour_our_scenarios():
    frame = pd.DataFrame(
        {
            "label": ["ours", "paper"],
            "accuracy_pct": [70.0, 73.28],
            "scenario": ["optimized", ""],
            "hover": ["", "cite"],
        }
    )
    fig = charts.reference_bars(frame, "accuracy")
    bar = fig.data[0]
    assert list(bar.y) == ["ours", "paper"]
    assert list(bar.marker.color) == [PAIR_COLORS[1], charts.PUBLISHED_COLOR]


def test_figure_image_rejects_unknown_format():
    with pytest.raises(ValueError, match="png"):
        charts.figure_image(go.Figure(), "gif")


@pytest.mark.skipif(not charts.static_export_available(), reason="needs Chromium (apt-get install chromium)")
def test_static_export_is_print_quality_png_and_svg():
    import kaleido

    fig = go.Figure(go.Bar(x=["Marah", "Senang"], y=[1, 2]))
    try:
        png = charts.figure_image(fig, "png", keep_browser=True)
        svg = charts.figure_image(fig, "svg", keep_browser=True).decode()
    finally:
        kaleido.stop_sync_server(silence_warnings=True)
    image = Image.open(io.BytesIO(png))
    assert image.size == (round(charts.EXPORT_WIDTH * 300 / 96), round(500 * 300 / 96))
    assert image.info["dpi"] == pytest.approx((300, 300), abs=0.01)
    assert svg.startswith("<svg") and "Senang" in svg
