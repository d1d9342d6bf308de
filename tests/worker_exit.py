"""Let a pytest-xdist worker end quickly, so its controller never has to interrupt it.

When the run ends, the controller tells each worker's execnet gateway to stop and waits 5 s
for the worker's pytest to return; after that execnet sends the worker a SIGINT. What the
worker does in that window is pytest's own clean-up, which runs five full garbage collections
(to find unraisable exceptions). By then a worker holds a few hundred thousand objects
(Streamlit, pandas, Plotly and every AppTest run it made), and on a busy 2-core machine those
collections take longer than 5 s. The SIGINT then lands in whatever Python code runs during a
collection: usually Hypothesis's gc callback, which prints a harmless-looking but alarming
`Exception ignored in: <function gc_callback ...> KeyboardInterrupt`.

Freezing the heap (`gc.freeze`) moves every live object out of the collector's reach, so
those collections have almost nothing to walk. It is done only in a worker, after its results
have gone to the controller: a worker's clean-up warnings reach nobody, while a run without
xdist still reports unraisable exceptions found at the end.
"""

from __future__ import annotations

import gc

import pytest


def is_xdist_worker(config: pytest.Config) -> bool:
    """Whether this pytest process is a pytest-xdist worker (xdist gives it `workerinput`)."""
    return hasattr(config, "workerinput")


def freeze_heap_if_worker(config: pytest.Config) -> bool:
    """Freeze the heap of an xdist worker that is about to clean up; True if it did."""
    if not is_xdist_worker(config):
        return False
    gc.freeze()
    return True
