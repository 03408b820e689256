"""Domain errors carry a Chinese message for the user and, where a rule applies, the article it enforces."""

from __future__ import annotations


class DomainError(Exception):
    """A refused operation: `message` is shown to the user as is; `rule` cites the article, if any."""

    def __init__(self, message: str, *, rule: str = "", field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.rule = rule
        self.field = field

    def __str__(self) -> str:
        return f"{self.message}（{self.rule}）" if self.rule else self.message


class NotFound(DomainError):
    """The object does not exist or lies outside the caller's scope (the two are not distinguished)."""


class PermissionDenied(DomainError):
    pass
