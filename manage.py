#!/usr/bin/env python
"""Developer entry point; the same as the `motcua` console script, with the dev settings."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    from motcua.cli import main

    main()
