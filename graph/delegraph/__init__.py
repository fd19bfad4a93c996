"""delegraph: a knowledge graph of bilateral delegations built from official meeting readouts."""

__version__ = "0.1.0"
