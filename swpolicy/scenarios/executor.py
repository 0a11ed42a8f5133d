"""Where tasks run: in this process, on a local Dask cluster, or on an existing one.

A run is split into independent tasks (chunks of draws to fit, laws to project, rows of a
sensitivity design); each task is a top-level function of picklable arguments, so the same tasks
run in-process or through ``dask.distributed``. Results are merged in task order, and every task
computes its draws independently of the others (named random streams, per-draw equations), so
a result is bit-identical however the work is split.

``--workers N`` starts a local cluster of N single-threaded worker processes; ``--scheduler
tcp://host:port`` (or ``SWPOLICY_DASK_SCHEDULER``) sends the tasks to an existing cluster, so a
researcher who outgrows one machine runs the same command on many.
"""

from __future__ import annotations

import functools
import itertools
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

from swpolicy.errors import UsageError

T = TypeVar("T")
R = TypeVar("R")
Tick = Callable[[int], None]
CONNECT_TIMEOUT = 10  # seconds to reach a --scheduler before giving up with a clear error


class Executor(Protocol):
    """Maps a task function over items; results come back in the items' order."""

    workers: int

    def map(self, fn: Callable[[T], R], items: Sequence[T], tick: Tick | None = None) -> list[R]:
        """``[fn(item) for item in items]``, possibly elsewhere; ``tick(1)`` per finished task."""
        ...


class InProcess:
    """Run every task here, one after another (the default)."""

    workers = 1

    def map(self, fn: Callable[[T], R], items: Sequence[T], tick: Tick | None = None) -> list[R]:
        out = []
        for item in items:
            out.append(fn(item))
            if tick is not None:
                tick(1)
        return out


class DaskExecutor:
    """Run tasks on a ``dask.distributed`` cluster through a connected client."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.workers = max(1, len(client.scheduler_info(n_workers=-1).get("workers", {})))

    def map(self, fn: Callable[[T], R], items: Sequence[T], tick: Tick | None = None) -> list[R]:
        from distributed import as_completed

        futures = self.client.map(functools.partial(_in_worker, fn), list(items), pure=False)
        for _ in as_completed(futures):  # type: ignore[no-untyped-call]
            if tick is not None:
                tick(1)
        results: list[R] = self.client.gather(futures)
        return results


def _in_worker(fn: Callable[[T], R], item: T) -> R:
    """Run one task on a worker with numba single-threaded.

    Each worker is one process with one thread: numba's parallel loops would otherwise start a
    thread per core in every worker, and the workers would fight over the cores. numba's
    setting is per thread, so it is made in the thread that runs the task.
    """
    import numba

    numba.set_num_threads(1)
    return fn(item)


@contextmanager
def executor(workers: int | None = None, scheduler: str | None = None) -> Iterator[Executor]:
    """An executor for the options given (none: in-process).

    ``scheduler`` (or the ``SWPOLICY_DASK_SCHEDULER`` environment variable) connects to an
    existing cluster; ``workers`` starts a local cluster bound to the loopback interface.
    """
    scheduler = scheduler or os.environ.get("SWPOLICY_DASK_SCHEDULER") or None
    if scheduler is None and not workers:
        yield InProcess()
        return
    from distributed import Client, LocalCluster

    if scheduler is not None:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)  # type: ignore[no-untyped-call]
        except (OSError, ValueError, TypeError) as exc:  # unreachable or malformed address
            raise UsageError(f"--scheduler / SWPOLICY_DASK_SCHEDULER: {exc}") from None
        with client:
            yield DaskExecutor(client)
        return
    with (
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,  # type: ignore[no-untyped-call]
    ):
        yield DaskExecutor(client)


def chunks(n: int, parts: int) -> list[tuple[int, int]]:
    """Split ``range(n)`` into at most ``parts`` contiguous, nearly equal ``(start, stop)``."""
    parts = max(1, min(parts, n))
    edges = [round(i * n / parts) for i in range(parts + 1)]
    return [(a, b) for a, b in itertools.pairwise(edges) if b > a]
