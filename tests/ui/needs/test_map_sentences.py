"""The map said as text (#12): a partner's own full stop never doubles up in the
sentences around their words (found looking at the demo's map)."""

from __future__ import annotations

from tests.ui.needs.map_helpers import commitment, small_map
from ui.workbooks.needs.map_words import commitment_description


def test_a_commitment_said_whole_has_no_double_stops() -> None:
    data = small_map()
    said = commitment("c9", (data.needs[0].uuid,), 2, "Text when I leave work.",
                      how_often="Every working day.", how_seen="It arrives before six.")
    titles = {need.uuid: "Knowing where I stand" for need in data.needs}
    text = commitment_description(data, said, titles)
    assert ".." not in text
    assert "Text when I leave work." in text and "Every working day." in text
