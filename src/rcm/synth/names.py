"""Invented people and places: names are drawn independently, so any match with a real person is chance.

Phone numbers use the 555-01xx range reserved for fiction; e-mail addresses use example.com.
"""

from __future__ import annotations


def _words(text: str, sep: str | None = None) -> tuple[str, ...]:
    return tuple(text.split(sep))


FEMALE = _words(
    "Maria Aisha Olga Grace Priya Hana Emily Sofia Chloe Mei Fatima Anna Isabella Zoe Leah Nora "
    "Camila Aaliyah Yuki Ingrid Amara Elena Rosa Naomi Claire Lucia Keisha Linh Sara Ava Mila Harper "
    "Ruth Irene Beatriz Dana Gloria Joy Kateryna Adaeze Lakshmi Noelle Paula Tamar"
)
MALE = _words(
    "James Wei Diego Tomasz Samuel Omar Liam Noah Mateo Kenji Arjun David Lucas Elijah Hassan Ivan "
    "Marcus Andre Tariq Jonas Felix Rafael Dmitri Kwame Henry Oscar Pedro Aaron Malik Hugo Erik "
    "Julian Nikhil Thanh Brian Carlos Emeka Gabriel Isaac Joel Karim Leon Miguel Paolo"
)
LAST = _words(
    "Abernathy Achebe Alvarez Andersen Bauer Bellamy Bianchi Boateng Brennan Calloway Castillo "
    "Chandra Chen Cho Costa Dalton Delgado Dubois Eriksen Esposito Farouk Fischer Fitzgerald "
    "Gallagher Garcia Goldberg Gonzaga Haddad Hale Hartmann Holloway Ibarra Ivanova Jablonski Jensen "
    "Kaminski Kapoor Kealoha Kim Kowalczyk Lachance Larsen Lindqvist Lombardi Lopez Maddox Mahmoud "
    "Marchetti Mbeki McAllister Mendoza Moreau Moreno Nakamura Novak Nwosu Oduya Okafor Olsen Ortega "
    "Osei Park Patel Petrov Pham Quintero Ramirez Rasmussen Reyes Rinaldi Rossi Sandoval Santos "
    "Schmidt Shah Silva Sorensen Stein Sullivan Suzuki Tanaka Thibodeaux Torres Tran Ueda Valdez "
    "Vance Varga Vasquez Volkov Wagner Walsh Whitaker Wojcik Xu Yamamoto Yilmaz Young Zamora "
    "Zielinski Adeyemi Bergstrom Carvalho Demir Engel Ferreira Grant Hoang Iyer Juarez Keller "
    "Lindgren Mwangi Nilsen Obi"
)
STREETS = _words(
    "Maple Ave|Oak St|Cedar Ln|Elm St|Willow Way|Birch Rd|"
    "Pine St|Spruce Ct|Lakeview Dr|Hillcrest Rd|Sunset Blvd|Meadow Ln|"
    "River Rd|Park Pl|Church St|Mill Rd|Orchard St|Harbor Way|"
    "Prairie Ave|Summit Dr|Valley View Rd|Chestnut St|Walnut Ave|Highland Ave|"
    "Forest Dr|Brookside Ln|Juniper Ct|Aspen Way",
    "|",
)
# (city, state, ZIP): real towns with a ZIP of theirs; the street addresses are invented.
CITIES = (
    ("Columbus", "OH", "43215"),
    ("Dublin", "OH", "43017"),
    ("Westerville", "OH", "43081"),
    ("Grove City", "OH", "43123"),
    ("Delaware", "OH", "43015"),
    ("Newark", "OH", "43055"),
    ("Lancaster", "OH", "43130"),
    ("Marysville", "OH", "43040"),
    ("Hilliard", "OH", "43026"),
    ("Gahanna", "OH", "43230"),
    ("Reynoldsburg", "OH", "43068"),
    ("Pickerington", "OH", "43147"),
    ("Worthington", "OH", "43085"),
    ("Upper Arlington", "OH", "43221"),
    ("Zanesville", "OH", "43701"),
    ("Mansfield", "OH", "44902"),
    ("Chillicothe", "OH", "45601"),
    ("Springfield", "OH", "45502"),
)
AREA_CODES = ("614", "740", "380", "937", "419")
