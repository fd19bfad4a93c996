"""Reading the store: named SPARQL questions with typed parameters in, rows out
(``named``); SPARQL text handling (``sparqltext``); SHACL and violation checks (``validate``).
"""

from .named import NamedQuery, bind_params, format_rows, list_queries, load_query, run_query

__all__ = ["NamedQuery", "bind_params", "format_rows", "list_queries", "load_query", "run_query"]
