"""The README results table is generated from the reports and rewritten in place."""

from __future__ import annotations

from core.views.readme_table import (
    END,
    START,
    flip_label,
    markdown_table,
    readme_block,
    trained_on,
    training_time,
    update_readme,
)


def test_table_lists_every_class_and_scenario(use_reports):
    table = markdown_table()
    assert table.splitlines()[0] == "| PrivateTest | Scenario 1 (baseline) | Scenario 2 (optimized) |"
    for name in ("angry", "disgust", "neutral", "accuracy", "macro-F1", "training time"):
        assert name in table


def test_update_readme_replaces_only_the_block(use_reports, tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"intro\n{START}\nold table\n{END}\noutro\n")
    update_readme(readme)
    text = readme.read_text()
    assert text.startswith("intro\n") and text.endswith("outro\n")
    assert readme_block(text) == markdown_table()


def test_no_reports_says_how_to_make_them(empty_dirs):
    assert "python -m core.evaluate" in markdown_table()


def test_flip_label_quotes_the_publictest_choice():
    card = {"test_time_flip": {"used": True, "public_accuracy": {"single": 0.5439, "flip": 0.5564}}}
    assert flip_label(card) == "yes (PublicTest 54.39% -> 55.64%)"
    assert flip_label({}) == "no"


def test_a_continued_run_shows_both_parts():
    card = {"wall_time_s": 600.0, "versions": {"backend": "tensorflow"}}
    assert training_time(card) == "10.0 min" and trained_on(card) == "tensorflow"
    card["continued_from"] = {"wall_time_s": 120.0, "versions": {"backend": "jax"}}
    assert training_time(card) == "2.0 + 8.0 min" and trained_on(card) == "jax + tensorflow"


def test_ablation_table_has_a_row_and_a_command_per_model(ablation_reports, tmp_path):
    from core.views.readme_table import ABLATION_END, ABLATION_START, ablation_table

    table = ablation_table().splitlines()
    assert table[0].startswith("| Model | Removed | Seed | Accuracy |") and table[0].endswith("| command |")
    assert len(table) == 2 + 3
    assert "without the SE block (optimized_no_se)" in table[4] and "-4.29" in table[4]
    assert "`python -m core.train --scenario optimized --no-se`" in table[4]
    assert "`python -m core.train --scenario optimized --seed 1`" in table[3]
    readme = tmp_path / "README.md"
    readme.write_text(f"{START}\nold\n{END}\nmiddle\n{ABLATION_START}\nold\n{ABLATION_END}\n")
    update_readme(readme)
    assert readme_block(readme.read_text(), ABLATION_START, ABLATION_END) == ablation_table()
    assert "middle" in readme.read_text()


def test_ablation_table_without_variants_says_so(use_reports):
    from core.views.readme_table import ablation_table

    assert ablation_table().startswith("_No ablation variants evaluated yet")
