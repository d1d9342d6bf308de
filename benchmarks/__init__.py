"""Casebook speed checks. `python -m benchmarks` runs them all and prints the figures."""
