"""The explainability page's parts: the image picker and one module per panel (drawn only when selected)."""
