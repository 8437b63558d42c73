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
    assert table.splitlines()[0] == "| PrivateTest | baseline | optimized |"
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
