"""`python -m core.explain`: see core.explain.class_average."""

from core.explain.class_average import main

if __name__ == "__main__":
    main()
