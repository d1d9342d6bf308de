"""One way to time a figure: wall seconds, CPU seconds beside them, and the process's peak memory.

Wall time alone misleads on a shared machine (a busy neighbour doubles it); CPU time says how
much work the step itself did, and the peak resident memory what it needed at most.
"""

from __future__ import annotations

import resource
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Measured:
    wall: float  # seconds
    cpu: float  # seconds of this process's CPU (all its threads)
    peak: float  # MiB: the process's peak resident memory so far

    def unit(self, target: str = "") -> str:
        """The rest of a printed row after the wall seconds."""
        text = f"s  CPU {self.cpu:.2f} s, peak {self.peak:.0f} MiB"
        return f"{text}  ({target})" if target else text


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(fn: Callable[[], T]) -> tuple[T, Measured]:
    """Run `fn` once and measure it."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, Measured(time.perf_counter() - wall, time.process_time() - cpu, peak_mib())


def row(label: str, measured: Measured, target: str = "") -> tuple[str, float, str]:
    """A printed row: the wall seconds as the figure, CPU and peak memory beside them."""
    return (label, measured.wall, measured.unit(target))
