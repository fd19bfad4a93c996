"""``python -m delegraph``: the same command line as the ``delegraph`` script."""

from delegraph.cli import main

main()
