"""What a scrub reports: one `Finding` per problem, naming the rule, line, field and fix."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"  # blocks submission
    WARNING = "warning"  # shown to the biller, does not block


@dataclass(frozen=True, slots=True)
class Finding:
    rule_id: str
    severity: Severity
    message: str
    fix_hint: str = ""
    line_number: int | None = None
    field: str | None = None
    carc: str | None = None

    @property
    def blocking(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[int, int, str, str, str]:
        """Errors first, then claim-level before line-level, then by line, rule and field."""
        return (
            0 if self.blocking else 1,
            -1 if self.line_number is None else self.line_number,
            self.rule_id,
            self.field or "",
            self.message,
        )


def error(
    rule_id: str,
    message: str,
    fix_hint: str,
    carc: str | None,
    *,
    line_number: int | None = None,
    field: str | None = None,
) -> Finding:
    return Finding(rule_id, Severity.ERROR, message, fix_hint, line_number, field, carc)


def warning(
    rule_id: str,
    message: str,
    fix_hint: str,
    carc: str | None,
    *,
    line_number: int | None = None,
    field: str | None = None,
) -> Finding:
    return Finding(rule_id, Severity.WARNING, message, fix_hint, line_number, field, carc)
