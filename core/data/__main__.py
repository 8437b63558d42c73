"""`python -m core.data`: see core.data.dataset."""

from core.data.dataset import main

if __name__ == "__main__":
    main()
