"""What a synthetic multi-specialty practice bills: specialties with their procedure and diagnosis mixes.

Procedure codes are bare CPT/HCPCS codes (CPT is AMA-copyrighted: this file carries no descriptions).
Diagnosis codes are billable ICD-10-CM leaves (tests check each with `simple_icd_10_cm.is_leaf`).
Prices are invented chargemaster ranges in whole dollars; each generated org fixes one price per code.
"""

from __future__ import annotations

from dataclasses import dataclass

ANY_AGE = (0, 120)


@dataclass(frozen=True, slots=True)
class Procedure:
    code: str
    low: int  # chargemaster price range, whole dollars per unit
    high: int
    weight: int = 10
    modifiers: tuple[str, ...] = ()
    max_units: int = 1
    revenue_code: str = ""  # institutional lines (UB-04 revenue code)
    ages: tuple[int, int] = ANY_AGE
    sex: str = ""  # "F" / "M" when the service is sex-specific
    dx: tuple[str, ...] = ()  # the diagnosis that goes first when this is the main service
    needs_25: bool = False  # a same-day E/M then carries modifier 25
    sided: bool = False  # takes RT or LT
    auth: bool = False  # payers usually require prior authorization


@dataclass(frozen=True, slots=True)
class Specialty:
    key: str
    taxonomy: str  # NUCC taxonomy code of its rendering providers (codes only)
    weight: int  # share of encounters
    places: tuple[tuple[str, int], ...]  # (place of service, weight)
    visits: tuple[Procedure, ...]  # the main service: first line
    extras: tuple[Procedure, ...]  # further lines
    extra_counts: tuple[int, ...]  # weights of 0, 1, 2... extra lines
    diagnoses: tuple[str, ...]  # most frequent first
    ages: tuple[int, int] = ANY_AGE
    sex: str = ""
    institutional: bool = False
    type_of_bill: str = ""
    referred: bool = False  # ordered by another physician (radiology, therapy)
    providers: int = 3
    # Facility claims name the attending physician: one of this specialty's providers.
    attending_from: str = ""


def codes(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def P(code: str, low: int, high: int, weight: int = 10, **kw: object) -> Procedure:
    return Procedure(code, low, high, weight, **kw)  # type: ignore[arg-type]


OFFICE = (("11", 92), ("10", 6), ("02", 2))
ADULT_PREVENTIVE = (
    P("99385", 210, 280, 2, ages=(18, 39), dx=("Z00.00", "Z00.01")),
    P("99386", 230, 300, 2, ages=(40, 64), dx=("Z00.00", "Z00.01")),
    P("99395", 190, 260, 3, ages=(18, 39), dx=("Z00.00", "Z00.01")),
    P("99396", 210, 290, 4, ages=(40, 64), dx=("Z00.00", "Z00.01")),
    P("99397", 230, 310, 3, ages=(65, 120), dx=("Z00.00", "Z00.01")),
    P("G0439", 170, 230, 4, ages=(65, 120), dx=("Z00.00", "Z00.01")),
)
OFFICE_EM = (
    P("99212", 75, 110, 12),
    P("99213", 110, 160, 35),
    P("99214", 165, 240, 25),
    P("99215", 230, 320, 4),
    P("99203", 150, 210, 6),
    P("99204", 230, 320, 4),
)

SPECIALTIES: tuple[Specialty, ...] = (
    Specialty(
        "family_medicine",
        "207Q00000X",
        26,
        OFFICE,
        OFFICE_EM + ADULT_PREVENTIVE,
        (
            P("36415", 15, 30, 25),
            P("85025", 25, 45, 14),
            P("80053", 35, 70, 12),
            P("83036", 30, 60, 10),
            P("80061", 40, 80, 9),
            P("81002", 10, 25, 8),
            P("90471", 25, 45, 8),
            P("90686", 35, 55, 7, dx=("Z23",)),
            P("93000", 45, 90, 5),
            P("87880", 30, 50, 4),
            P("99406", 25, 45, 3),
        ),
        (35, 30, 20, 15),
        codes(
            "I10 E11.9 E78.5 J06.9 M54.50 E66.9 K21.9 N39.0 J02.9 R05.9 E03.9 F41.1 E11.65 J45.909 "
            "R53.83 E55.9 Z13.220"
        ),
        ages=(18, 120),
        providers=6,
    ),
    Specialty(
        "pediatrics",
        "208000000X",
        8,
        OFFICE,
        (
            P("99213", 105, 150, 35),
            P("99214", 155, 225, 15),
            P("99212", 70, 105, 10),
            P("99392", 170, 230, 8, ages=(1, 4), dx=("Z00.129", "Z00.121")),
            P("99393", 170, 230, 7, ages=(5, 11), dx=("Z00.129", "Z00.121")),
            P("99394", 180, 240, 6, ages=(12, 17), dx=("Z00.129", "Z00.121")),
        ),
        (P("90460", 25, 40, 10), P("87880", 30, 50, 8), P("96110", 15, 35, 6), P("99173", 10, 20, 4)),
        (45, 35, 20),
        codes("J06.9 J02.9 H66.90 J03.90 R50.9 J21.9 L20.83 B34.9 H10.33 Z23"),
        ages=(0, 17),
        providers=3,
    ),
    Specialty(
        "cardiology",
        "207RC0000X",
        9,
        (("11", 85), ("22", 15)),
        (
            P("99213", 120, 170, 25),
            P("99214", 180, 260, 35),
            P("99215", 250, 340, 10),
            P("99204", 250, 340, 8),
        ),
        (
            P("93000", 50, 95, 30),
            P("93306", 900, 1600, 14, auth=True),
            P("93015", 350, 650, 8, auth=True),
            P("93880", 400, 700, 5),
            P("93224", 300, 500, 5),
            P("78452", 1200, 2200, 4, auth=True),
            P("93288", 90, 160, 4),
        ),
        (40, 40, 20),
        codes(
            "I10 I25.10 I48.91 I50.9 R07.9 E78.5 I49.9 R00.2 I35.0 Z95.1 R06.02 I11.9 R94.31 I48.0 "
            "I20.9 I42.9"
        ),
        ages=(30, 120),
        providers=4,
    ),
    Specialty(
        "orthopedics",
        "207X00000X",
        8,
        (("11", 90), ("22", 10)),
        (
            P("99213", 115, 165, 30),
            P("99214", 175, 250, 20),
            P("99203", 160, 220, 12),
            P("99204", 240, 330, 8),
        ),
        (
            P("20610", 180, 300, 20, needs_25=True, sided=True),
            P("J1030", 15, 35, 12, max_units=2),
            P("J3301", 10, 25, 8, max_units=4),
            P("73562", 90, 160, 14, sided=True),
            P("73030", 80, 140, 10, sided=True),
            P("73610", 80, 130, 6, sided=True),
            P("20550", 120, 220, 6, needs_25=True),
            P("L3908", 60, 110, 4),
            P("29881", 2800, 4800, 3, auth=True, sided=True),
        ),
        (30, 40, 30),
        codes(
            "M17.11 M17.12 M25.561 M25.562 M25.511 M54.50 M75.101 M19.011 S83.241A S93.401A M79.671 "
            "M77.11 M72.2 S62.101A M23.221 M75.41 S52.501A"
        ),
        providers=4,
    ),
    Specialty(
        "dermatology",
        "207N00000X",
        6,
        (("11", 100),),
        (
            P("99213", 110, 160, 30),
            P("99214", 165, 235, 15),
            P("99212", 75, 110, 10),
            P("99203", 150, 210, 10),
        ),
        (
            P("17000", 110, 180, 20, needs_25=True),
            P("17003", 15, 30, 12, max_units=8),
            P("11102", 150, 260, 16, needs_25=True),
            P("11103", 60, 110, 6),
            P("17110", 130, 210, 8),
            P("10060", 180, 300, 4, needs_25=True),
            P("J3301", 10, 25, 4, max_units=2),
        ),
        (40, 40, 20),
        codes("L57.0 L82.1 D22.9 L70.0 B07.9 L40.0 D48.5 L30.9 L72.0 L81.4 B35.1 L21.9 C44.91 C44.311"),
        providers=3,
    ),
    Specialty(
        "behavioral_health",
        "2084P0800X",
        9,
        (("11", 55), ("10", 35), ("02", 10)),
        (
            P("90834", 130, 190, 35),
            P("90837", 170, 250, 25),
            P("90791", 220, 320, 12),
            P("90832", 90, 130, 10),
            P("90847", 140, 200, 6),
            P("90853", 50, 80, 6),
        ),
        (P("96127", 10, 25, 20, max_units=2), P("90785", 20, 40, 5)),
        (80, 20),
        codes("F32.A F41.1 F33.1 F43.10 F32.1 F41.0 F43.23 F90.0 F42.2 F31.81 F43.12 F34.1 F40.10 F10.20"),
        ages=(6, 120),
        providers=5,
    ),
    Specialty(
        "radiology",
        "2085R0202X",
        9,
        (("22", 45), ("19", 25), ("11", 30)),
        (
            P("71046", 60, 110, 30, modifiers=("26",)),
            P("77067", 150, 250, 14, ages=(40, 120), sex="F", dx=("Z12.31",)),
            P("72148", 350, 700, 8, modifiers=("26",), auth=True),
            P("74177", 300, 600, 8, modifiers=("26",), auth=True),
            P("76700", 200, 350, 7, modifiers=("26",)),
            P("70450", 200, 380, 6, modifiers=("26",)),
            P("73721", 350, 650, 5, modifiers=("26",), auth=True, sided=True),
            P("71271", 200, 350, 3, ages=(50, 80), modifiers=("26",), dx=("Z87.891",)),
        ),
        (P("77063", 60, 100, 10, sex="F", ages=(40, 120)), P("76140", 30, 60, 2)),
        (88, 12),
        codes("R91.8 M54.50 R10.9 R51.9 J18.9 N20.0 R93.89 M54.16 R10.11 K80.20 R22.2"),
        referred=True,
        providers=3,
    ),
    Specialty(
        "physical_therapy",
        "225100000X",
        10,
        (("11", 100),),
        (
            P("97110", 45, 70, 40, modifiers=("GP",), max_units=4),
            P("97161", 150, 210, 6, modifiers=("GP",)),
            P("97162", 180, 240, 6, modifiers=("GP",)),
            P("97163", 210, 270, 2, modifiers=("GP",)),
        ),
        (
            P("97140", 45, 70, 30, modifiers=("GP",), max_units=3),
            P("97112", 45, 70, 15, modifiers=("GP",), max_units=2),
            P("97530", 50, 75, 20, modifiers=("GP",), max_units=3),
            P("97116", 40, 65, 6, modifiers=("GP",), max_units=2),
            P("97035", 20, 35, 5, modifiers=("GP",)),
            P("G0283", 20, 35, 8, modifiers=("GP",)),
        ),
        (10, 40, 35, 15),
        codes(
            "M54.50 M25.561 M62.81 M54.2 Z47.1 M25.611 R26.89 M54.17 Z96.651 M25.661 R26.2 M62.838 "
            "Z96.641 M48.061 S46.011D"
        ),
        ages=(8, 120),
        referred=True,
        providers=4,
    ),
    Specialty(
        "emergency",
        "207P00000X",
        6,
        (("23", 100),),
        (
            P("99283", 250, 400, 25),
            P("99284", 400, 650, 35),
            P("99285", 600, 950, 22),
            P("99291", 900, 1400, 5),
        ),
        (
            P("93010", 25, 45, 20),
            P("71046", 60, 110, 14, modifiers=("26",)),
            P("12001", 250, 450, 8),
            P("12002", 300, 520, 4),
            P("96374", 150, 250, 6),
            P("36415", 15, 30, 5),
        ),
        (40, 35, 25),
        codes(
            "R07.9 R10.9 J18.9 N39.0 R55 S01.81XA R11.2 T78.40XA K35.80 S61.411A R42 J44.1 R50.9 "
            "S09.90XA N13.2 R07.89 J20.9 K52.9"
        ),
        providers=5,
    ),
    Specialty(
        "obstetrics_gynecology",
        "207V00000X",
        5,
        (("11", 100),),
        (
            P("99213", 115, 165, 30),
            P("99214", 175, 250, 15),
            P("99395", 200, 270, 6, ages=(18, 39), dx=("Z01.419",)),
            P("99396", 220, 300, 5, ages=(40, 64), dx=("Z01.419",)),
            P("G0101", 50, 90, 3, ages=(65, 120), dx=("Z01.419",)),
        ),
        (
            P("Q0091", 35, 60, 15),
            P("81025", 15, 30, 10),
            P("76830", 250, 400, 8),
            P("58300", 250, 450, 3),
            P("J7298", 900, 1250, 2),
        ),
        (50, 35, 15),
        codes("Z01.419 N92.0 Z30.011 N76.0 Z34.00 N95.1 Z12.4 R87.610 N94.6"),
        ages=(15, 90),
        sex="F",
        providers=3,
    ),
    Specialty(
        "hospital_outpatient",
        "282N00000X",
        4,
        (("22", 100),),
        (
            P("99284", 1400, 2400, 40, revenue_code="0450"),
            P("99283", 900, 1500, 30, revenue_code="0450"),
            P("99285", 2200, 3600, 20, revenue_code="0450"),
        ),
        (
            P("80053", 90, 180, 25, revenue_code="0301"),
            P("85025", 60, 120, 25, revenue_code="0305"),
            P("71046", 300, 520, 15, revenue_code="0324"),
            P("96374", 350, 600, 12, revenue_code="0260"),
            P("J1885", 20, 45, 8, revenue_code="0636"),
            P("J2405", 25, 60, 8, revenue_code="0636"),
            P("74177", 2500, 4200, 5, revenue_code="0352"),
        ),
        (15, 30, 30, 25),
        codes("R10.9 R07.9 J18.9 N39.0 R55 R11.2 K35.80 N13.2 R07.89 J44.1"),
        institutional=True,
        type_of_bill="0131",
        providers=0,
        attending_from="emergency",
    ),
)

# Referring physicians for ordered services come from these specialties.
REFERRERS = ("family_medicine", "pediatrics", "cardiology", "orthopedics")
BILLING_TAXONOMY = "193200000X"  # multi-specialty group
FACILITY_TAXONOMY = "282N00000X"  # general acute care hospital


def all_diagnosis_codes() -> set[str]:
    codes: set[str] = set()
    for spec in SPECIALTIES:
        codes.update(spec.diagnoses)
        for proc in spec.visits + spec.extras:
            codes.update(proc.dx)
    return codes


def all_procedures() -> list[Procedure]:
    return [proc for spec in SPECIALTIES for proc in spec.visits + spec.extras]
