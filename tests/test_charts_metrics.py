"""core.charts.metrics: the figures carry the data and labels they are given."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.charts import PAIR_COLORS
from core.charts import metrics as charts

LABELS = ["Marah", "Jijik", "Takut"]
NAMES = {"baseline": "S1", "optimized": "S2"}


def history(offset: float) -> pd.DataFrame:
    epochs = np.arange(1, 5)
    return pd.DataFrame(
        {
            "epoch": epochs,
            "loss": 2 / epochs,
            "accuracy": 0.3 + offset * epochs,
            "val_loss": 2.2 / epochs,
            "val_accuracy": [0.3, 0.5, 0.45, 0.4],
            "learning_rate": [1e-4, 1e-4, 5e-5, 5e-5],
            "epoch_time_s": [10.0, 11, 12, 13],
        }
    )


def test_confusion_matrix_cells_are_clickable_and_labelled():
    matrix = np.array([[5, 1, 0], [2, 3, 1], [0, 0, 4]])
    fig = charts.confusion_matrix(
        matrix, LABELS, normalised=False, title="S1", true_title="Benar", pred_title="Prediksi"
    )
    heatmap, cells = fig.data
    assert np.array_equal(np.asarray(heatmap.z), matrix) and list(heatmap.x) == LABELS
    assert heatmap.text[1][0] == "2"
    clicked = [tuple(c) for c in cells.customdata]
    assert len(clicked) == 9 and clicked[3] == (1, 0)
    assert (cells.y[3], cells.x[3]) == ("Jijik", "Marah")
    assert fig.layout.yaxis.autorange == "reversed" and fig.layout.xaxis.title.text == "Prediksi"
    share = charts.confusion_matrix(
        matrix / matrix.sum(1, keepdims=True),
        LABELS,
        normalised=True,
        title="S1",
        true_title="Benar",
        pred_title="Prediksi",
    )
    assert share.data[0].text[0][0] == "83%" and share.data[0].zmax == 1


def test_per_class_and_difference_bars():
    fig = charts.per_class_bars(
        LABELS, {"baseline": [0.1, 0.2, 0.3], "optimized": [0.4, 0.5, 0.6]}, NAMES, title="F1", y_title="F1"
    )
    assert [bar.name for bar in fig.data] == ["S1", "S2"] and fig.layout.barmode == "group"
    assert fig.data[1].marker.color == PAIR_COLORS[1]
    diff = charts.difference_bars(LABELS, np.array([0.2, -0.1, 0.0]), "diff", y_title="F1")
    assert list(diff.data[0].marker.color) == ["#0b5394", "#c0392b", "#0b5394"]
    assert diff.layout.yaxis.range[0] < -0.2 and diff.layout.yaxis.range[1] > 0.2


def test_training_curves_mark_best_epoch():
    histories = {"baseline": history(0.05), "optimized": history(0.08)}
    labels = {"train": "latih", "val": "validasi", "best": "terbaik", "epoch": "Epoch"}
    fig = charts.training_curves(
        histories,
        "accuracy",
        NAMES,
        best={"baseline": 2, "optimized": None},
        overlay=True,
        title="Akurasi",
        labels=labels,
    )
    names = [trace.name for trace in fig.data]
    assert names == ["S1 · latih", "S1 · validasi", "S1 · terbaik (2)", "S2 · latih", "S2 · validasi"]
    star = fig.data[2]
    assert list(star.x) == [2] and list(star.y) == [0.5]
    side = charts.training_curves(
        histories, "loss", NAMES, best={"baseline": 2, "optimized": 9}, overlay=False, title="Loss", labels=labels
    )
    assert {trace.xaxis for trace in side.data} == {"x", "x2"}
    assert len(side.data) == 5, "a best epoch outside the history is not drawn"


def test_scenario_lines_and_probability_bars():
    fig = charts.scenario_lines(
        {"baseline": history(0.05)}, "learning_rate", NAMES, title="LR", y_title="LR", x_title="Epoch", log_y=True
    )
    assert fig.layout.yaxis.type == "log" and list(fig.data[0].y) == [1e-4, 1e-4, 5e-5, 5e-5]
    probs = {"baseline": np.array([0.7, 0.2, 0.1]), "optimized": np.array([0.1, 0.1, 0.8])}
    bars = charts.probability_bars(LABELS, probs, NAMES, true=2, x_title="p")
    assert list(bars.data[0].y) == ["Marah", "Jijik", "<b>Takut</b>"]
    assert np.allclose(bars.data[1].x, [0.1, 0.1, 0.8])
