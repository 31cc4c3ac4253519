"""Words for a document, read from its TOML file into a typed dataclass.

Each document declares its words as frozen dataclasses, one field a key and one nested
dataclass a table; :func:`load_words` fills them from ``resources/<file>``. A key the
dataclass names but the file lacks, and a key the file has but no dataclass names
(often a misspelling), are both reported at once by :class:`WordsError`, naming the file
and the key, so a writer's edit never breaks an export half-way through.

Field types: ``str``; ``tuple[str, ...]`` (a list of words); a nested dataclass (a
table); ``tuple[SomeDataclass, ...]`` (an array of tables, ``[[table]]``); and
``Mapping[str, str]`` (a table whose keys are data, such as category labels, kept in
the file's order; give ``field(metadata={"keys": (...)})`` to require exactly those).
"""

from __future__ import annotations

import dataclasses
import datetime
import tomllib
import typing
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any, TypeVar

T = TypeVar("T")


class WordsError(ValueError):
    """A words file does not match the document's dataclass: ``key`` is ``problem``."""

    def __init__(self, file: str, key: str, problem: str) -> None:
        super().__init__(f"{file}: {key or 'the file'} {problem}")
        self.file = file
        self.key = key
        self.problem = problem


@dataclass(frozen=True)
class DateWords:
    """How a date is written in words: ``format`` with {day}, {month} and {year}."""

    format: str
    months: tuple[str, ...]

    def __post_init__(self) -> None:
        if len(self.months) != 12:
            raise ValueError("needs twelve months")

    def write(self, when: datetime.date) -> str:
        """A date in words, such as "3 March 2026"."""
        return self.format.format(day=when.day, month=self.months[when.month - 1],
                                  year=when.year)


def load_words(kind: type[T], file: str, *, others: Iterable[str] = ()) -> T:
    """Read ``resources/<file>`` into the dataclass ``kind``.

    ``others`` names top-level tables that other readers use (a file the app's screens
    share); they are left alone. Any other key or table the dataclass does not name is
    reported, as is every one it names that is missing. Raises :class:`WordsError`.
    """
    try:
        raw = tomllib.loads(resources.files("resources").joinpath(file).read_text("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise WordsError(file, "", f"is not valid TOML ({exc})") from exc
    return fill(kind, raw, file, others=others)


def fill(kind: type[T], table: object, file: str, *, where: str = "",
         others: Iterable[str] = ()) -> T:
    """Fill the dataclass ``kind`` from a parsed table (``where`` names it in errors)."""
    if not isinstance(table, dict):
        raise WordsError(file, where, "should be a table")
    names = [f.name for f in dataclasses.fields(kind)]  # type: ignore[arg-type]
    skipped = set(others)
    for key in table:
        if key not in names and key not in skipped:
            raise WordsError(file, _join(where, key), "is not used by this document "
                             "(misspelt, or left over?)")
    hints = typing.get_type_hints(kind)
    values: dict[str, Any] = {}
    for spec in dataclasses.fields(kind):  # type: ignore[arg-type]
        key = _join(where, spec.name)
        if spec.name not in table:
            raise WordsError(file, key, "is missing")
        values[spec.name] = _value(hints[spec.name], table[spec.name], file, key,
                                   spec.metadata)
    try:
        return kind(**values)
    except ValueError as exc:
        raise WordsError(file, where, str(exc)) from exc


def _value(hint: Any, value: object, file: str, key: str, metadata: Mapping[str, Any]) -> Any:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is str:
        if not isinstance(value, str):
            raise WordsError(file, key, "should be text")
        return value
    if dataclasses.is_dataclass(hint):
        return fill(hint, value, file, where=key)  # type: ignore[arg-type]
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        if not isinstance(value, list):
            raise WordsError(file, key, "should be a list")
        return tuple(_value(args[0], item, file, f"{key}[{n}]", {})
                     for n, item in enumerate(value))
    if origin in (Mapping, dict) and args == (str, str):
        if not isinstance(value, dict):
            raise WordsError(file, key, "should be a table")
        wanted = metadata.get("keys")
        if wanted is not None:
            missing = [k for k in wanted if k not in value]
            if missing:
                raise WordsError(file, _join(key, missing[0]), "is missing")
            extra = [k for k in value if k not in wanted]
            if extra:
                raise WordsError(file, _join(key, extra[0]),
                                 "is not used by this document (misspelt, or left over?)")
        return {str(k): _value(str, v, file, _join(key, str(k)), {}) for k, v in value.items()}
    raise TypeError(f"{key}: words cannot be of type {hint!r}")


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def every_string(words: object) -> Iterator[str]:
    """Every piece of text in a filled words dataclass (to choose fonts that draw it)."""
    if isinstance(words, str):
        yield words
    elif dataclasses.is_dataclass(words) and not isinstance(words, type):
        for spec in dataclasses.fields(words):
            yield from every_string(getattr(words, spec.name))
    elif isinstance(words, Mapping):
        for value in words.values():
            yield from every_string(value)
    elif isinstance(words, tuple):
        for item in words:
            yield from every_string(item)


@dataclass(frozen=True)
class SessionDocumentWords:
    """The ``[document]`` table of a workbook's PDF for a session: its cover's heading
    and details, and the page shell (footer, "Page N of M")."""

    metadata_title: str  # stored in the PDF's properties; never a name
    brand: str
    title: str
    prepared_by: str
    partner_fallback: str
    label_prepared: str
    label_session: str
    note: str
    footer: str
    page: str


@dataclass(frozen=True)
class SharedDocumentWords(SessionDocumentWords):
    """:class:`SessionDocumentWords` of a PDF of what the partners shared (the
    narrative, the needs map): it says only shared things are in it, lists what follows,
    and counts what did not open."""

    only_shared: str
    contents_heading: str
    empty: str
    unreadable_one: str
    unreadable_many: str

    def unreadable(self, count: int) -> str:
        """What did not open: ``unreadable_one`` for one, else ``unreadable_many``."""
        return self.unreadable_one if count == 1 else self.unreadable_many.format(count=count)
