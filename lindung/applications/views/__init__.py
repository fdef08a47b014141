"""Pages of the application workflow, one module per audience or step (see each docstring)."""
