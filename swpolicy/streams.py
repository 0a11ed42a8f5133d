"""Named random streams: uniform draws that depend only on (seed, input name, draw index).

Every uncertain input of a run (an epidemic parameter, a law-to-determinant link, a provision
the law data leave unclear) draws its uniforms from its own stream. The stream's key is a hash
of the seed and the input's name, and draw ``i`` of a stream is a counter-based function of the
key and ``i`` (SplitMix64 finalisers, the generator Java's ``SplittableRandom`` and xoshiro's
seeding use). So:

* adding or removing an input changes no other input's draws (Starsim derives each
  distribution's seed from its name for the same reason);
* draws ``i..j`` can be computed on their own, on any worker, and equal the same draws of a
  full run, which is what lets an ensemble be split into independent tasks;
* common random numbers hold across laws and scenarios: they read the same streams.

Draws are plain Monte Carlo (not Latin hypercube): stratifying over *n* draws ties every draw
to every other, which is exactly what splitting cannot allow.
"""

from __future__ import annotations

import hashlib

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
IndexArray = NDArray[np.int64]

_MASK = np.uint64(0xFFFFFFFFFFFFFFFF)
_GAMMA = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)


def stream_key(seed: int, name: str) -> int:
    """The 64-bit key of a stream: a cryptographic hash of the seed and the input's name.

    A hash (not Python's ``hash``, which is salted per process) so that keys are the same on
    every machine and in every process.
    """
    digest = hashlib.blake2b(f"{seed}\x1f{name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little")


def _mix(z: NDArray[np.uint64]) -> NDArray[np.uint64]:
    """SplitMix64's output function: a bijective avalanche of 64-bit integers."""
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    out: NDArray[np.uint64] = z ^ (z >> np.uint64(31))
    return out


def uniforms(seed: int, name: str, index: IndexArray | range) -> FloatArray:
    """Uniform(0, 1) draws of stream ``name`` at the given draw indices (never exactly 0 or 1).

    The value at index ``i`` depends only on ``seed``, ``name`` and ``i``.
    """
    idx = np.asarray(index, dtype=np.int64)
    if idx.size and idx.min() < 0:
        raise ValueError("draw indices must be non-negative")
    key = np.uint64(stream_key(seed, name))
    with np.errstate(over="ignore"):  # 64-bit wrap-around is the algorithm
        z = key + (idx.astype(np.uint64) + np.uint64(1)) * _GAMMA
        bits = _mix(z & _MASK)
    # The top 53 bits as a double in (0, 1): add half a unit so that 0 is impossible.
    out: FloatArray = ((bits >> np.uint64(11)).astype(np.float64) + 0.5) / float(1 << 53)
    return out


def draw_range(start: int, stop: int) -> IndexArray:
    """Draw indices ``start .. stop - 1`` as an index array."""
    if not 0 <= start <= stop:
        raise ValueError(f"bad draw range {start}..{stop}")
    return np.arange(start, stop, dtype=np.int64)
