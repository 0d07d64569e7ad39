"""Benchmarks run from the repository root (not installed): `python benchmarks/scale.py`,
`python -m benchmarks.curtois`. Each calls the same planner as the product (roster.planner.plan)."""
