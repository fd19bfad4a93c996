"""The stages chained: the jobs of the command line (``jobs``), adding readouts (``add``,
``bulk``) and the refresh of the identity and derived graphs after writes (``refresh``).
Everything a notebook needs to build a store is importable from here.
"""

# Loaded on first use (PEP 562): a command that only opens a store to read it does not
# import the extractor, the resolver and the encoder.
_WHERE = {
    "AddReport": "report",
    "add_curated": "add",
    "add_extractions": "add",
    "add_paths": "add",
    "add_readout": "add",
    "add_readouts": "add",
    "add_resolved": "bulk",
    "build": "jobs",
    "count_readout_files": "jobs",
    "curation_aliases": "refresh",
    "explain_extraction": "jobs",
    "explain_identity": "jobs",
    "extract_file": "jobs",
    "finish": "add",
    "historyatstate_records": "jobs",
    "identity_index": "add",
    "load_curation_sources": "add",
    "open_endpoint": "jobs",
    "open_store": "jobs",
    "process_readout": "add",
    "prune_readouts": "remove",
    "pull": "refresh",
    "push": "refresh",
    "read_inputs": "jobs",
    "run_eval": "jobs",
    "refresh_after": "refresh",
    "refresh_whole": "refresh",
    "remove_readouts": "remove",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'delegraph.pipeline' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))
