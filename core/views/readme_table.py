"""The README's results table, generated from reports/ so it can never drift from them.

python -m core.views.readme_table                 # print the tables
python -m core.views.readme_table --update-readme # rewrite the blocks between the README's markers

Two blocks: the results of the assigned pair (scenario 1 and 2, named by role) with every other report in a short
table under it, and the ablation study (when its variants exist) with the
command that trains each row.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pandas as pd

from core import paths
from core.artifacts import assignment, reports
from core.classes import CLASSES
from core.views import ablation, ablation_display
from core.views.comparison import Texts

START, END = "<!-- results:start -->", "<!-- results:end -->"
ABLATION_START, ABLATION_END = "<!-- ablation:start -->", "<!-- ablation:end -->"


def _row(name: str, values: list[str]) -> str:
    return "| " + " | ".join([name, *values]) + " |"


def markdown_table() -> str:
    """PrivateTest accuracy, macro-F1, per-class F1, epochs and training time of the assigned pair, then the others."""
    found = reports.available_scenarios()
    if not found:
        return "_No reports yet: run `python -m core.evaluate`._"
    pair = assignment.scenario_pair()
    scenarios = [s for s in pair if s in found] or found[:2]
    metrics = {s: reports.load_metrics(s) for s in found}
    cards = {s: reports.load_model_card(s) for s in scenarios}
    names = [Texts.offline("en", pair).scenario(s) for s in scenarios]
    lines = [_row("PrivateTest", names), "|---|" + "---:|" * len(scenarios)]
    lines.append(_row("images", [f"{metrics[s]['n']:,}" for s in scenarios]))
    lines.append(_row("accuracy", [f"{metrics[s]['accuracy']:.2%}" for s in scenarios]))
    lines.append(_row("macro-F1", [f"{metrics[s]['macro_f1']:.4f}" for s in scenarios]))
    lines.append(_row("weighted-F1", [f"{metrics[s]['weighted_f1']:.4f}" for s in scenarios]))
    lines.append(_row("top-2 accuracy", [f"{metrics[s]['top2_accuracy']:.2%}" for s in scenarios]))
    for i, name in enumerate(CLASSES):
        lines.append(_row(f"F1 {name}", [f"{metrics[s]['per_class'][i]['f1']:.4f}" for s in scenarios]))
    lines.append(
        _row(
            "epochs run (best)",
            [f"{cards[s].get('epochs_run', '?')} ({cards[s].get('best_epoch', '?')})" for s in scenarios],
        )
    )
    lines.append(_row("training time", [training_time(cards[s]) for s in scenarios]))
    lines.append(_row("backbone init", [backbone_label(cards[s]) for s in scenarios]))
    lines.append(_row("flip test-time average", [flip_label(cards[s]) for s in scenarios]))
    lines.append(_row("trained on", [trained_on(cards[s]) for s in scenarios]))
    return "\n".join(lines + others_table({s: metrics[s] for s in found if s not in scenarios}))


def others_table(metrics: dict[str, dict]) -> list[str]:
    """The reports outside the pair (extra models, variants, seeds), one short row each."""
    if not metrics:
        return []
    lines = ["", _row("Other reports", ["images", "accuracy", "macro-F1"]), "|---|---:|---:|---:|"]
    for name, m in metrics.items():
        lines.append(_row(name, [f"{m['n']:,}", f"{m['accuracy']:.2%}", f"{m['macro_f1']:.4f}"]))
    return lines


def backbone_label(card: dict) -> str:
    """Short name of a card's backbone initialisation (the self-supervised file gets its method)."""
    pretraining = card.get("backbone_pretraining")
    if pretraining:
        return f"self-supervised rotation pretext, {pretraining.get('epochs', '?')} epochs"
    return str(card.get("backbone_init", "unknown"))


def training_time(card: dict) -> str:
    """Minutes of training; a continued run shows the first run's minutes plus the continuation's."""
    total = card.get("wall_time_s", 0) / 60
    earlier = card.get("continued_from")
    if not earlier:
        return f"{total:.1f} min"
    first = (earlier.get("wall_time_s") or 0) / 60
    return f"{first:.1f} + {total - first:.1f} min"


def trained_on(card: dict) -> str:
    """The Keras backend; a continued run names the first run's backend, then its own."""
    backend = str(card.get("versions", {}).get("backend", "?"))
    earlier = (card.get("continued_from") or {}).get("versions")
    return f"{earlier.get('backend', '?')} + {backend}" if earlier else backend


def flip_label(card: dict) -> str:
    """Whether the card's predictions average each face with its mirror image, and its PublicTest effect."""
    flip = card.get("test_time_flip")
    if not flip:
        return "no"
    accuracy = flip["public_accuracy"]
    return f"{'yes' if flip['used'] else 'no'} (PublicTest {accuracy['single']:.2%} -> {accuracy['flip']:.2%})"


def ablation_table() -> str:
    """The ablation study as Markdown (English), one row per model with the command that trains it."""
    try:
        study = ablation.load_ablation()
    except reports.ReportError as err:
        return f"_{err}_"
    if study.variants.empty:
        return "_No ablation variants evaluated yet: see the commands above (the app's Ablation section lists all)._"
    frame = ablation_display.table_models(study, Texts.offline("en", (assignment.scenario_pair()[0], study.reference)))
    commands = [
        f"`{ablation.train_command(r.role, None if pd.isna(r.seed) else int(r.seed))}`" for r in study.rows.itertuples()
    ]
    frame = frame.assign(command=commands)
    lines = [_row(frame.columns[0], list(frame.columns[1:])), "|---|" + "---:|" * (len(frame.columns) - 1)]
    lines += [_row(str(row[0]), [str(v) for v in row[1:]]) for row in frame.itertuples(index=False)]
    return "\n".join(lines)


def _block(start: str, end: str) -> str:
    return re.escape(start) + r"\n(.*?)\n?" + re.escape(end)


def readme_block(readme: str, start: str = START, end: str = END) -> str | None:
    """The table currently between the README's markers (None when there are no markers)."""
    match = re.search(_block(start, end), readme, flags=re.S)
    return match.group(1) if match else None


def update_readme(path: Path) -> None:
    """Rewrite the results block (required) and the ablation block (when the README has one)."""
    text = path.read_text()
    if readme_block(text) is None:
        raise SystemExit(f"{path} has no {START} ... {END} block")
    for start, end, build in ((START, END, markdown_table), (ABLATION_START, ABLATION_END, ablation_table)):
        if readme_block(text, start, end) is not None:
            table = build()
            text = re.sub(_block(start, end), lambda _, s=start, e=end, x=table: f"{s}\n{x}\n{e}", text, flags=re.S)
    path.write_text(text)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m core.views.readme_table",
        description="Print the results table from reports/ (or write it into README.md).",
    )
    parser.add_argument("--update-readme", action="store_true", help="rewrite the table block in README.md")
    args = parser.parse_args(argv)
    if args.update_readme:
        update_readme(paths.ROOT / "README.md")
    print(markdown_table())
    print()
    print(ablation_table())


if __name__ == "__main__":
    main()
