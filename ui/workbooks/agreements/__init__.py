"""The boundary agreements workbook: concrete words both partners confirm, review and
revisit.

- ``tab``: :class:`AgreementsTab`, the list beside the chosen agreement, kept in step;
- ``actions``: the step buttons (propose, confirm, withdraw, review, retire, …), which
  show only where they apply, and what each does;
- ``model``: the agreements on screen, held once as a Qt list model, and its filter;
- ``list``: the list view and how a row is drawn;
- ``editor``: one agreement's words and autosave; ``in_force``: the agreed words shown
  beside a proposed change;
- ``dialogs``: confirming with a password, a kind note; ``review``: a review and each
  partner's private ratings; ``history``: versions side by side and what happened;
- ``words``: the labels the screens share (statuses, categories, fields, cadences).

- ``export_dialog``: the PDF for therapy, read and written off the GUI thread.
"""

from ui.workbooks.agreements.tab import AgreementsTab

__all__ = ["AgreementsTab"]
