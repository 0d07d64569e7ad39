"""Public benchmarks run through the product's own engine (roster.solve) and rule functions.

curtois_format reads a Curtois & Qu instance file into an Instance; curtois_check is an independent
checker of a benchmark roster (its own minimal parse, no Instance, no model); curtois is the runner.
"""
