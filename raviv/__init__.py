"""raviv: participation and reciprocity tracking for federative networks of organisations."""

import os

# Piccolo finds its engine through this module; set before any table is touched.
os.environ.setdefault("PICCOLO_CONF", "raviv.piccolo_conf")

__version__ = "0.1.0"
