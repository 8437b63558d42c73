"""The benchmark's parts, one module per group; each part takes the shared Bench and adds figures."""
