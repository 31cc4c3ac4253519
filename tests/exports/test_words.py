"""Words for a PDF come from one typed loader that names a missing or left-over key."""

from __future__ import annotations

import datetime
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources

import pytest

from exports.agreements.words import SCREEN_TABLES, AgreementLabels, AgreementsWords
from exports.recovery_sheet import RecoveryTexts, recovery_texts
from exports.words import DateWords, WordsError, every_string, fill, load_words


@dataclass(frozen=True)
class Part:
    heading: str
    body: str


@dataclass(frozen=True)
class Inner:
    hello: str
    labels: Mapping[str, str] = field(metadata={"keys": ("a", "b")})


@dataclass(frozen=True)
class Sample:
    title: str
    inner: Inner
    parts: tuple[Part, ...]
    free: Mapping[str, str]
    date: DateWords


GOOD = """
title = "T"
parts = [{heading = "H1", body = "B1"}, {heading = "H2", body = "B2"}]
[inner]
hello = "hi"
[inner.labels]
b = "Bee"
a = "Ay"
[free]
z = "last"
y = "first"
[date]
format = "{day} {month} {year}"
months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
"""


def sample(text: str) -> Sample:
    return fill(Sample, tomllib.loads(text), "sample.toml")


def test_a_good_file_fills_every_field_in_the_files_order() -> None:
    words = sample(GOOD)
    assert words.inner.hello == "hi"
    assert words.parts == (Part("H1", "B1"), Part("H2", "B2"))
    assert list(words.free) == ["z", "y"]  # a writer's order is the printed order
    assert words.inner.labels == {"a": "Ay", "b": "Bee"}
    assert words.date.write(datetime.date(2026, 3, 3)) == "3 Mar 2026"
    assert {"T", "hi", "B2", "first", "Dec"} <= set(every_string(words))


@pytest.mark.parametrize(("broken", "key"), [
    (GOOD.replace('title = "T"\n', ""), "title"),
    (GOOD.replace('hello = "hi"\n', ""), "inner.hello"),
    (GOOD.replace('a = "Ay"\n', ""), "inner.labels.a"),
    (GOOD.replace(', body = "B2"', ""), "parts[1].body"),
    (GOOD.replace('[date]\nformat = "{day} {month} {year}"\n', "[date]\n"), "date.format"),
])
def test_a_missing_key_is_named_with_its_file(broken: str, key: str) -> None:
    with pytest.raises(WordsError) as caught:
        sample(broken)
    assert (caught.value.file, caught.value.key, caught.value.problem) == (
        "sample.toml", key, "is missing")
    assert str(caught.value).startswith(f"sample.toml: {key} is missing")


@pytest.mark.parametrize(("broken", "key"), [
    (GOOD.replace('title = "T"\n', 'title = "T"\ntitel = "typo"\n'), "titel"),
    (GOOD.replace('hello = "hi"\n', 'hello = "hi"\nlabel_name = "Name"\n'), "inner.label_name"),
    (GOOD.replace('a = "Ay"\n', 'a = "Ay"\nc = "Sea"\n'), "inner.labels.c"),
    (GOOD.replace('body = "B2"', 'bod = "B2"'), "parts[1].bod"),  # named before "missing"
    (GOOD + '\n[extra]\nword = "w"\n', "extra"),
])
def test_an_extra_key_is_named_with_its_file(broken: str, key: str) -> None:
    with pytest.raises(WordsError) as caught:
        sample(broken)
    assert (caught.value.file, caught.value.key) == ("sample.toml", key)
    assert "not used" in caught.value.problem


@pytest.mark.parametrize(("broken", "key", "problem"), [
    (GOOD.replace('title = "T"', "title = 3"), "title", "should be text"),
    (GOOD.replace('hello = "hi"', 'hello = ["hi"]'), "inner.hello", "should be text"),
    (GOOD.replace('"Nov", "Dec"', '"Nov"'), "date", "needs twelve months"),
])
def test_a_value_of_the_wrong_kind_is_named(broken: str, key: str, problem: str) -> None:
    with pytest.raises(WordsError) as caught:
        sample(broken)
    assert (caught.value.key, caught.value.problem) == (key, problem)


def test_tables_other_readers_own_are_left_to_them() -> None:
    @dataclass(frozen=True)
    class Only:
        title: str

    assert fill(Only, {"title": "T", "screens": {"x": 1}}, "f.toml", others=("screens",))
    with pytest.raises(WordsError):
        fill(Only, {"title": "T", "screens": {"x": 1}}, "f.toml")


# -- the real documents ------------------------------------------------------------


def _raw(file: str) -> str:
    return resources.files("resources").joinpath(file).read_text("utf-8")


def test_every_documents_words_load_from_the_files_we_ship() -> None:
    assert load_words(AgreementsWords, "exports_agreements.toml").agreement.wording
    assert load_words(AgreementLabels, "agreements.toml", others=SCREEN_TABLES).statuses
    assert recovery_texts().sheet.sections
    assert isinstance(recovery_texts(), RecoveryTexts)


def test_a_line_removed_from_the_agreements_words_is_reported_by_name() -> None:
    text = _raw("exports_agreements.toml").replace('wording = "What we agree to"\n', "")
    with pytest.raises(WordsError, match=r"exports_agreements.toml: agreement.wording is missing"):
        fill(AgreementsWords, tomllib.loads(text), "exports_agreements.toml")


def test_a_misspelt_key_in_the_agreements_words_is_reported_by_name() -> None:
    text = _raw("exports_agreements.toml").replace("[review.decisions]\n",
                                                    '[review.decisions]\nkepe = "typo"\n')
    with pytest.raises(WordsError) as caught:
        fill(AgreementsWords, tomllib.loads(text), "exports_agreements.toml")
    assert caught.value.key == "review.decisions.kepe"


def test_a_category_the_model_does_not_know_is_reported() -> None:
    text = _raw("agreements.toml").replace("[statuses]\n", '[statuses]\narchived = "Old"\n')
    with pytest.raises(WordsError) as caught:
        fill(AgreementLabels, tomllib.loads(text), "agreements.toml", others=SCREEN_TABLES)
    assert caught.value.key == "statuses.archived"


def test_the_recovery_sheet_words_are_strict_too() -> None:
    text = _raw("exports_recovery.toml").replace('label_date = "Made on"\n', "")
    with pytest.raises(WordsError, match=r"exports_recovery.toml: sheet.label_date is missing"):
        fill(RecoveryTexts, tomllib.loads(text), "exports_recovery.toml")
    extra = _raw("exports_recovery.toml").replace("[sheet]\n", '[sheet]\nlabel_name = "Name"\n')
    with pytest.raises(WordsError, match=r"sheet.label_name is not used"):
        fill(RecoveryTexts, tomllib.loads(extra), "exports_recovery.toml")
