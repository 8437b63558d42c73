"""`python -m core.train`: see core.train.trainer."""

from core.train.trainer import main

if __name__ == "__main__":
    main()
