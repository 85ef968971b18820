"""Cell parsers for the claim import: money, dates, codes. Each refuses garbage with a precise reason.

Pure: no session, no settings. A refusal is a `BadValue`; the caller names the column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from rcm.codesets.procedure_codes import procedure_code_kind


class BadValue(ValueError):
    """A cell that cannot be read; the message says exactly why."""


# ---- money -------------------------------------------------------------------------------------

_SIMPLE = re.compile(r"^(\d{1,9})(?:\.(\d\d?))?$")
_AMOUNT = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d*)(?:\.(\d*))?$")


def _strip_currency(text: str) -> str:
    for token in ("USD", "US$", "$"):
        if text.upper().startswith(token):
            text = text[len(token) :].strip()
        if text.upper().endswith(token):
            text = text[: -len(token)].strip()
    return text


def _sign(text: str) -> tuple[bool, str]:
    """Accounting negatives: `(1,200.00)`, `-1,200.00`, `1,200.00-`, `$-5`, `-$5`."""
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1].strip()
    text = _strip_currency(text)
    if text.startswith("-"):
        negative, text = not negative, text[1:].strip()
    elif text.endswith("-"):
        negative, text = not negative, text[:-1].strip()
    return negative, _strip_currency(text)


def parse_money(raw: str) -> int | None:
    """Cents from `$3,033.66`, `3033.66`, `(1,200.00)`, `-1,200.00`, `USD 12.00`; blank is None."""
    text = raw.strip()
    if not text:
        return None
    if simple := _SIMPLE.match(text):  # the common case, without the general path's work
        return int(simple[1]) * 100 + int((simple[2] or "0").ljust(2, "0"))
    negative, number = _sign(text)
    found = _AMOUNT.match(number)
    if found is None:
        if "," in number and re.fullmatch(r"[\d,]*(\.\d*)?", number):
            raise BadValue(f"misplaced thousands separator in amount {raw!r}")
        raise BadValue(f"not an amount: {raw!r}")
    whole, fraction = found[1].replace(",", ""), found[2] or ""
    if not (whole or fraction):
        raise BadValue(f"no digits in amount {raw!r}")
    if fraction[2:].strip("0"):
        raise BadValue(f"amount {raw!r} has fractions of a cent")
    cents = int(whole or "0") * 100 + int(fraction[:2].ljust(2, "0"))
    if cents > 99_999_999_99:
        raise BadValue(f"amount {raw!r} is too large")
    return -cents if negative else cents


# ---- dates -------------------------------------------------------------------------------------

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")
_US = re.compile(r"^(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})(?: [\d:]+(?: ?[AP]M)?)?$", re.IGNORECASE)
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DMY_NAMED = re.compile(r"^(\d{1,2})[- ]([A-Za-z]{3,9})[- ,]+(\d{4}|\d{2})$")
_MDY_NAMED = re.compile(r"^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})$")
_SERIAL = re.compile(r"^\d{1,5}(?:\.\d+)?$")
_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTHS = {m: n for n, m in enumerate(_MONTH_NAMES, start=1)}
_EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0, once its 1900 leap-year bug is accounted for
DATE_FORMATS = "YYYY-MM-DD, MM/DD/YYYY, M/D/YY, YYYYMMDD, DD-Mon-YYYY, Mon D, YYYY, Excel serial"


def _year(text: str, today: date | None) -> int:
    if len(text) == 4:
        return int(text)
    # Two-digit years: the most recent century that does not put the date in the future.
    year = 2000 + int(text)
    return year if year <= (today or date.today()).year else year - 100


def _month(name: str, raw: str) -> int:
    month = _MONTHS.get(name[:3].lower())
    if month is None:
        raise BadValue(f"unknown month name in date {raw!r}")
    return month


def _ymd(raw: str, today: date | None) -> tuple[int, int, int]:
    text = raw.strip()
    if m := _ISO.match(text):
        return int(m[1]), int(m[2]), int(m[3])
    if m := _US.match(text):
        return _year(m[3], today), int(m[1]), int(m[2])
    if m := _COMPACT.match(text):
        return int(m[1]), int(m[2]), int(m[3])
    if m := _DMY_NAMED.match(text):
        return _year(m[3], today), _month(m[2], raw), int(m[1])
    if m := _MDY_NAMED.match(text):
        return int(m[3]), _month(m[1], raw), int(m[2])
    raise BadValue(f"not a date: {raw!r} (accepted: {DATE_FORMATS})")


def parse_date(raw: str, *, today: date | None = None) -> date | None:
    """A date in any of DATE_FORMATS; blank is None; years outside 1900-2100 are refused."""
    text = raw.strip()
    if not text:
        return None
    if _SERIAL.match(text):
        found = _EXCEL_EPOCH + timedelta(days=int(float(text)))
        if not 1900 <= found.year <= 2100:
            raise BadValue(f"Excel serial {raw!r} is outside 1900-2100")
        return found
    year, month, day = _ymd(text, today)
    if not 1900 <= year <= 2100:
        raise BadValue(f"year {year} out of range in date {raw!r}")
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise BadValue(f"no such day: {raw!r} ({exc})") from exc


# ---- codes -------------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"^(?P<code>[A-Z0-9]{5})(?P<mods>(?:-[A-Z0-9]{2}){0,4})(?:\*(?P<units>\d+(?:\.\d{1,3})?))?"
    r"(?::(?P<charge>.+))?$"
)
_DX = re.compile(r"^[A-Z][0-9][0-9A-Z][0-9A-Z]{0,4}$")
MAX_DIAGNOSES = 12
MAX_LINES = 50


@dataclass(frozen=True, slots=True)
class ProcedureEntry:
    code: str
    modifiers: tuple[str, ...]
    units: Decimal
    charge_cents: int | None


def _procedure(token: str) -> ProcedureEntry:
    m = _TOKEN.match(token.strip().upper())
    if m is None:
        raise BadValue(
            f"bad procedure entry {token.strip()!r}:"
            " expected CODE[-MOD][*UNITS][:CHARGE], e.g. 97110-GP*2:150.00"
        )
    if procedure_code_kind(m["code"]) is None:
        raise BadValue(f"bad procedure code {m['code']!r}: not a CPT or HCPCS Level II code shape")
    units = Decimal(m["units"]) if m["units"] else Decimal(1)
    if units <= 0:
        raise BadValue(f"procedure {m['code']} has zero units")
    charge = parse_money(m["charge"]) if m["charge"] else None
    if charge is not None and charge < 0:
        raise BadValue(f"procedure {m['code']} has a negative charge")
    mods = tuple(m["mods"].split("-")[1:])
    return ProcedureEntry(m["code"], mods, units, charge)


def procedure_token(
    code: str, modifiers: list[str] | tuple[str, ...], units: Decimal, charge_cents: int
) -> str:
    """One line in the import grammar CODE[-MOD][*UNITS]:CHARGE (what exports write)."""
    mods = "".join(f"-{m}" for m in modifiers)
    qty = "" if units == 1 else f"*{units.normalize():f}"
    return f"{code}{mods}{qty}:{charge_cents / 100:.2f}"


def parse_procedures(raw: str) -> list[ProcedureEntry]:
    """`99213`, `99213;85025`, `99213:125.00;85025:25.00`, `97110*2`; also `|`-separated."""
    text = raw.strip()
    if not text:
        return []
    parts = re.split(r"[;|]", text) if ":" in text else re.split(r"[;|,\s]+", text)
    entries = [_procedure(p) for p in parts if p.strip()]
    if len(entries) > MAX_LINES:
        raise BadValue(f"{len(entries)} procedure codes; a professional claim has at most {MAX_LINES} lines")
    return entries


def parse_diagnoses(raw: str) -> list[str]:
    """ICD-10-CM codes separated by `;`, `,`, `|` or spaces; dots dropped, repeats removed."""
    codes: list[str] = []
    for token in re.split(r"[;,|\s]+", raw.strip().upper()):
        code = token.replace(".", "")
        if not code:
            continue
        if not _DX.match(code):
            raise BadValue(f"bad diagnosis code {token!r}: not an ICD-10-CM code shape (e.g. E11.9)")
        if code not in codes:
            codes.append(code)
    if len(codes) > MAX_DIAGNOSES:
        raise BadValue(f"{len(codes)} diagnosis codes; a claim carries at most {MAX_DIAGNOSES}")
    return codes


def parse_place_of_service(raw: str) -> str | None:
    text = raw.strip()
    if not text:
        return None
    if not text.isdigit() or len(text) > 2:
        raise BadValue(f"bad place of service {raw!r}: two digits, e.g. 11")
    return text.zfill(2)


def parse_npi_text(raw: str) -> str | None:
    text = raw.strip()
    if not text:
        return None
    if not (text.isdigit() and len(text) == 10):
        raise BadValue(f"bad NPI {raw!r}: ten digits")
    return text


_GENDERS = {"m": "M", "male": "M", "f": "F", "female": "F", "u": "U", "unknown": "U", "": "U"}


def parse_gender(raw: str) -> str:
    found = _GENDERS.get(raw.strip().lower())
    if found is None:
        raise BadValue(f"unknown gender {raw!r}: M, F or U")
    return found


def parse_aging(raw: str) -> int | str | None:
    """Informational only: kept as the source said it (a number, or text like '31-60')."""
    text = raw.strip()
    if not text:
        return None
    return int(text) if text.isdigit() else text[:20]
