"""Explanation errors, importable without TensorFlow (pages catch them)."""


class ExplainError(ValueError):
    """The model has nothing the requested explanation can use (no conv layer, unknown layer)."""


class ExplainMemoryError(MemoryError):
    """An explanation step needed more memory than its budget (core.explain.budget); the view says so."""

    def __init__(self, *, image_mb: float, budget_mb: float) -> None:
        super().__init__(
            f"one image needs about {image_mb:.0f} MB here, the explanation budget is {budget_mb:.0f} MB "
            "(FER_EXPLAIN_BUDGET_MB)"
        )
        self.image_mb = image_mb
        self.budget_mb = budget_mb
