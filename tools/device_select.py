"""Pick the optimized run with the best PublicTest accuracy and stage both models for the trip back.

    python tools/device_select.py /tmp/work /tmp/final

Each run folder holds core.train.trainer's output (<scenario>.keras and its card). Only PublicTest
(the validation split) decides; PrivateTest is never used to choose.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path


def main(work: Path, final: Path) -> None:
    cards = {p.parent.name: json.loads(p.read_text()) for p in work.glob("*/*.json")}
    for name, card in sorted(cards.items()):
        print(
            f"{name}: best epoch {card['best_epoch']}/{card['epochs_run']}, PublicTest {card['best_val_accuracy']:.4f}"
        )
    best = max((n for n in cards if n.startswith("optimized")), key=lambda n: cards[n]["best_val_accuracy"])
    print("selected on PublicTest:", best)
    (work / "selected.txt").write_text(best + "\n")
    final.mkdir(parents=True, exist_ok=True)
    shutil.copy(work / best / "optimized.keras", final / "optimized.keras")
    shutil.copy(work / "baseline" / "baseline.keras", final / "baseline.keras")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
