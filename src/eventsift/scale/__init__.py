"""Scale out: the pipeline's ingest and extraction on a Dask cluster (``eventsift run --dask``).

Storing and linking stay in the calling process, in input order, so a cluster
run gives exactly what a serial run gives. Dask is imported only when used.
"""
from __future__ import annotations

__all__ = ["run_dask"]


def run_dask(*args, **kwargs):
    from eventsift.scale.dask_run import run_dask as run
    return run(*args, **kwargs)
