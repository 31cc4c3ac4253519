"""What an agreement's state or words do not allow, said so the screen can explain it."""

from __future__ import annotations

from models.errors import TrellisError


class AgreementNotAllowed(TrellisError):
    """An action that the agreement's current state does not allow (``reason`` says which)."""

    key = "agreement_not_allowed"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class AgreementIncomplete(TrellisError):
    """Required fields are empty; ``fields`` names them so the editor can point at them."""

    key = "agreement_incomplete"

    def __init__(self, fields: tuple[str, ...]) -> None:
        super().__init__(", ".join(fields))
        self.fields = fields
