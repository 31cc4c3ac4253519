"""Search as you type: every word, accents folded, kept in step with saves and deletes."""

from __future__ import annotations

import datetime as dt
import random

from models.journal import Entry, EntryDraft, SearchIndex, fold

NOW = dt.datetime(2024, 5, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))


def entry(uuid: str, title: str = "", body: str = "", **fields: object) -> Entry:
    return Entry(uuid, 1, NOW, NOW, EntryDraft(title=title, body=body, **fields))  # type: ignore[arg-type]


def test_fold_lowers_and_drops_accents() -> None:
    assert fold("Élodie CAFÉ naïve Ångström") == "elodie cafe naive angstrom"
    assert fold("ﬁne Tiếng Việt") == "fine tieng viet"
    assert fold("plain words") == "plain words"
    assert fold("e\u0301 İstanbul 日本語") == "e istanbul 日本語"


def test_every_word_must_be_there_in_any_field() -> None:
    index = SearchIndex([
        entry("a", "Café evening", "We walked by the river."),
        entry("b", "", "The walk after dinner", feelings=("calm",), tags=("small_win",)),
        entry("c", "", "Nothing here", own_feelings=("Überwältigt",)),
    ])
    assert index.find("cafe") == {"a"}
    assert index.find("CAFÉ") == {"a"}
    assert index.find("walk") == {"a", "b"}
    assert index.find("walk river") == {"a"}
    assert index.find("river walk") == {"a"}
    assert index.find("walk calm") == {"b"}
    assert index.find("small_win") == {"b"}
    assert index.find("uberwaltigt") == {"c"}
    assert index.find("walk nothing") == set()
    assert index.find("   ") == {"a", "b", "c"}


def test_a_word_is_never_found_across_two_fields_or_two_entries() -> None:
    index = SearchIndex([entry("a", "river", "bank"), entry("b", "", "side")])
    assert index.find("riverbank") == set()
    assert index.find("bankside") == set()
    assert index.find("bank") == {"a"}


def test_update_and_remove_keep_the_index_in_step() -> None:
    index = SearchIndex([entry("a", "", "apples"), entry("b", "", "pears")])
    assert index.find("apple") == {"a"}
    index.update(entry("b", "", "apple pie"))
    assert index.find("apple") == {"a", "b"}
    index.update(entry("c", "", "crab apple"))
    assert index.find("apple") == {"a", "b", "c"}
    index.remove("a")
    assert index.find("apple") == {"b", "c"}
    index.remove("unknown")
    index.update(entry("c", "", "crab"))
    assert index.find("apple") == {"b"}
    index.clear()
    assert index.find("apple") == set() and len(index) == 0


def test_typing_on_narrows_and_gives_what_a_fresh_search_gives() -> None:
    rng = random.Random(7)
    words = ["walk", "talk", "trust", "café", "evening", "phone", "honest", "tired", "hope"]
    entries = [entry(str(n), "", " ".join(rng.choice(words) for _ in range(rng.randint(1, 6))))
               for n in range(300)]
    typed = SearchIndex(entries)
    for query in ("t", "ta", "tal", "talk", "talk ", "talk c", "talk ca", "talk caf",
                  "talk cafe", "talk cafe h", "talk cafe ho", "talk cafe hon", "talk", "w",
                  "wa", "walk", "walk tired", "walk tire", "e", "ev", "eve"):
        fresh = SearchIndex(entries).find(query)
        assert typed.find(query) == fresh, query
        expected = {e.uuid for e in entries if all(w in fold(e.body) for w in fold(query).split())}
        assert fresh == expected, query
