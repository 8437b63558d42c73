"""Write or update a model's card: its input contract, and its test-time flip average.

    python -m core.model --card my_vgg.h5 [--preprocessing caffe] [--pixel-step equalize] [--custom-objects f.py]
    python -m core.model --choose-flip models/optimized.keras [--data ../shared/fer2013]

``--card`` writes the card beside a model trained elsewhere: the convention given, or inferred on a
seeded PublicTest sample (every candidate's accuracy recorded); the pixel step given, or inferred on the
original pixels of PublicTest faces (``fer2013_test_raw.csv.gz`` beside the data; a tie asks you to
declare it with ``--pixel-step``). ``core.train`` decides the flip at
the end of every run; ``--choose-flip`` does it for models trained earlier or elsewhere. Evaluation
(``python -m core.evaluate``) then follows the card.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from core import paths
from core.artifacts.reports import atomic_write_json
from core.data.dataset import add_data_argument, load_dataset
from core.data.preprocessing import CONVENTIONS, PIXEL_STEPS
from core.model.card import check_compatible, convention, read_card, step_record, uses_flip, write_card
from core.model.conventions import describe_convention, describe_pixel_step, raw_public
from core.model.inference import choose_flip
from core.model.loading import ModelFileError, load_model


def decide_flip(model_file: Path, data: Path | None = None, batch_size: int = 64, *, custom_objects=None) -> dict:
    """Measure the flip average on PublicTest, record it in the model's card, return the card."""
    model = load_model(model_file, custom_objects)
    check_compatible(model, model_file)
    card = read_card(model_file)
    public = load_dataset(data).split("PublicTest")
    card["test_time_flip"] = choose_flip(model, public, batch_size, conv=convention(card))
    atomic_write_json(paths.card_path(model_file), card)
    accuracy = card["test_time_flip"]["public_accuracy"]
    print(
        f"{model_file.name}: PublicTest accuracy {accuracy['single']:.4f} single, {accuracy['flip']:.4f} "
        f"flip-averaged -> flip {'used' if uses_flip(card) else 'not used'}"
    )
    return card


def card_for(
    model_file: Path, data: Path | None = None, preprocessing: str | None = None, *, custom_objects=None, step=None
) -> dict:
    """Write the card of a model trained elsewhere (convention and pixel step declared or inferred), print them."""
    model = load_model(model_file, custom_objects)
    check_compatible(model, model_file)
    public = load_dataset(data).split("PublicTest")
    card = write_card(
        model_file, model, public, preprocessing=preprocessing, step=step, raw=None if step else raw_public(data)
    )
    print(f"{model_file.name}: input convention {describe_convention(convention(card))}")
    print(f"{model_file.name}: pixel step {describe_pixel_step(step_record(card))}")
    return card


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(prog="python -m core.model", description=__doc__.splitlines()[0])
    parser.add_argument("--card", type=Path, action="append", default=[], metavar="MODEL")
    parser.add_argument("--choose-flip", type=Path, action="append", default=[], metavar="MODEL")
    parser.add_argument("--preprocessing", choices=CONVENTIONS, help="declare the input convention (with --card)")
    parser.add_argument("--pixel-step", choices=PIXEL_STEPS, help="declare the per-face pixel step (with --card)")
    parser.add_argument("--custom-objects", type=Path, help="Python file defining the model's custom layers")
    add_data_argument(parser)
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args(argv)
    if not args.card and not args.choose_flip:
        parser.error("give --card MODEL or --choose-flip MODEL")
    try:
        cards = [
            card_for(m, args.data, args.preprocessing, custom_objects=args.custom_objects, step=args.pixel_step)
            for m in args.card
        ]
        return cards + [
            decide_flip(m, args.data, args.batch_size, custom_objects=args.custom_objects) for m in args.choose_flip
        ]
    except ModelFileError as err:
        parser.exit(2, f"error: {err}\n")


if __name__ == "__main__":
    main()
