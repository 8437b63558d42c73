"""`python -m core.explain`: see core.explain.gradcam."""

from core.explain.gradcam import main

main()
