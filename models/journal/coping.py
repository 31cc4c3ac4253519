"""A partner's personal coping plan: private like their journal, one row per owner.

The sections (triggers, early signs, what helps, what does not, how the partner can
help, people to reach) are sealed together as JSON with the owner's journal key, with
the moment it last changed. The plan is counted with the owner's entries
(:mod:`models.journal.counting`), so a plan removed from the file is damage, never an
empty plan.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping

from models.damage import Damage, RecordDamaged, contained
from models.db import writing
from models.errors import RecordUnreadable
from models.journal import counting
from models.journal.actions import now
from models.journal.opening import require_held
from models.journal.tables import CopingPlanRow
from models.journal.views import COPING_SECTIONS, CopingPlan
from models.session import Keyring

TABLE = CopingPlanRow._meta.table_name


def _empty(owner: int) -> CopingPlan:
    return CopingPlan(owner, dict.fromkeys(COPING_SECTIONS, ""), None)


def _row(keys: Keyring, owner: int) -> tuple[CopingPlanRow | None, CopingPlan]:
    """``owner``'s plan row (None when they never wrote one) and the plan it holds."""
    with contained(TABLE, f"plan of {owner}"):
        rows = list(CopingPlanRow.select().where(CopingPlanRow.owner == owner))
        if not rows:
            return None, _empty(owner)
        if len(rows) > 1:
            raise RecordDamaged(Damage(TABLE, f"plan of {owner}", "record", "more than one"))
        row = rows[0]
        try:
            values = row.read(keys)
        except RecordUnreadable as exc:
            raise RecordDamaged(Damage(TABLE, row.uuid, "words", exc.field)) from exc
        data = json.loads(values["sections"])
        if not isinstance(data, dict) or not all(
                isinstance(data.get(name, ""), str) for name in COPING_SECTIONS):
            raise RecordDamaged(Damage(TABLE, row.uuid, "words", "sections"))
        updated = dt.datetime.fromisoformat(values["updated_at"])
        return row, CopingPlan(owner, {name: data.get(name, "") for name in COPING_SECTIONS},
                               updated)


def load_plan(keys: Keyring, owner: int) -> CopingPlan:
    """``owner``'s coping plan; every section "" when they have not written one.

    Needs their journal key held (:class:`~models.proof.NeedsOwner` otherwise); a plan
    that does not open, or a count of their rows that no longer matches, raises
    :class:`RecordDamaged`.
    """
    require_held(keys, owner)
    row, plan = _row(keys, owner)
    with contained(TABLE, f"plan of {owner}"):
        counting.check(keys, owner, plans=[] if row is None else [row.uuid])
    return plan


def save_plan(keys: Keyring, owner: int, sections: Mapping[str, str]) -> CopingPlan:
    """Save the ``sections`` given (those left out keep what they held); the plan now.

    Raises ValueError for a section not in COPING_SECTIONS or words that are not text.
    """
    require_held(keys, owner)
    unknown = set(sections) - set(COPING_SECTIONS)
    if unknown or not all(isinstance(text, str) for text in sections.values()):
        raise ValueError(f"unknown sections {sorted(unknown)}")
    row, plan = _row(keys, owner)
    moment = now()
    merged = {name: sections.get(name, plan.sections[name]) for name in COPING_SECTIONS}
    values = {"sections": json.dumps(merged, ensure_ascii=False),
              "updated_at": moment.isoformat()}
    with writing():
        if row is None:
            added = CopingPlanRow.write_new(keys, {"owner": owner}, **values)
            counting.note(keys, owner, added=[added.uuid])
        else:
            with contained(TABLE, row.uuid):
                row.rewrite(keys, None, **values)
    return CopingPlan(owner, merged, moment)
