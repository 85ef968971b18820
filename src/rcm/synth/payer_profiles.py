"""Payer archetypes: fee schedules, cost sharing, rejection/denial rates, CARC/RARC mixes, payment lags.

All names are invented (government programs keep their program names). Rates are plausible round
figures for a synthetic practice, not measurements of any real payer.
"""

from __future__ import annotations

from dataclasses import dataclass

from rcm.payers.models import PayerType


@dataclass(frozen=True, slots=True)
class DenialReason:
    group: str
    carc: str
    rarcs: tuple[str, ...]
    weight: int


@dataclass(frozen=True, slots=True)
class CostShare:
    copay_share: float  # share of coverages on a copay plan (copay on the main service)
    copays: tuple[int, ...]  # dollars
    copay_plan_coinsurance: float  # coinsurance on the other lines of a copay plan
    coinsurance: float  # coinsurance after the deductible, other plans
    deductible_max: int  # dollars; 0 = no deductible
    deductible_by_month: tuple[float, ...]  # chance a claim meets deductible, January first


@dataclass(frozen=True, slots=True)
class PayerProfile:
    key: str
    name: str
    payer_type: PayerType
    payer_code: str
    allowed_pct: tuple[float, float]  # fee schedule as a share of the chargemaster
    reject_rate: float  # 999/277CA front-end rejection per submission
    denial_rate: float  # claim-level denial on first adjudication
    line_denial_rate: float  # one line denied on a multi-line claim (partial payment)
    lag_days: tuple[int, int, int]  # submission -> ERA: min, mode, max
    methods: tuple[tuple[str, int], ...]  # payment method weights
    cost_share: CostShare
    denials: tuple[DenialReason, ...]
    member_format: str  # see people.member_id
    sequestration: bool = False  # Medicare's 2% payment reduction (CO-253)
    secondary_pays: float = 0.0  # share of the primary's patient responsibility paid as secondary
    timely_filing_days: int | None = None  # None: the payer type's default
    appeal_days: int | None = None
    address: tuple[str, str, str, str] = ("PO Box 1000", "Columbus", "OH", "43216")


def _d(*rows: tuple[str, str, tuple[str, ...], int]) -> tuple[DenialReason, ...]:
    return tuple(DenialReason(*row) for row in rows)


NO_DEDUCTIBLE = (0.0,) * 12
MEDICARE_CURVE = (0.35, 0.25, 0.15, 0.08, 0.05, 0.04, 0.03, 0.03, 0.02, 0.02, 0.02, 0.02)
HDHP_CURVE = (0.7, 0.6, 0.5, 0.4, 0.35, 0.3, 0.25, 0.2, 0.15, 0.12, 0.1, 0.08)

MEDICARE_DENIALS = _d(
    ("CO", "16", ("MA130", "N290"), 14),
    ("CO", "16", ("MA130", "M51"), 8),
    ("CO", "50", ("N115",), 16),
    ("CO", "18", (), 8),
    ("CO", "29", (), 4),
    ("CO", "27", ("N30",), 6),
    ("CO", "31", (), 5),
    ("CO", "109", (), 6),
    ("CO", "22", (), 6),
    ("PR", "96", ("N425",), 6),
    ("CO", "151", (), 5),
    ("CO", "B7", (), 3),
    ("CO", "11", ("M76",), 5),
)
MEDICAID_DENIALS = _d(
    ("CO", "16", ("MA130",), 12),
    ("CO", "27", ("N30",), 12),
    ("CO", "200", (), 6),
    ("CO", "197", ("M62",), 12),
    ("CO", "22", ("N479",), 10),
    ("CO", "29", (), 6),
    ("CO", "18", (), 6),
    ("CO", "B7", (), 6),
    ("CO", "96", ("N130",), 6),
    ("CO", "31", (), 6),
    ("CO", "50", (), 6),
)
COMMERCIAL_DENIALS = _d(
    ("CO", "197", ("M62",), 18),
    ("CO", "16", ("M51",), 8),
    ("CO", "16", ("N290",), 5),
    ("CO", "27", ("N30",), 9),
    ("CO", "22", ("N479",), 7),
    ("PR", "204", ("N130",), 10),
    ("CO", "50", (), 7),
    ("CO", "29", (), 4),
    ("CO", "18", (), 6),
    ("CO", "31", (), 5),
    ("CO", "252", ("N706",), 5),
    ("CO", "242", (), 4),
    ("CO", "B7", (), 3),
    ("CO", "96", ("N130",), 4),
)
MANAGED_CARE_DENIALS = _d(
    ("CO", "197", ("N54",), 20),
    ("CO", "197", ("M62",), 10),
    ("CO", "50", (), 10),
    ("CO", "16", ("N290",), 8),
    ("CO", "242", (), 8),
    ("CO", "27", ("N30",), 6),
    ("PR", "204", ("N130",), 6),
    ("CO", "18", (), 6),
    ("CO", "29", (), 3),
    ("CO", "109", (), 5),
)
TRICARE_DENIALS = _d(
    ("CO", "16", ("MA130",), 10),
    ("CO", "197", ("M62",), 10),
    ("CO", "22", ("N479",), 10),
    ("CO", "27", ("N30",), 8),
    ("PR", "204", ("N130",), 6),
    ("CO", "18", (), 6),
)
# One line of a multi-line claim denied while the others pay (the claim is then PartiallyPaid).
LINE_DENIALS = _d(
    ("CO", "97", ("M15",), 22),
    ("CO", "97", ("N19",), 8),
    ("CO", "151", ("N362",), 10),
    ("CO", "B15", (), 6),
    ("CO", "4", ("M78",), 8),
    ("CO", "11", ("M76",), 8),
    ("CO", "50", ("N115",), 8),
    ("CO", "234", ("N20",), 6),
    ("CO", "16", ("M51",), 6),
    ("CO", "96", ("N130",), 5),
)
SECONDARY_DENIALS = _d(
    ("CO", "16", ("MA04",), 50), ("CO", "22", ("N479",), 20), ("CO", "18", (), 15), ("CO", "27", ("N30",), 15)
)

MEDICARE_SHARE = CostShare(0.0, (), 0.0, 0.20, 257, MEDICARE_CURVE)
MEDICAID_SHARE = CostShare(0.15, (1, 2, 3, 4), 0.0, 0.0, 0, NO_DEDUCTIBLE)
COMMERCIAL_SHARE = CostShare(0.6, (20, 25, 30, 40, 50), 0.0, 0.20, 3000, HDHP_CURVE)
ADVANTAGE_SHARE = CostShare(1.0, (0, 10, 20, 35, 45), 0.20, 0.20, 0, NO_DEDUCTIBLE)
TRICARE_SHARE = CostShare(1.0, (15, 25, 39), 0.0, 0.0, 0, NO_DEDUCTIBLE)
NO_SHARE = CostShare(0.0, (), 0.0, 0.0, 0, NO_DEDUCTIBLE)
EFT_ONLY = (("EFT", 1),)
MOSTLY_EFT = (("EFT", 85), ("Check", 10), ("VirtualCard", 5))

PAYERS: tuple[PayerProfile, ...] = (
    PayerProfile(
        "medicare",
        "Medicare Part B",
        PayerType.medicare,
        "MCRPB",
        (0.36, 0.46),
        0.035,
        0.075,
        0.06,
        (14, 17, 30),
        EFT_ONLY,
        MEDICARE_SHARE,
        MEDICARE_DENIALS,
        "mbi",
        sequestration=True,
        address=("PO Box 6700", "Fargo", "ND", "58108"),
    ),
    PayerProfile(
        "medicaid",
        "State Medicaid",
        PayerType.medicaid,
        "MCDST",
        (0.26, 0.36),
        0.05,
        0.14,
        0.07,
        (10, 24, 60),
        (("EFT", 90), ("Check", 10)),
        MEDICAID_SHARE,
        MEDICAID_DENIALS,
        "medicaid",
        secondary_pays=0.7,
        address=("PO Box 1461", "Columbus", "OH", "43216"),
    ),
    PayerProfile(
        "medicaid_mco",
        "Riverbend Community Health Plan",
        PayerType.medicaid,
        "RVBCH",
        (0.30, 0.40),
        0.045,
        0.13,
        0.06,
        (12, 22, 50),
        EFT_ONLY,
        MEDICAID_SHARE,
        MANAGED_CARE_DENIALS,
        "medicaid",
        appeal_days=90,
        address=("PO Box 8120", "Dayton", "OH", "45401"),
    ),
    PayerProfile(
        "northwind",
        "Northwind Health PPO",
        PayerType.commercial,
        "NWHPP",
        (0.52, 0.68),
        0.03,
        0.09,
        0.05,
        (7, 16, 40),
        MOSTLY_EFT,
        COMMERCIAL_SHARE,
        COMMERCIAL_DENIALS,
        "commercial",
        secondary_pays=0.8,
        timely_filing_days=180,
        appeal_days=180,
        address=("PO Box 30410", "Salt Lake City", "UT", "84130"),
    ),
    PayerProfile(
        "prairie",
        "Prairie Mutual Health Insurance",
        PayerType.commercial,
        "PRMHI",
        (0.55, 0.72),
        0.03,
        0.11,
        0.06,
        (10, 20, 45),
        MOSTLY_EFT,
        COMMERCIAL_SHARE,
        COMMERCIAL_DENIALS,
        "commercial",
        secondary_pays=0.8,
        timely_filing_days=90,
        appeal_days=120,
        address=("PO Box 2290", "Omaha", "NE", "68103"),
    ),
    PayerProfile(
        "harborline",
        "Harborline Health HMO",
        PayerType.commercial,
        "HBLHM",
        (0.48, 0.62),
        0.035,
        0.13,
        0.07,
        (9, 18, 45),
        MOSTLY_EFT,
        COMMERCIAL_SHARE,
        MANAGED_CARE_DENIALS,
        "commercial",
        timely_filing_days=120,
        appeal_days=90,
        address=("PO Box 7707", "Milwaukee", "WI", "53207"),
    ),
    PayerProfile(
        "keystone",
        "Keystone Benefit Administrators",
        PayerType.commercial,
        "KSTBA",
        (0.58, 0.75),
        0.04,
        0.10,
        0.05,
        (14, 28, 60),
        (("EFT", 60), ("Check", 35), ("VirtualCard", 5)),
        COMMERCIAL_SHARE,
        COMMERCIAL_DENIALS,
        "commercial",
        timely_filing_days=365,
        appeal_days=180,
        address=("PO Box 981", "Harrisburg", "PA", "17108"),
    ),
    PayerProfile(
        "silver_harbor",
        "Silver Harbor Medicare Advantage HMO",
        PayerType.medicare_advantage,
        "SHMAH",
        (0.38, 0.48),
        0.04,
        0.16,
        0.07,
        (10, 21, 50),
        EFT_ONLY,
        ADVANTAGE_SHARE,
        MANAGED_CARE_DENIALS,
        "advantage",
        sequestration=True,
        address=("PO Box 5044", "Louisville", "KY", "40255"),
    ),
    PayerProfile(
        "evergreen",
        "Evergreen Senior Choice PPO",
        PayerType.medicare_advantage,
        "EVSCP",
        (0.40, 0.50),
        0.035,
        0.13,
        0.06,
        (10, 19, 45),
        EFT_ONLY,
        ADVANTAGE_SHARE,
        MANAGED_CARE_DENIALS,
        "advantage",
        sequestration=True,
        address=("PO Box 4410", "Portland", "OR", "97208"),
    ),
    PayerProfile(
        "tricare",
        "TRICARE East Region",
        PayerType.tricare,
        "TRCRE",
        (0.38, 0.48),
        0.03,
        0.08,
        0.05,
        (10, 20, 40),
        EFT_ONLY,
        TRICARE_SHARE,
        TRICARE_DENIALS,
        "tricare",
        address=("PO Box 7981", "Madison", "WI", "53707"),
    ),
    PayerProfile(
        "medigap",
        "Prairie Mutual Medicare Supplement",
        PayerType.commercial,
        "PRMSP",
        (0.36, 0.46),
        0.02,
        0.04,
        0.0,
        (7, 12, 30),
        MOSTLY_EFT,
        NO_SHARE,
        SECONDARY_DENIALS,
        "commercial",
        secondary_pays=1.0,
        timely_filing_days=365,
        appeal_days=180,
        address=("PO Box 2291", "Omaha", "NE", "68103"),
    ),
    PayerProfile(
        "self_pay",
        "Self-pay",
        PayerType.self_pay,
        "SELFPAY",
        (1.0, 1.0),
        0.0,
        0.0,
        0.0,
        (0, 0, 0),
        (("Card", 1),),
        NO_SHARE,
        (),
        "account",
    ),
)
BY_KEY = {profile.key: profile for profile in PAYERS}

# Primary coverage by age band (child, adult, senior): payer key -> weight.
PRIMARY_MIX: dict[str, tuple[tuple[str, int], ...]] = {
    "child": (
        ("medicaid", 20),
        ("medicaid_mco", 25),
        ("northwind", 18),
        ("prairie", 12),
        ("harborline", 10),
        ("keystone", 8),
        ("tricare", 3),
        ("self_pay", 4),
    ),
    "adult": (
        ("medicare", 3),
        ("medicaid", 9),
        ("medicaid_mco", 11),
        ("northwind", 22),
        ("prairie", 18),
        ("harborline", 13),
        ("keystone", 12),
        ("tricare", 3),
        ("self_pay", 9),
    ),
    "senior": (("medicare", 55), ("silver_harbor", 25), ("evergreen", 17), ("northwind", 2), ("self_pay", 1)),
}
# Secondary coverage by primary payer: (payer key, chance).
SECONDARY_MIX: dict[str, tuple[tuple[str, float], ...]] = {
    "medicare": (("medigap", 0.35), ("medicaid", 0.12)),
    "silver_harbor": (("medicaid", 0.08),),
    "evergreen": (("medicaid", 0.06),),
    "northwind": (("prairie", 0.04),),
    "prairie": (("northwind", 0.04),),
    "harborline": (("northwind", 0.03),),
    "keystone": (("prairie", 0.03),),
}
