"""Developer tools (not needed to run the app)."""
