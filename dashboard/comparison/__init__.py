"""The comparison page's parts: its sections and the ablation study, each drawn only when selected."""
