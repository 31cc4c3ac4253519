"""Suite-wide: GUI tests run offscreen, even when a display is present."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
