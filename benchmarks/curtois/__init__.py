"""The Curtois & Qu benchmark run through the product's planner (roster.planner.plan) and rule functions.

read: a Curtois & Qu instance file into an Instance; check: an independent checker of a benchmark
roster (its own minimal parse, no Instance, no model); run: the runner (`python -m benchmarks.curtois`).
"""
