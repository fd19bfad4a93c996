import time, pyoxigraph as ox
from delegraph.remote import RemoteStore
r = RemoteStore("sparql+http://127.0.0.1:17903/")
items = [(f"http://ex/g/{k}", [ox.Quad(ox.NamedNode(f"http://ex/s{k}_{i}"), ox.NamedNode(f"http://ex/p{i%5}"), ox.Literal(f"v{i}"), ox.NamedNode(f"http://ex/g/{k}")) for i in range(60)]) for k in range(300)]
a=time.perf_counter(); r.replace_graphs(items); print("replace_graphs 300x60 new", time.perf_counter()-a)
a=time.perf_counter(); r.replace_graphs(items); print("replace_graphs 300x60 existing", time.perf_counter()-a)
from delegraph.remote import _nt
a=time.perf_counter(); r.update("INSERT DATA { " + " ".join(f"GRAPH <{g}x> {{ {_nt([q.triple for q in qs])} }}" for g, qs in items) + " }"); print("one INSERT DATA 300 graphs no drop", time.perf_counter()-a)
a=time.perf_counter(); r.update(" ; ".join(f"DROP SILENT GRAPH <{g}y>" for g, qs in items)); print("300 drops nonexistent", time.perf_counter()-a)
a=time.perf_counter(); r.update(" ; ".join(f"DROP SILENT GRAPH <{g}x>" for g, qs in items)); print("300 drops existing", time.perf_counter()-a)
a=time.perf_counter()
for g, _ in items[:100]: r._graph_triples(g)
print("100 GETs", time.perf_counter()-a)
a=time.perf_counter()
for g, _ in items[:100]: r.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")
print("100 SELECTs", time.perf_counter()-a)
