"""Suite-wide: GUI tests run offscreen, even when a display is present."""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# The words' parsed copies (ui/texts.py) go to a cache folder of the test run's own, not
# the user's ~/.cache: a test run leaves nothing in the home folder.
_CACHE = tempfile.mkdtemp(prefix="trellis-test-cache-")
os.environ["XDG_CACHE_HOME"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, True)
