"""`python -m lib`: the Casebook command line. Each command lives in `lib/commands/`.

The cyclic garbage collector is kept out of the process's two fixed costs. Start-up imports
SQLAlchemy, the models and the command's module: tens of thousands of long-lived objects,
which the collector would otherwise traverse again and again while they are being created;
they are moved out of its sight (`gc.freeze`) once loaded. At exit, Python's shutdown
collects and frees every module's objects in reference cycles, which costs an import about
0.2 s of CPU for nothing; frozen, they are left for the operating system to reclaim with
the process. Output is flushed and `atexit` handlers run as usual.
"""

from __future__ import annotations

import gc
import sys


def run() -> int:
    gc.disable()
    from lib.commands import load_chosen, main

    load_chosen(sys.argv[1:])
    gc.freeze()
    gc.enable()
    try:
        return main()
    finally:
        gc.freeze()


if __name__ == "__main__":
    sys.exit(run())
