"""Command-line interface: a thin click layer, one verb per pipeline stage."""

from __future__ import annotations

import click


@click.group()
def cli() -> None:
    """delegraph: a knowledge graph of bilateral delegations from meeting readouts."""


def main() -> None:
    cli()
