"""The personal coping plan: every section kept, saved in parts, private like the journal."""

from __future__ import annotations

import pytest

from models.journal import COPING_SECTIONS, load_plan, save_plan


def test_an_unwritten_plan_is_empty_in_every_section(session_a) -> None:
    plan = load_plan(session_a.keyring, 1)
    assert plan.owner == 1 and plan.updated_at is None
    assert dict(plan.sections) == dict.fromkeys(COPING_SECTIONS, "")


def test_sections_saved_in_parts_are_all_kept(session_a) -> None:
    keys = session_a.keyring
    first = save_plan(keys, 1, {"triggers": "Phones at dinner", "people": "Sam — 0123"})
    assert first.updated_at is not None and first.updated_at.tzinfo is not None
    second = save_plan(keys, 1, {"helps": "A walk, cold water", "triggers": "Late messages"})
    assert load_plan(keys, 1) == second
    assert dict(second.sections) == {
        "triggers": "Late messages", "early_signs": "", "helps": "A walk, cold water",
        "does_not_help": "", "partner_can_help": "", "people": "Sam — 0123"}
    assert second.updated_at >= first.updated_at


@pytest.mark.parametrize("sections", [{"wishes": "x"}, {"helps": 3}])
def test_unknown_sections_are_refused_and_nothing_changes(session_a, sections) -> None:
    keys = session_a.keyring
    save_plan(keys, 1, {"helps": "Tea"})
    with pytest.raises(ValueError):
        save_plan(keys, 1, sections)
    assert load_plan(keys, 1).sections["helps"] == "Tea"
