"""The appeal letter: facts -> text (a jinja2 template) -> PDF (fpdf2). Pure: no session, no settings.

The template writes plain lines with a tiny markup (see templates/letter.txt.j2); `render_pdf`
lays them out. Denial codes carry our own labels (`rcm.denials.mapping.reason_text`), never
X12's descriptions.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from jinja2 import Environment, FileSystemLoader, StrictUndefined

TEMPLATES = Path(__file__).resolve().parent / "templates"
MARKUP = ("# ", "## ", "| ", "- ", "> ", "\\")
# The PDF core fonts are Latin-1: typographic punctuation pasted from a word processor is mapped.
_PLAIN = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u00a0": " ",
        "\u2022": "-",
        "\t": "    ",
    }
)


@dataclass(frozen=True, slots=True)
class LetterFacts:
    organization: str
    provider_name: str
    provider_address: list[str]
    provider_npi: str
    provider_tax_id: str
    contact_name: str
    contact_phone: str
    payer_name: str
    payer_address: list[str]
    patient_name: str
    patient_account: str
    member_id: str
    patient_control_number: str
    payer_claim_control_number: str
    service_from: date
    service_to: date
    billed_cents: int
    denied_cents: int
    denied_line: str
    denial_codes: list[str]
    remark_codes: list[str]
    level: int
    deadline: date
    reason: str
    argument: str
    citations: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    letter_date: datetime = datetime(2000, 1, 1)


def money(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    return f"{sign}${abs(cents) // 100:,}.{abs(cents) % 100:02d}"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def escape_markup(value: str) -> str:
    """Free text keeps its lines; a line that would read as markup is escaped with a backslash."""
    lines = value.translate(_PLAIN).strip().splitlines()
    return "\n".join("\\" + line if line.startswith(MARKUP) else line for line in lines)


def phone(value: str) -> str:
    digits = "".join(ch for ch in value if ch.isdigit())
    return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}" if len(digits) == 10 else value


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=False,  # the output is PDF text, not HTML
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        money=money,
        ordinal=ordinal,
        text=escape_markup,
        phone=phone,
        usdate=lambda d: d.strftime("%m/%d/%Y"),
        longdate=lambda d: d.strftime("%B %d, %Y").replace(" 0", " "),
    )
    return env


def render_text(facts: LetterFacts) -> str:
    return _environment().get_template("letter.txt.j2").render(**asdict(facts))


class _LetterPdf(FPDF):
    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", size=8)
        self.cell(0, 8, f"Page {self.page_no()}/{{nb}}", align="C")


def render_pdf(facts: LetterFacts, *, compress: bool = True) -> bytes:
    pdf = _LetterPdf(format="Letter", unit="mm")
    pdf.set_compression(compress)
    pdf.set_margins(22, 20, 22)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.set_title(_latin1(f"Appeal - claim {facts.patient_control_number}"))
    pdf.set_author(_latin1(facts.organization))
    pdf.set_creation_date(facts.letter_date)
    pdf.add_page()
    for line in render_text(facts).splitlines():
        _draw(pdf, line)
    return bytes(pdf.output())


def _latin1(text: str) -> str:
    return text.translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


def _draw(pdf: FPDF, raw: str) -> None:
    line = _latin1(raw.rstrip())
    if not line:
        pdf.ln(3)
    elif line.startswith("\\"):
        _paragraph(pdf, line[1:])
    elif line.startswith("# "):
        pdf.set_font("Helvetica", "B", 15)
        pdf.cell(0, 8, line[2:], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    elif line.startswith("## "):
        pdf.ln(1)
        pdf.set_font("Helvetica", "B", 11)
        pdf.multi_cell(0, 6, line[3:], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    elif line.startswith("| "):
        label, _, value = line[2:].partition(" | ")
        pdf.set_font("Helvetica", "B", 10)
        pdf.cell(60, 5.5, label)
        pdf.set_font("Helvetica", size=10)
        pdf.multi_cell(0, 5.5, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    elif line.startswith("- "):
        pdf.set_font("Helvetica", size=10)
        pdf.cell(6, 5.5, "-")
        pdf.multi_cell(0, 5.5, line[2:], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    elif line.startswith("> "):
        pdf.set_font("Helvetica", size=10)
        pdf.cell(0, 5.5, line[2:], align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    else:
        _paragraph(pdf, line)


def _paragraph(pdf: FPDF, text: str) -> None:
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(0, 5.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
