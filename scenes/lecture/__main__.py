"""``python -m scenes.lecture``: see :mod:`scenes.lecture.cli`."""

import sys

from .cli import main

sys.exit(main())
