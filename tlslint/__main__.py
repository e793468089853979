"""Entry point for ``python -m tlslint``."""

import sys

from tlslint.cli import main

sys.exit(main())
