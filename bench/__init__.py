"""Benchmarks: each module runs standalone (`python -m bench.<name>`), prints a table and,
last, one JSON line with its figures. `bench/run` runs them all. Not pass/fail tests."""
