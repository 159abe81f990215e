"""Forked worker processes: how the kit puts the machine's other cores to work.

Workers are forked, so they inherit what the parent has already loaded (content, settings,
MkDocs configuration) instead of receiving it pickled; only their results travel back.
Where "fork" does not exist, callers do the work themselves, one item after the other.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.pool
import os

_job: object = None


def cores() -> int:
    """How many processes may work at once; 1 when forking is not possible here."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return os.cpu_count() or 1


def pool(job: object, processes: int) -> multiprocessing.pool.Pool:
    """Forked workers that find `job` with `job()`."""
    global _job
    _job = job
    try:
        return multiprocessing.get_context("fork").Pool(processes)
    finally:
        _job = None  # the workers have their copy


def job() -> object:
    """In a worker: what its pool was given."""
    return _job
