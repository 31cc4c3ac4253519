"""What exists of one partner's need drafts, counted under their own key.

As for the narrative drafts: each owner's drafts have their own :mod:`models.manifest`
count, so a removed draft, or one moved in from the other partner, is damage when the
owner's drafts are read. A file from before the needs map gets the count, empty, the
first time the owner's key is at hand, and a fact in the ``needs/counted`` stream says
so; from then on a missing count is damage (:class:`models.manifest.OwnerCount`).
"""

from __future__ import annotations

from models.manifest import OwnerCount
from models.needs.tables import NeedDraftRow

COUNTED = NeedDraftRow._meta.table_name
STREAM = "needs/counted"
COUNT = OwnerCount(COUNTED, STREAM, "needs drafts counted")

draft_uuids = COUNT.uuids
started = COUNT.started
start = COUNT.start
check = COUNT.check
note = COUNT.note
