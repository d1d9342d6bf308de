"""Where a process's resident memory is: Python's own allocator against the C library's.

The memory benchmark prints these beside the resident memory after every revision bump, so
growth can be told apart: live Python objects (`sys.getallocatedblocks`), Python's small-object
arenas (1 MiB each, handed back only when wholly empty), and glibc's malloc arenas (one per
thread that allocated, up to eight per core), each with how much of it is free but not returned.
Linux and glibc only; elsewhere the C library's figures are left out.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from typing import Any

MIB = 1024 * 1024


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena", "ordblks", "smblks", "hblks", "hblkhd",
            "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost",
        )
    ]  # fmt: skip


def _libc() -> Any:
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None


def pymalloc() -> dict[str, float]:
    """Python's small-object allocator: arenas held now (MiB) and bytes in live blocks (MiB).

    `sys._debugmallocstats` writes to the C stderr, so it is read back through a pipe."""
    read_end, write_end = os.pipe()
    saved = os.dup(2)
    try:
        sys.stderr.flush()
        os.dup2(write_end, 2)
        sys._debugmallocstats()
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(write_end)
    chunks = []
    while chunk := os.read(read_end, 1 << 16):
        chunks.append(chunk)
    os.close(read_end)
    text = b"".join(chunks).decode(errors="replace")

    def figure(label: str) -> int:
        found = re.search(rf"# {label}\s*=\s*([\d,]+)", text)
        return int(found.group(1).replace(",", "")) if found else 0

    return {
        "py_arenas_mib": float(figure("arenas allocated current")),  # 1 MiB each
        "py_used_mib": figure("bytes in allocated blocks") / MIB,
    }


def glibc() -> dict[str, Any]:
    """glibc's malloc: bytes in use and free-but-kept, from `mallinfo2`, and per arena (heap)
    what it holds from the system and how much of that is free, from `malloc_info`."""
    libc = _libc()
    if libc is None or not hasattr(libc, "mallinfo2") or not hasattr(libc, "malloc_info"):
        return {}
    libc.mallinfo2.restype = _MallInfo2
    info = libc.mallinfo2()
    figures: dict[str, Any] = {
        "c_heap_mib": info.arena / MIB,  # from sbrk and the threads' heaps
        "c_mmapped_mib": info.hblkhd / MIB,  # large blocks, each its own mapping
        "c_used_mib": info.uordblks / MIB,
        "c_free_mib": info.fordblks / MIB,  # free, still resident unless trimmed
    }
    libc.fopen.restype = ctypes.c_void_p
    libc.fopen.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
    libc.fclose.argtypes = [ctypes.c_void_p]
    libc.malloc_info.argtypes = [ctypes.c_int, ctypes.c_void_p]
    with tempfile.NamedTemporaryFile(suffix=".xml") as out:
        stream = libc.fopen(out.name.encode(), b"w")
        if not stream:
            return figures
        libc.malloc_info(0, stream)
        libc.fclose(stream)
        root = ElementTree.parse(out.name).getroot()
    arenas = []
    for heap in root.findall("heap"):
        system = heap.find("system[@type='current']")
        free = sum(int(t.get("size", 0)) for t in heap.findall("total"))
        size = int(system.get("size", 0)) if system is not None else 0
        arenas.append((round(size / MIB, 1), round(free / MIB, 1)))
    figures["c_arenas"] = arenas  # (MiB from the system, MiB of it free), per arena
    return figures


def figures() -> dict[str, Any]:
    """All of the above, and the number of threads alive."""
    import threading

    return {**pymalloc(), **glibc(), "threads": threading.active_count()}
