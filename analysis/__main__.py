"""``python -m analysis run ...``: see analysis.run."""

from analysis.run import main

main()
