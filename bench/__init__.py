"""Benchmarks of the published procedure, run by ``make bench`` (``python -m bench``).

Separate from the tests on purpose: targets live here, never in timed tests. See
``bench/README.md`` for what each part measures and how to read it.
"""
