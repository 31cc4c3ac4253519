"""Our stories (#11): each partner's own story in guided private steps, the letter of
accountability and the impact statement, and what the couple shares or writes together.

``tab`` (the list of pages beside the page chosen, and the private pages' opening and
closing), ``gate`` (together: an Open my story button per partner), ``steps`` (the
guided steps), ``exceptions`` (the moments that don't fit), ``share`` (Share this with
my partner…, for every private page), ``words``; the letter, impact and heard pages,
what we have shared, the joint story, the roles and the export have modules of their own.
"""

from ui.workbooks.narrative.tab import NarrativeTab

__all__ = ["NarrativeTab"]
