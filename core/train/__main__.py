"""`python -m core.train`: see core.train.trainer."""

from core.train.trainer import main

main()
