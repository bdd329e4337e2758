"""A small source tree laid out like upstream, written by the tests.

It holds a handful of real-shaped records covering the data quirks the
importer must handle: quoted and unquoted dates, string districts, an
at-large seat, a delegate, a malformed email, a governor listed twice, a
unicameral legislature, and folders that must be skipped.
"""

from __future__ import annotations

import tarfile
from pathlib import Path

CONGRESS_CURRENT = """\
- id:
    bioguide: S000001
  name:
    first: Sara
    last: Senator
    official_full: Sara Senator
  bio:
    gender: F
  terms:
  - type: rep
    start: '2015-01-03'
    end: '2017-01-03'
    state: CA
    district: 9
    party: Democrat
  - type: sen
    start: '2021-01-03'
    end: '2027-01-03'
    state: CA
    class: 3
    party: Democrat
    url: https://www.senator.senate.gov
    address: 331 Hart Senate Office Building Washington DC 20510
    phone: 202-224-3553
    contact_form: https://www.senator.senate.gov/contact
- id:
    bioguide: R000014
  name:
    first: Robert
    nickname: Bob
    last: Rep
  terms:
  - type: rep
    start: '2025-01-03'
    end: '2027-01-03'
    state: CA
    district: 14
    party: Independent
    caucus: Democrat
    url: https://rep.house.gov
    phone: 202-225-0014
- id:
    bioguide: A000000
  name:
    first: Alice
    last: Atlarge
    official_full: Alice Atlarge
  terms:
  - type: rep
    start: '2025-01-03'
    end: '2027-01-03'
    state: AK
    district: 0
    party: Republican
- id:
    bioguide: D000011
  name:
    first: Dana
    last: Delegate
    official_full: Dana Delegate
  terms:
  - type: rep
    start: '2025-01-03'
    end: '2027-01-03'
    state: DC
    district: 0
    party: Democrat
"""

DISTRICT_OFFICES = """\
- id:
    bioguide: S000001
  offices:
  - id: S000001-fremont
    address: 39510 Paseo Padre Pkwy
    suite: Suite 280
    city: Fremont
    state: CA
    zip: '94538'
    phone: 510-555-0100
    latitude: 37.55
    longitude: -121.98
"""

SOCIAL = """\
# A comment block, as upstream has.
- id:
    bioguide: S000001
  social:
    twitter: SenSara
    facebook: sensara
"""

COMMITTEES = """\
- type: senate
  name: Senate Committee on the Judiciary
  thomas_id: SSJU
  url: https://www.judiciary.senate.gov
  subcommittees:
  - name: The Constitution
    thomas_id: '21'
"""

MEMBERSHIP = """\
SSJU:
- name: Sara Senator
  bioguide: S000001
  party: majority
  rank: 1
  title: Chair
SSJU21:
- name: Sara Senator
  bioguide: S000001
  rank: 2
"""

CA_SENATOR = """\
id: ocd-person/00000000-0000-0000-0000-00000000ca10
name: Casey Wahl
given_name: Casey
family_name: Wahl
email: senator.wahl@senate.ca.gov
image: https://example.org/wahl.jpg
party:
- name: Democratic
roles:
- start_date: 2018-12-03
  end_date: 2022-12-05
  type: lower
  jurisdiction: ocd-jurisdiction/country:us/state:ca/government
  district: '25'
- start_date: 2022-12-05
  type: upper
  jurisdiction: ocd-jurisdiction/country:us/state:ca/government
  district: '10'
offices:
- classification: capitol
  address: 1021 O St. Suite 8530, Sacramento, CA 95814
  voice: 916-651-4410
- classification: district
  address: 39510 Paseo Padre Parkway Suite 280, Fremont, CA 94538
  voice: 510-794-3900
links:
- url: https://sd10.senate.ca.gov/
- url: https://sd10.senate.ca.gov/contact
  note: Contact Form
ids:
  twitter: SenWahl
"""

CA_ASSEMBLY = """\
id: ocd-person/00000000-0000-0000-0000-00000000ca20
name: Avery Ochoa
given_name: Avery
family_name: Ochoa
email: assemblymember.ochoa@assembly.ca.gov
party:
- name: Democratic
roles:
- start_date: '2020-12-07'
  type: lower
  jurisdiction: ocd-jurisdiction/country:us/state:ca/government
  district: '20'
"""

CA_GOVERNOR_OLD = """\
id: ocd-person/00000000-0000-0000-0000-0000000gov01
name: Old Governor
roles:
- start_date: '2011-01-03'
  end_date: '2019-01-07'
  type: governor
  jurisdiction: ocd-jurisdiction/country:us/state:ca/government
"""

CA_GOVERNOR_NEW = """\
id: ocd-person/00000000-0000-0000-0000-0000000gov02
name: New Governor
email: governor@gov.ca.gov
roles:
- start_date: '2019-01-07'
  end_date: '2023-01-02'
  type: governor
  jurisdiction: ocd-jurisdiction/country:us/state:ca/government
"""

CA_TREASURER = """\
id: ocd-person/00000000-0000-0000-0000-0000000tres1
name: Terry Treasurer
roles:
- start_date: '2019-01-07'
  type: treasurer
  jurisdiction: ocd-jurisdiction/country:us/state:ca/government
"""

CO_BAD_EMAIL = """\
id: ocd-person/00000000-0000-0000-0000-00000000co01
name: Lori Example
email: lori example.house@coleg.gov
party:
- name: Republican
roles:
- start_date: 2023-01-09
  type: lower
  jurisdiction: ocd-jurisdiction/country:us/state:co/government
  district: '48'
"""

NE_SENATOR = """\
id: ocd-person/00000000-0000-0000-0000-00000000ne01
name: Nell Unicam
party:
- name: Nonpartisan
roles:
- start_date: 2021-01-06
  type: legislature
  jurisdiction: ocd-jurisdiction/country:us/state:ne/government
  district: '21'
"""

MN_MEMBER = """\
id: ocd-person/00000000-0000-0000-0000-00000000mn21
name: Morgan Split
party:
- name: Democratic-Farmer-Labor
roles:
- start_date: 2023-01-03
  type: lower
  jurisdiction: ocd-jurisdiction/country:us/state:mn/government
  district: 21A
"""

RETIRED = """\
id: ocd-person/00000000-0000-0000-0000-00000000dead
name: Gone Away
roles:
- start_date: 2001-01-01
  end_date: 2003-01-01
  type: upper
  jurisdiction: ocd-jurisdiction/country:us/state:ca/government
  district: '1'
"""

US_PERSON = """\
id: ocd-person/00000000-0000-0000-0000-0000000000us
name: Federal Duplicate
roles:
- start_date: 2021-01-03
  type: upper
  jurisdiction: ocd-jurisdiction/country:us/government
  district: California
"""

CA_COMMITTEE = """\
id: ocd-organization/00000000-0000-0000-0000-0000000cjud
jurisdiction: ocd-jurisdiction/country:us/state:ca/government
classification: committee
name: Public Safety
chamber: upper
members:
- name: Casey Wahl
  role: Chair
  person_id: ocd-person/00000000-0000-0000-0000-00000000ca10
- name: Gone Away
  role: member
  person_id: ocd-person/00000000-0000-0000-0000-00000000dead
- name: No Id
  role: member
"""

ZCCD = (
    "state_fips,state_abbr,zcta,cd\r\n"
    "06,CA,94538,14\r\n"
    "06,CA,94538,17\r\n"
    "06,CA,94538,14\r\n"
    "02,AK,99501,0\r\n"
    "11,DC,20001,0\r\n"
    "31,NE,68508,1\r\n"
    "27,MN,56001,1\r\n"
)

PEOPLE = {
    "ca/legislature/Casey-Wahl.yml": CA_SENATOR,
    "ca/legislature/Avery-Ochoa.yml": CA_ASSEMBLY,
    "ca/executive/Old-Governor.yml": CA_GOVERNOR_OLD,
    "ca/executive/New-Governor.yml": CA_GOVERNOR_NEW,
    "ca/executive/Terry-Treasurer.yml": CA_TREASURER,
    "ca/retired/Gone-Away.yml": RETIRED,
    "ca/municipalities/Mayor.yml": RETIRED,
    "ca/committees/upper-Public-Safety.yml": CA_COMMITTEE,
    "co/legislature/Lori-Example.yml": CO_BAD_EMAIL,
    "ne/legislature/Nell-Unicam.yml": NE_SENATOR,
    "mn/legislature/Morgan-Split.yml": MN_MEMBER,
    "us/legislature/Federal-Duplicate.yml": US_PERSON,
}


def write_source(root: Path) -> Path:
    """Write the small source tree under ``root`` and return ``root``."""
    congress = root / "congress-legislators"
    congress.mkdir(parents=True, exist_ok=True)
    (congress / "legislators-current.yaml").write_text(CONGRESS_CURRENT)
    (congress / "legislators-district-offices.yaml").write_text(DISTRICT_OFFICES)
    (congress / "legislators-social-media.yaml").write_text(SOCIAL)
    (congress / "committees-current.yaml").write_text(COMMITTEES)
    (congress / "committee-membership-current.yaml").write_text(MEMBERSHIP)
    for relative, text in PEOPLE.items():
        path = root / "openstates-people" / "data" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    zccd = root / "us-zipcodes-congress" / "zccd.csv"
    zccd.parent.mkdir(parents=True, exist_ok=True)
    zccd.write_bytes(ZCCD.encode())
    return root


def write_openstates_archive(source: Path, target: Path, commit: str | None = None) -> Path:
    """Pack ``source/openstates-people`` as GitHub does: one top folder, commit in a pax header."""
    headers = {"comment": commit} if commit else {}
    with tarfile.open(target, "w:gz", format=tarfile.PAX_FORMAT, pax_headers=headers) as tar:
        tar.add(source / "openstates-people", arcname="people-main")
    return target
