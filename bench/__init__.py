"""Benchmarks of Klageportal: the data generator (generate.py) and the harness `make bench` runs (run.py)."""
