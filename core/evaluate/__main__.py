"""`python -m core.evaluate`: see core.evaluate.run."""

from core.evaluate.run import main

if __name__ == "__main__":
    main()
