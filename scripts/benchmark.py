#!/usr/bin/env python
"""Benchmark the whole marsad pipeline (see ``marsad.eval.bench``).

    .venv/bin/python scripts/benchmark.py [--n 2000 --n 20000] [--workers 8]
"""

from marsad.cli.evaluation import benchmark

if __name__ == "__main__":
    benchmark(prog_name="scripts/benchmark.py")
