"""Benchmarks run against the real stack (`python -m bench.<name>`)."""
