"""The agreements PDF (being split into modules; see the next commit)."""

from exports.agreements.data import *  # noqa: F403
from exports.agreements.data import _WORDS  # noqa: F401
