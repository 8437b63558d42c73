"""core.views.summary: the numbers the home, metrics and training pages derive from the reports."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from core.evaluate.metrics import compute_metrics
from core.views import summary


@pytest.fixture
def two_metrics() -> dict[str, dict]:
    rng = np.random.default_rng(3)
    labels = np.repeat(np.arange(7), 30)
    out = {}
    for scenario, strength in (("baseline", 0.5), ("optimized", 2.5)):
        logits = rng.normal(size=(len(labels), 7))
        logits[np.arange(len(labels)), labels] += strength
        out[scenario] = compute_metrics(labels, np.exp(logits) / np.exp(logits).sum(1, keepdims=True))
    return out


def test_most_confused_ranks_off_diagonal_cells():
    confusion = np.array([[5, 3, 0], [9, 1, 9], [0, 2, 7]])
    found = summary.most_confused(confusion, k=3)
    assert [(c.true, c.pred, c.count) for c in found] == [(1, 0, 9), (1, 2, 9), (0, 1, 3)]
    assert found[2].share == pytest.approx(3 / 8)
    assert summary.most_confused(np.eye(3, dtype=int)) == []


def test_headline_table_difference_is_second_minus_first(two_metrics):
    table = summary.headline_table(two_metrics)
    assert list(table.index) == [name for name, _ in summary.HEADLINE]
    assert table.loc["accuracy", "difference"] == pytest.approx(
        two_metrics["optimized"]["accuracy"] - two_metrics["baseline"]["accuracy"]
    )
    assert "difference" not in summary.headline_table({"baseline": two_metrics["baseline"]})


def test_per_class_table_and_f1_difference(two_metrics):
    table = summary.per_class_table(two_metrics)
    assert len(table) == 14 and table["support"].sum() == 2 * 210
    diff = summary.f1_difference(two_metrics["baseline"], two_metrics["optimized"])
    optimized = table[table["scenario"] == "optimized"]["f1"].to_numpy()
    baseline = table[table["scenario"] == "baseline"]["f1"].to_numpy()
    assert np.allclose(diff, optimized - baseline) and diff.mean() > 0


def test_normalise_rows_keeps_empty_rows_zero():
    out = summary.normalise_rows(np.array([[1, 3], [0, 0]]))
    assert np.allclose(out, [[0.25, 0.75], [0, 0]])


def test_capabilities_name_best_and_worst_class(two_metrics):
    cap = summary.capabilities(two_metrics["optimized"], {"input_shape": [48, 48, 3]})
    recalls = [row["recall"] for row in two_metrics["optimized"]["per_class"]]
    assert cap.best_class == int(np.argmax(recalls)) and cap.worst_class == int(np.argmin(recalls))
    assert cap.input_shape == (48, 48, 3) and cap.n == 210 and len(cap.confused) == 3
    assert summary.capabilities(two_metrics["optimized"], None).input_shape is None


def test_recipe_from_card_else_design():
    card = {"recipe": {"squeeze_excitation": True, "extra_knob": 3}}
    table = summary.recipe_table(["baseline", "optimized", "mine"], {"optimized": card})
    assert table.loc["squeeze_excitation", "baseline"] is False
    assert table.loc["label_smoothing", "baseline"] == 0.0
    assert table.loc["extra_knob", "optimized"] == 3
    assert pd.isna(table.loc["augmentation", "optimized"]), "a card's recipe is shown as recorded, not completed"
    assert table["mine"].isna().all(), "an unknown scenario without a card has no recipe to show"


def test_a_continued_run_shows_what_changed_midway():
    card = {
        "recipe": {"class_weights": "sqrt", "augmentation": True},
        "continued_from": {"recipe": {"class_weights": "balanced", "augmentation": True}},
    }
    assert summary.recipe("optimized", card) == {"class_weights": "balanced -> sqrt", "augmentation": True}


def test_best_epoch_from_card_else_history():
    history = pd.DataFrame({"epoch": [1, 2, 3], "val_accuracy": [0.2, 0.5, 0.4]})
    assert summary.best_epoch(history, {"best_epoch": 3}) == 3
    assert summary.best_epoch(history, {}) == 2
    assert summary.best_epoch(None, None) is None


def test_run_facts_and_usable_history():
    history = pd.DataFrame(
        {
            "epoch": [1, 2],
            "loss": [1.0, 0.8],
            "accuracy": [0.3, 0.4],
            "val_loss": [1.1, 0.9],
            "val_accuracy": [0.3, 0.35],
            "learning_rate": [1e-4, 1e-4],
            "epoch_time_s": [30.0, 90.0],
        }
    )
    assert summary.usable_history(history)
    assert not summary.usable_history(history.drop(columns="learning_rate"))
    assert not summary.usable_history(None)
    facts = summary.run_facts(history, None)
    assert (facts.epochs, facts.best, facts.best_val_accuracy, facts.minutes) == (2, 2, 0.35, 2.0)


def test_config_table_flattens_card():
    cards = {
        "baseline": {
            "epochs_run": 4,
            "input_shape": [48, 48, 3],
            "hyperparameters": {"learning_rate": 1e-4},
            "recipe": {"augmentation": False},
        },
        "optimized": {"epochs_run": 9, "data_fingerprint": "abc"},
    }
    table = summary.config_table(cards)
    assert table.loc["epochs_run"].tolist() == ["4", "9"]
    assert table.loc["hyperparameters.learning_rate", "baseline"] == "0.0001"
    assert table.loc["recipe.augmentation", "baseline"] == "False"
    assert table.loc["data_fingerprint"].tolist() == ["", "abc"]
    rounded = summary.config_table({"a": {"best_val_accuracy": 0.4137642979621887, "wall_time_s": 5951.7}})
    assert rounded["a"].tolist() == ["0.4138", "5,952 s"]


def test_missing_scenarios():
    assert summary.missing_scenarios(["optimized"]) == ["baseline"]


def test_continuation_from_the_card_and_history():
    history = pd.DataFrame(
        {"epoch": [1, 2, 3, 4], "epoch_time_s": [3.0, 3.2, 400.0, 380.0], "learning_rate": [1e-4, 5e-5, 1e-5, 1e-5]}
    )
    card = {
        "epochs_run": 4,
        "versions": {"backend": "tensorflow"},
        "continued_from": {"epochs_run": 2, "versions": {"backend": "jax"}, "transport": "trained on one GPU"},
    }
    part = summary.continuation(card, history)
    assert (part.first_epochs, part.epochs, part.first_backend, part.backend) == (2, 4, "jax", "tensorflow")
    assert part.first_epoch_s == pytest.approx(3.1) and part.epoch_s == pytest.approx(390.0)
    assert part.lr_restarted is False, "1e-5 after 5e-5 is no restart"
    history.loc[2, "learning_rate"] = 1e-4
    assert summary.continuation(card, history).lr_restarted is True
    assert summary.continuation({"epochs_run": 4}, history) is None


def test_formatting_of_headline_values():
    assert summary.format_value("accuracy", 0.6543) == "65.43%"
    assert summary.format_value("log_loss", 1.23456) == "1.2346"
    assert summary.format_change("macro_f1", 0.0123) == "+1.23 pt"
    assert summary.format_change("ece", -0.01) == "-0.0100"


def test_headline_difference_is_the_pairs_and_follows_it(two_metrics):
    metrics = {"mine": two_metrics["optimized"], "theirs": two_metrics["baseline"], "extra": two_metrics["baseline"]}
    table = summary.headline_table(metrics, ("theirs", "mine"))
    assert list(table.columns) == ["mine", "theirs", "difference", "extra"]
    assert table.loc["accuracy", "difference"] == pytest.approx(
        two_metrics["optimized"]["accuracy"] - two_metrics["baseline"]["accuracy"]
    )
