"""Every verb of ``python -m kata``: one module per family of verbs."""
