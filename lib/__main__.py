"""`python -m lib`: the Casebook command line. Each command lives in `lib/commands/`."""

from __future__ import annotations

import sys

from lib.commands import main

if __name__ == "__main__":
    sys.exit(main())
