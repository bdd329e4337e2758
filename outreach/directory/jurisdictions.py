"""The 56 jurisdictions the directory covers, with names, FIPS codes and OCD ids."""

from __future__ import annotations

from dataclasses import dataclass

from outreach.models import LEGISLATIVE_OFFICES, OfficeKind


@dataclass(frozen=True)
class JurisdictionInfo:
    """Static facts about a state, DC or a territory."""

    abbr: str
    name: str
    fips: str
    kind: str  # state | district | territory

    @property
    def ocd_id(self) -> str:
        """The Open Civic Data division id, e.g. ``ocd-division/country:us/state:ca``."""
        prefix = {"state": "state", "district": "district", "territory": "territory"}
        return f"ocd-division/country:us/{prefix[self.kind]}:{self.abbr.lower()}"

    @property
    def ocd_jurisdiction_id(self) -> str:
        """The Open States jurisdiction id used in role records."""
        return self.ocd_id.replace("ocd-division", "ocd-jurisdiction") + "/government"


_ROWS = """\
AL Alabama 01|AK Alaska 02|AZ Arizona 04|AR Arkansas 05|CA California 06|\
CO Colorado 08|CT Connecticut 09|DE Delaware 10|FL Florida 12|GA Georgia 13|\
HI Hawaii 15|ID Idaho 16|IL Illinois 17|IN Indiana 18|IA Iowa 19|KS Kansas 20|\
KY Kentucky 21|LA Louisiana 22|ME Maine 23|MD Maryland 24|MA Massachusetts 25|\
MI Michigan 26|MN Minnesota 27|MS Mississippi 28|MO Missouri 29|MT Montana 30|\
NE Nebraska 31|NV Nevada 32|NH New_Hampshire 33|NJ New_Jersey 34|\
NM New_Mexico 35|NY New_York 36|NC North_Carolina 37|ND North_Dakota 38|\
OH Ohio 39|OK Oklahoma 40|OR Oregon 41|PA Pennsylvania 42|RI Rhode_Island 44|\
SC South_Carolina 45|SD South_Dakota 46|TN Tennessee 47|TX Texas 48|UT Utah 49|\
VT Vermont 50|VA Virginia 51|WA Washington 53|WV West_Virginia 54|\
WI Wisconsin 55|WY Wyoming 56"""

_OTHERS = [
    JurisdictionInfo("DC", "District of Columbia", "11", "district"),
    JurisdictionInfo("PR", "Puerto Rico", "72", "territory"),
    JurisdictionInfo("GU", "Guam", "66", "territory"),
    JurisdictionInfo("VI", "U.S. Virgin Islands", "78", "territory"),
    JurisdictionInfo("AS", "American Samoa", "60", "territory"),
    JurisdictionInfo("MP", "Northern Mariana Islands", "69", "territory"),
]

JURISDICTIONS: dict[str, JurisdictionInfo] = {
    abbr: JurisdictionInfo(abbr, name.replace("_", " "), fips, "state")
    for abbr, name, fips in (row.split() for row in _ROWS.split("|"))
}
JURISDICTIONS.update({j.abbr: j for j in _OTHERS})

#: Jurisdictions that have an Open States folder (and so state officials).
STATE_DATA_JURISDICTIONS = frozenset(
    abbr for abbr, j in JURISDICTIONS.items() if j.kind == "state"
) | {"DC", "PR"}


def get(abbr: str) -> JurisdictionInfo | None:
    """Return the jurisdiction for a two-letter code, in any case, or None."""
    return JURISDICTIONS.get(abbr.strip().upper()) if abbr else None


#: Legislatures with one chamber (the Open States role type ``legislature``).
UNICAMERAL = frozenset({"NE", "DC"})
#: The chambers of state legislatures (``legislature``: a unicameral one).
CHAMBERS = ("upper", "lower", "legislature")
#: The office of a member of each chamber.
CHAMBER_OFFICE = {
    "upper": OfficeKind.STATE_SENATOR,
    "lower": OfficeKind.STATE_REPRESENTATIVE,
    "legislature": OfficeKind.STATE_LEGISLATOR,
}
#: The office kinds of state legislators, as stored.
LEGISLATIVE = tuple(k.value for k in LEGISLATIVE_OFFICES)
#: Districts whose members represent the whole jurisdiction (DC council,
#: Puerto Rico's at-large legislators).
AT_LARGE_DISTRICTS = ("at-large", "chairman")


def chambers(abbr: str) -> tuple[str, ...]:
    """The legislative chambers of a jurisdiction with state data, else ()."""
    if abbr not in STATE_DATA_JURISDICTIONS:
        return ()
    return ("legislature",) if abbr in UNICAMERAL else ("upper", "lower")
