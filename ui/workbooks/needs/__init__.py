"""The attachment-needs map (#12): each partner's needs and safety signals, commitments
that meet them, the map, the times we missed each other and reviewing together.

``tab`` (the list of pages beside the page chosen, and the private page's opening and
closing), ``gate`` (together: an Open my needs button per partner), ``pages`` (which
pages, each built lazily), ``my_needs`` with ``need_fields`` and ``need_share`` (private
need drafts and Share this need…), ``commitments`` with ``commitment_rows``,
``commitment_dialog``, ``commitment_steps`` and ``noticing``, ``rows`` (a list model
updated per row) and ``words``; the map, the conversations, the reviews and the export
have modules of their own.
"""

from ui.workbooks.needs.tab import NeedsTab

__all__ = ["NeedsTab"]
