"""The needs map (#12): its items match the model after every change and a change
touches only its own items; Tab, the arrows and Enter; zoom; the text version lists
everything; no rate, percentage or streak anywhere."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGraphicsLineItem, QGraphicsSimpleTextItem, QPushButton

from exports.needs.map_layout import Sizes, lay_out
from tests.ui.needs.map_helpers import (
    Source,
    changed,
    commitment,
    context,
    need,
    note,
    small_map,
)
from ui.workbooks.needs.map_cards import MapCard
from ui.workbooks.needs.map_view import MapPage
from ui.workbooks.needs.map_words import MapData


@pytest.fixture
def page(qtbot):
    source = Source(small_map())
    built = MapPage(context(), None, loader=source)
    built.source = source  # type: ignore[attr-defined]
    qtbot.addWidget(built)
    built.resize(1100, 700)
    built.show()
    qtbot.waitExposed(built)
    qtbot.waitUntil(lambda: "Hearing where you are" in built.text.toPlainText())  # after
    return built                                                    # the map's first paint


def shown(page: MapPage) -> tuple[set[str], set[str], set[tuple[str, str]]]:
    """The needs, commitments and lines the scene holds, read from its items."""
    scene = page.scene
    cards = [item for item in scene.items() if isinstance(item, MapCard)]
    lines = {key for key, item in scene.links.items() if item.scene() is scene}
    assert len([i for i in scene.items() if isinstance(i, QGraphicsLineItem)]) == len(lines)
    return ({c.uuid for c in cards if c.kind == "need"},
            {c.uuid for c in cards if c.kind == "commitment"}, lines)


def expected(data: MapData) -> tuple[set[str], set[str], set[tuple[str, str]]]:
    needs = {n.uuid for n in data.needs}
    live = [c for c in data.commitments if c.state != "retired"]
    return (needs, {c.uuid for c in live},
            {(c.uuid, n) for c in live for n in c.needs if n in needs})


def change(page: MapPage, data: MapData) -> set[tuple[str, str]]:
    page.source.data = data  # type: ignore[attr-defined]
    page._ctx.changes.announce("needs", "")
    assert shown(page) == expected(data)
    return page.scene.touched


def items_of(page: MapPage) -> dict[tuple[str, str], object]:
    return {**page.scene.cards, **{("link", " ".join(k)): v for k, v in page.scene.links.items()}}


def test_the_scene_matches_the_model_after_each_change(page: MapPage) -> None:
    data = page.source.data  # type: ignore[attr-defined]
    assert shown(page) == expected(data)
    assert {c.kind for c in page.scene.cards.values()} == {"need", "commitment"}
    before = items_of(page)
    # a commitment proposed for the second partner's need, also meeting the first's
    added = commitment("c4", ("n3", "n1"), 1, "Tell you where I am going")
    touched = change(page, MapData([*data.needs], [*data.commitments, added], data.notes,
                                   data.names))
    assert touched == {("commitment", "c4"), ("link", "c4 n3"), ("link", "c4 n1")}
    after = items_of(page)
    assert all(after[key] is item for key, item in before.items())  # nothing made anew
    # its words changed: only its own card
    data = page.source.data  # type: ignore[attr-defined]
    renamed = changed(added, fields={**added.fields, "what": "Say where I am going"})
    touched = change(page, MapData(data.needs, [*data.commitments[:3], renamed], data.notes,
                                   data.names))
    assert touched == {("commitment", "c4")}
    assert "Say where I am going" in page.scene.card("commitment", "c4").shown_text()
    # paused: its card and its two lines, no other
    data = page.source.data  # type: ignore[attr-defined]
    paused = changed(renamed, state="paused")
    touched = change(page, MapData(data.needs, [*data.commitments[:3], paused], data.notes,
                                   data.names))
    assert touched == {("commitment", "c4"), ("link", "c4 n3"), ("link", "c4 n1")}
    assert page.scene.links[("c4", "n1")].pen().style() == Qt.PenStyle.DotLine
    assert "Paused" in page.scene.card("commitment", "c4").shown_text()[1]
    # a need's importance changed: its card only
    data = page.source.data  # type: ignore[attr-defined]
    deeper = changed(data.needs[2], fields={**data.needs[2].fields, "importance": "3"},
                     version=2)
    touched = change(page, MapData([*data.needs[:2], deeper], data.commitments, data.notes,
                                   data.names))
    assert touched == {("need", "n3")}
    assert "Matters most" in page.scene.card("need", "n3").shown_text()
    # a note since the last review: its commitment only
    data = page.source.data  # type: ignore[attr-defined]
    notes = {**data.notes, "c3": [note("t9", "c3", "missed", 1, early=True)]}
    touched = change(page, MapData(data.needs, data.commitments, notes, data.names))
    assert touched == {("commitment", "c3")}
    # the need withdrawn: its card and lines go; the commitment stays, apart
    data = page.source.data  # type: ignore[attr-defined]
    left = [n for n in data.needs if n.uuid != "n1"]
    touched = change(page, MapData(left, data.commitments, data.notes, data.names))
    assert ("need", "n1") in touched and ("link", "c1 n1") in touched
    assert page.scene.card("commitment", "c1") is not None
    assert page.scene.layout.loose_top is not None
    # retired together: off the map, still in the text
    data = page.source.data  # type: ignore[attr-defined]
    retired = [changed(c, state="retired") if c.uuid == "c2" else c for c in data.commitments]
    change(page, MapData(data.needs, retired, data.notes, data.names))
    assert page.scene.card("commitment", "c2") is None
    assert "Say what I heard back" in page.text.toPlainText()


def test_a_reload_with_nothing_changed_touches_nothing(page: MapPage) -> None:
    page._ctx.changes.announce("needs", "n1")
    assert page.scene.touched == set()
    page._ctx.changes.announce("agreements", "x")
    assert page.source.reads == 2  # type: ignore[attr-defined]


def test_tab_and_arrows_move_between_cards_and_enter_opens(page: MapPage, qtbot) -> None:
    view = page.view
    view.setFocus(Qt.FocusReason.TabFocusReason)
    order = [f"{c.kind}:{c.uuid}" for c in page.scene.ordered_cards()]
    # band by band: the first need, the commitments beside it (those meeting the left
    # need first), the second partner's need; then the next band
    assert order == ["need:n1", "commitment:c1", "commitment:c3", "commitment:c2", "need:n3",
                     "need:n2"]
    seen = []
    for _ in order:
        card = view.focused_card()
        assert card is not None and card.hasFocus()
        seen.append(f"{card.kind}:{card.uuid}")
        assert view.accessibleDescription() == page.scene.description(card)
        qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert seen == order
    assert not view.hasFocus()  # Tab after the last card leaves the map
    view.setFocus(Qt.FocusReason.TabFocusReason)
    view.focus_card(page.scene.card("need", "n1"))
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.focused_card().uuid == "c1"
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.focused_card().uuid == "n3"
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert view.focused_card().uuid == "c1"
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.focused_card().uuid == "c3"
    qtbot.keyClick(view, Qt.Key.Key_Left)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.focused_card().uuid == "n2"
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert view.focused_card().uuid == "n1"
    assert "Wrenfield's need: Hearing where you are. It matters most." in \
        view.accessibleDescription()
    with qtbot.waitSignal(page.open_card) as opened:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert opened.args == ["need", "n1"]


def test_zoom_with_keys_and_buttons(page: MapPage, qtbot) -> None:
    view = page.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom() == pytest.approx(1.25)
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom() == pytest.approx(0.8)
    qtbot.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom() == pytest.approx(1.0)
    page.findChild(QPushButton, "needsMapZoomIn").click()
    assert view.zoom() == pytest.approx(1.25)


def every_word(page: MapPage) -> str:
    for card in page.scene.cards.values():
        card.shown_text()  # the words of cards not in view yet are made too
    scene_words = [item.text() for item in page.scene.items()
                   if isinstance(item, QGraphicsSimpleTextItem)]
    descriptions = [page.scene.description(c) for c in page.scene.ordered_cards()]
    return "\n".join([*scene_words, *descriptions, page.text.toPlainText()])


def test_no_rate_percentage_or_streak_anywhere(page: MapPage) -> None:
    data = page.source.data  # type: ignore[attr-defined]
    many = {"c1": [note(f"k{i}", "c1", "kept", 2) for i in range(9)]
            + [note("m1", "c1", "missed", 2), note("m2", "c1", "missed", 2, early=True)]}
    change(page, MapData(data.needs, data.commitments, many, data.names))
    said = every_word(page)
    assert "11 notes since the last review: kept (9); missed; missed, said so early" in said
    for banned in ("%", "percent", "rate", "streak", "score", "fail", "in a row"):
        assert not re.search(rf"\b{re.escape(banned)}" if banned.isalpha() else
                             re.escape(banned), said, re.IGNORECASE), banned


def test_the_text_version_lists_every_need_and_commitment(page: MapPage) -> None:
    data = page.source.data  # type: ignore[attr-defined]
    text = page.text.toPlainText()
    for item in data.needs:
        assert item.fields["title"] in text
    for item in data.commitments:
        assert item.fields["what"] in text
    assert "When plans change, I want to hear it from you." in text
    assert "What tells me I am safe: You ask before you doubt." in text
    assert "Wrenfield's needs" in text and "Ottoline's needs" in text
    assert page.text.accessibleName() == "The map as text"


def test_partner_one_left_partner_two_right_commitments_between() -> None:
    needs = [("a", 1), ("b", 2), ("c", 1)]
    layout = lay_out(needs, [("x", ("b", "a")), ("y", ("zz",))], Sizes())
    assert layout.needs["a"].x < layout.commitments["x"].x < layout.needs["b"].x
    assert layout.needs["c"].x == layout.needs["a"].x
    assert layout.needs["c"].y > layout.needs["a"].y
    assert {(link.commitment, link.need) for link in layout.links} == {("x", "b"), ("x", "a")}
    assert layout.loose_top is not None and layout.commitments["y"].y >= layout.loose_top
    assert layout.order == (("need", "a"), ("commitment", "x"), ("need", "b"), ("need", "c"),
                            ("commitment", "y"))


def test_an_empty_map_says_so(qtbot) -> None:
    built = MapPage(context(), None, loader=Source(MapData(names={1: "A", 2: "B"})))
    qtbot.addWidget(built)
    assert "Nothing shared yet" in every_word(built)


def test_a_need_from_a_card_shows_the_cards_label(qtbot) -> None:
    data = MapData([need("n", 1, "", "1")], names={1: "A", 2: "B"})
    data.needs[0].fields.update(title="", card="believed")  # type: ignore[attr-defined]
    built = MapPage(context(), None, loader=Source(data))
    qtbot.addWidget(built)
    assert "Being believed" in built.scene.card("need", "n").shown_text()


def test_a_cards_words_are_made_when_it_comes_into_view_or_soon_after(qtbot) -> None:
    data = small_map()
    many = [need(f"m{i}", 1 + i % 2, f"Need number {i}") for i in range(60)]
    page = MapPage(context(), None, loader=Source(MapData([*data.needs, *many],
                                                           data.commitments, data.notes,
                                                           data.names)))
    qtbot.addWidget(page)
    first, last = page.scene.card("need", "n1"), page.scene.card("need", "m59")
    assert not any(card.realized for card in page.scene.cards.values())  # none painted yet
    page.resize(900, 600)
    page.show()
    qtbot.waitUntil(lambda: first.realized)
    # the cards out of view get theirs a few at a time after the first paint
    qtbot.waitUntil(lambda: all(card.realized for card in page.scene.cards.values()))
    assert [item.text() for item in last.texts] == ["Need number 59", "Matters a lot"]
    page.view.focus_card(last)  # scrolls it into view
    assert page.view.mapToScene(page.view.viewport().rect()).boundingRect().contains(
        last.sceneBoundingRect().center())
