"""The consent check-in workbook: the couple's list, each partner's private answers,
and the reveal together.

- ``tab``: :class:`ConsentTab`, the list, the steps and the shared page;
- ``model``: :class:`~ui.workbooks.consent.model.ConsentBoard`, the items and the
  latest comparison, held once for every view;
- ``loading``: the list read when the tab is first shown, a first page at once and the
  rest on the session's reading thread;
- ``answers``: one partner's private answers (a dialog), with ``answer_table`` (their
  rows as a Qt table model, its filter and view) and ``answer_editor`` (the chosen row);
- ``comparison``: the shared page as HTML;
- ``words``: the answers' labels, the starter items, the shared page's headings.
"""

from ui.workbooks.consent.tab import ConsentTab

__all__ = ["ConsentTab"]
