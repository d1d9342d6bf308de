"""Exit 0 when every requirement in the given requirement files is installed at a version they
allow (extras included), else name what is missing and exit 1.

tests/run.sh asks this before `pip install -r requirements-dev.txt`: pip resolves the whole list
even when nothing is missing, which costs seconds of CPU and a wait on the package index on
every run. Anything this does not understand (an option line other than `-r`) counts as unmet,
so pip still decides.
"""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

try:
    from packaging.requirements import InvalidRequirement, Requirement
except ImportError:  # a fresh machine: pip installs everything, packaging included
    print("missing: packaging (to read the requirement files)")
    sys.exit(1)


def unmet_in(path: Path) -> list[str]:
    """Every requirement of `path` (and of the files it includes with `-r`) not satisfied."""
    found: list[str] = []
    for number, raw in enumerate(path.read_text().splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("-r"):
            found += unmet_in(path.parent / line[2:].strip())
            continue
        try:
            requirement = Requirement(line)
        except InvalidRequirement:
            found.append(f"{path.name}, line {number}: {line!r} (left to pip)")
            continue
        found += unmet(requirement)
    return found


def unmet(requirement: Requirement) -> list[str]:
    """`requirement` itself and, for each extra it asks for, the packages that extra needs."""
    if requirement.marker is not None and not requirement.marker.evaluate():
        return []
    try:
        version = metadata.version(requirement.name)
    except metadata.PackageNotFoundError:
        return [f"{requirement} (not installed)"]
    if not requirement.specifier.contains(version, prereleases=True):
        return [f"{requirement} (installed: {version})"]
    found: list[str] = []
    for extra in sorted(requirement.extras):
        for text in metadata.requires(requirement.name) or []:
            needed = Requirement(text)
            marker = needed.marker
            if marker is None or "extra" not in str(marker):
                continue  # a dependency of the package itself, not of the extra
            if marker.evaluate({"extra": extra}):
                needed.marker = None
                found += unmet(needed)
    return found


def main(paths: list[str]) -> int:
    missing = [item for path in paths for item in unmet_in(Path(path))]
    for item in missing:
        print(f"missing: {item}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
