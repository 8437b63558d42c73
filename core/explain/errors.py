"""Explanation errors, importable without TensorFlow (pages catch them)."""


class ExplainError(ValueError):
    """The model has nothing the requested explanation can use (no conv layer, unknown layer)."""
