"""Benchmarks of the site: `make bench` (bench/run.py) and the concurrency scripts."""
