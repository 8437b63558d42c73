"""`python -m core.data`: see core.data.dataset."""

from core.data.dataset import main

main()
