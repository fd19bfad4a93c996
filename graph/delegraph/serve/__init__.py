"""The store over HTTP: a SPARQL 1.1 endpoint, the named queries as URLs, the query page
and the view, answered by a pool of worker processes so a slow query never blocks others.
"""

from .handler import make_server, serve

__all__ = ["make_server", "serve"]
