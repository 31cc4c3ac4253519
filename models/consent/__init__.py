"""The consent check-in (being split into modules; see the next commit)."""

from models.consent.answers import *  # noqa: F403
