"""Where a run stands between epochs: one typed record, checkpointed as state.json for ``--resume``."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.artifacts.reports import atomic_write_json


@dataclass
class RunState:
    """Progress of one run: epochs done, the best PublicTest epoch so far, the stall counters."""

    preprocessing_note: str
    epoch: int = 0
    best_val_accuracy: float = -1.0
    best_epoch: int = 0
    stale: int = 0
    lr_stale: int = 0
    wall_time_s: float = 0.0
    history: list[dict[str, float]] = field(default_factory=list)
    head_warmup: dict[str, Any] | None = None
    continued_from: dict[str, Any] | None = None

    def record(self, row: dict[str, float]) -> bool:
        """Add a finished epoch's history row; True when it is the best PublicTest epoch so far."""
        self.epoch = int(row["epoch"])
        self.wall_time_s += row["epoch_time_s"]
        self.history.append(row)
        if row["val_accuracy"] > self.best_val_accuracy:
            self.best_val_accuracy, self.best_epoch, self.stale, self.lr_stale = row["val_accuracy"], self.epoch, 0, 0
            return True
        self.stale += 1
        self.lr_stale += 1
        return False

    def lr_due(self, patience: int) -> bool:
        """True (and the counter restarts) when the learning rate should drop after ``patience`` stale epochs."""
        if self.lr_stale < patience:
            return False
        self.lr_stale = 0
        return True

    def save(self, path: Path) -> None:
        atomic_write_json(path, dataclasses.asdict(self))

    @classmethod
    def load(cls, path: Path) -> RunState:
        """A saved state (keys a newer version no longer has are dropped)."""
        data = json.loads(path.read_text())
        names = {spec.name for spec in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})
