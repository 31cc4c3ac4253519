"""The chosen entries as one Markdown file: plain text, for the owner's own copy.

The file is not encrypted, so the dialog says so before it is written, and the file's
first lines say so too. The entries keep their light markup (it is Markdown already);
their own headings move two levels down, under the entry's heading.
"""

from __future__ import annotations

from exports.house_style import clean
from exports.journal.data import JournalExport, JournalTexts
from exports.journal.layout import printed_name
from exports.journal.markup import demoted


def markdown_text(data: JournalExport, texts: JournalTexts) -> str:
    """The whole file for ``data``: a heading naming whose journal, what was chosen and
    the warning that it is not encrypted, then each entry, the earliest first."""
    words, document = texts.words.markdown, texts.words.document
    name = printed_name(data, texts)
    rows = data.entries
    since = data.since or (rows[0].day if rows else None)
    until = data.until or (rows[-1].day if rows else None)
    private = (document.just_for_me_in if data.include_just_for_me
               else document.just_for_me_left_out)
    lines = [
        f"# {words.title.format(name=name)}",
        "",
        f"> {words.warning}",
        "",
        words.written.format(range=texts.written_range(since, until)),
        words.tags.format(tags=texts.tag_list(data.tags)),
        private.format(name=name),
        words.prepared.format(date=texts.date(data.made_on)),
        "",
    ]
    if not rows:
        lines += [document.no_entries, ""]
    for row in rows:
        heading = texts.written(row.written_at)
        if clean(row.title):
            heading += f" — {clean(row.title)}"
        lines += ["---", "", f"## {heading}", ""]
        details = []
        if clean(row.prompt):
            details.append(f"- {words.prompt}: {clean(row.prompt)}")
        feelings = [texts.feeling(key) for key in row.feelings]
        feelings += [clean(own) for own in row.own_feelings if clean(own)]
        if feelings:
            details.append(f"- {words.feelings}: {', '.join(feelings)}")
        if row.safety is not None:
            value = texts.words.entry.safety.format(value=row.safety)
            details.append(f"- {words.safety}: {value}")
        if row.tags:
            details.append(f"- {words.tags_line}: {', '.join(texts.tag(t) for t in row.tags)}")
        if details:
            lines += [*details, ""]
        body = demoted(row.body, 2)
        lines += [body if body else texts.words.entry.empty, ""]
    return "\n".join(lines).rstrip("\n") + "\n"
