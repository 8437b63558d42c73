"""Decide a trained model's test-time flip average on PublicTest and write it into its card.

    python -m core.model --choose-flip models/optimized.keras [--data ../shared/fer2013]

``core.train`` does this at the end of every run; this command does it for models trained
earlier or elsewhere. Evaluation (``python -m core.evaluate``) then follows the card.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from core import paths
from core.artifacts.reports import atomic_write_json
from core.data.dataset import load_dataset
from core.model.architectures import load_model
from core.model.card import check_compatible, read_card, uses_flip
from core.model.inference import choose_flip


def decide_flip(model_file: Path, data: Path | None = None, batch_size: int = 64) -> dict:
    """Measure the flip average on PublicTest, record it in the model's card, return the card."""
    model = load_model(model_file)
    check_compatible(model)
    card = read_card(model_file)
    card["test_time_flip"] = choose_flip(model, load_dataset(data).split("PublicTest"), batch_size)
    atomic_write_json(paths.card_path(model_file), card)
    accuracy = card["test_time_flip"]["public_accuracy"]
    print(
        f"{model_file.name}: PublicTest accuracy {accuracy['single']:.4f} single, {accuracy['flip']:.4f} "
        f"flip-averaged -> flip {'used' if uses_flip(card) else 'not used'}"
    )
    return card


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(prog="python -m core.model", description=__doc__.splitlines()[0])
    parser.add_argument("--choose-flip", type=Path, action="append", required=True, metavar="MODEL")
    parser.add_argument("--data", type=Path, default=None, help="FER-2013 folder or fer2013.csv")
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args(argv)
    return [decide_flip(m, args.data, args.batch_size) for m in args.choose_flip]


if __name__ == "__main__":
    main()
