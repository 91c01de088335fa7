"""The months the package answers for: one home for the coverage window.

Every entry point (the API, the CLI, the microsimulation, the explanation) refuses a month outside
it, and the statistical subsistence minimum table is built to cover it (with the quarter before
its first month, whose minimum sets the first line).
"""

FIRST_MONTH = "2018-01"
LAST_MONTH = "2026-12"
