"""Boundary agreements (being split into modules; see the next commit)."""

from models.agreements.actions import *  # noqa: F403
