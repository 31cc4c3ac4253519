"""What exists of one partner's drafts, counted under their own key.

Each owner's drafts have their own :mod:`models.manifest` count (named for the drafts'
table), so a removed draft, or one moved in from the other partner, is damage when the
owner's drafts are read. A file from before narrative re-authoring has no such count:
it is made, empty, the first time the owner's key is at hand, and a fact in the
``narrative/counted`` stream says so; from then on a missing count is damage
(:class:`models.manifest.OwnerCount`).
"""

from __future__ import annotations

from models.manifest import OwnerCount
from models.narrative.tables import NarrativeDraft

COUNTED = NarrativeDraft._meta.table_name
STREAM = "narrative/counted"
COUNT = OwnerCount(COUNTED, STREAM, "narrative drafts counted")

draft_uuids = COUNT.uuids
started = COUNT.started
start = COUNT.start
check = COUNT.check
note = COUNT.note
