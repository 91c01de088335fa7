"""What a Dask worker needs before its first task, loaded once per worker process.

Imported first by the default local cluster's fork server (:func:`dask_engine._local_cluster`), so
that each worker it forks starts with the package imported and the baseline's tax-benefit system
built, and by a worker started from the command line with ``--preload``::

    dask worker tcp://HOST:8786 --nthreads 1 --preload openfisca_kz_asp.microsim.dask_worker

Without it a worker imports the package and builds the system at its first task (about 2 s), and
keeps Dask's statistical profiler on (100 samples of the task's stack a second, a fifth of the
full-population year's time: :func:`dask_engine.worker_config`).
"""

from __future__ import annotations

import os

import dask.config

# The environment Dask's nanny gives a worker it spawns (one thread for OpenMP, MKL and OpenBLAS,
# ...), set here before numpy is imported: a forked worker's libraries are initialised in the fork
# server, and two workers each running a BLAS pool of two threads on two cores would contend.
for _name, _value in {
    **dask.config.get("distributed.nanny.pre-spawn-environ", {}),
    **dask.config.get("distributed.nanny.environ", {}),
}.items():
    os.environ[_name] = str(_value)

from openfisca_kz_asp.microsim import engine  # noqa: E402 - after the environment

engine.system()  # the baseline's system, cached per process (and inherited by forked workers)

import distributed  # noqa: E402, F401 - its settings known before they are changed

from openfisca_kz_asp.microsim.dask_engine import worker_config  # noqa: E402

# Read by a command-line worker after its preloads (Dask's profiler off: dask_engine.worker_config).
# A local cluster's workers take the client's settings instead, which _local_cluster sets the same.
dask.config.set(worker_config())
# (The allocator is tuned by each task: allocator.tune_allocator, once per process.)
