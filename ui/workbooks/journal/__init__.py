"""The private journal and personal coping plan: each partner's own writing, opened only
with their own key.

- ``tab``: :class:`JournalTab`, the gate together, the open journal, closing it again;
- ``gate``: the "Open my journal" buttons, one per partner, and nothing else;
- ``page``: one partner's open journal (entries and coping plan);
- ``model``: the entries held once, and as rows those the filters let through
  (:class:`~ui.workbooks.journal.model.EntryRows`);
- ``loading``: a first page at once, the older entries read after it on a worker;
- ``list``: search, tag and feeling filters, the calendar and the list;
- ``calendar``: the owner's own calendar, their days marked;
- ``reader`` and ``editor``: one entry read (light markup drawn) or written (autosave);
- ``coping``: the coping plan; ``grounding``: the short grounding exercise;
- ``share``: Share a passage…; ``words``: feelings, tags, prompts; ``parts``: the
  low-safety offer, the question before deleting, a part built when first shown.
"""

from ui.workbooks.journal.tab import JournalTab

__all__ = ["JournalTab"]
