"""The private journal and personal coping plan: each partner's own writing, opened only
with their own key.

- ``tab``: :class:`JournalTab`, the gate together, the open journal, closing it again;
- ``gate``: the "Open my journal" buttons, one per partner, and nothing else;
- ``page``: one partner's open journal (entries and coping plan);
- ``model``: the entries held once (:class:`~ui.workbooks.journal.model.EntryRows`)
  and the filter;
- ``list``: search, tag and feeling filters, the calendar and the list;
- ``calendar``: the owner's own calendar, their days marked;
- ``reader`` and ``editor``: one entry read (light markup drawn) or written (autosave);
- ``coping``: the coping plan; ``grounding``: the short grounding exercise;
- ``share``: Share a passage…; ``words``: feelings, tags, prompts.
"""

from ui.workbooks.journal.tab import JournalTab

__all__ = ["JournalTab"]
