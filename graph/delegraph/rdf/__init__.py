"""Stage 4, rdf: a resolved ``Extraction`` in, the quads of its readout's named graph out.

``encode`` states every fact with its evidence; ``producer`` stamps the graph with a digest
of the code and curation that made it, so a changed tool re-extracts unchanged text.
"""

from .encode import encode_readout, extraction_to_quads, gazetteer_quads
from .producer import stamp

__all__ = ["encode_readout", "extraction_to_quads", "gazetteer_quads", "stamp"]
