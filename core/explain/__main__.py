"""`python -m core.explain`: see core.explain.class_average."""

from core.explain.class_average import main

main()
