"""UI strings, one module per page or feature, each a TEXTS dict: key -> {"id": ..., "en": ...}."""
