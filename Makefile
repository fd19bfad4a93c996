# Shortcuts over the venv of the README (python3 -m venv .venv && .venv/bin/pip install -e '.[dev]').

.PHONY: notebooks test lint

notebooks:  ## execute notebooks/*.ipynb in place: they are committed with their outputs
	.venv/bin/python notebooks/regenerate.py

test:  ## the README's test command
	.venv/bin/python -m pytest

lint:
	.venv/bin/ruff check .
