"""Looking at the store: networkx projections and centrality (``analyze``), the offline
HTML network (``html``, the only place pyvis is imported) and a summary (``summary``).
"""
