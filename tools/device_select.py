"""Choose on PublicTest among the runs of tools/device_train.sh and stage the winners for the trip back.

    python tools/device_select.py candidates /tmp/work /tmp/final   # prints "<setting> <epochs>"
    python tools/device_select.py summary /tmp/work                 # every run's PublicTest figure

Each run folder ``<setting>_<scenario>`` (setting = backbone + input size, e.g. ``hed48``) or
``<variant>`` (ablations and seeds) holds core.train.trainer's output: <scenario>.keras and its card.
Only PublicTest (the validation split) decides; PrivateTest is not even on the machine.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

SCENARIOS = ("baseline", "optimized")


def cards(work: Path) -> dict[str, dict]:
    """Every finished run's card by run folder name."""
    return {p.parent.name: json.loads(p.read_text()) for p in sorted(work.glob("*/*.json")) if p.stem in SCENARIOS}


def summary(work: Path) -> dict[str, float]:
    """Print and return each run's best PublicTest accuracy."""
    found = cards(work)
    for name, card in found.items():
        print(
            f"{name}: {card['recipe']['ablation']}, best epoch {card['best_epoch']}/{card['epochs_run']}, "
            f"PublicTest {card['best_val_accuracy']:.4f}"
        )
    return {name: card["best_val_accuracy"] for name, card in found.items()}


def candidates(work: Path, final: Path) -> tuple[str, int]:
    """The setting whose scenario-2 run is best on PublicTest; writes selected.json and copies its pair."""
    scores = summary(work)
    optimized = {name: acc for name, acc in scores.items() if name.endswith("_optimized")}
    best = max(optimized, key=optimized.get)
    setting = best.removesuffix("_optimized")
    epochs = cards(work)[best]["epochs_run"]
    choice = {"setting": setting, "by": "PublicTest accuracy of scenario 2", "epochs_run": epochs, "runs": scores}
    (work / "selected.json").write_text(json.dumps(choice, indent=1) + "\n")
    final.mkdir(parents=True, exist_ok=True)
    for scenario in ("baseline", "optimized"):
        shutil.copy(work / f"{setting}_{scenario}" / f"{scenario}.keras", final / f"{scenario}.keras")
    return setting, epochs


if __name__ == "__main__":
    if sys.argv[1] == "candidates":
        print(*candidates(Path(sys.argv[2]), Path(sys.argv[3])))
    else:
        summary(Path(sys.argv[2]))
