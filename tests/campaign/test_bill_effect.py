"""What each bill does to qualified immunity, and the statuses, asks and pages that follow."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from outreach.campaign import content, standings
from outreach.campaign import pages as campaign_pages
from outreach.campaign import records as campaign
from outreach.campaign.standings import is_reform
from outreach.models import Bill, QiEffect
from tests.campaign.test_content import valid_text

SHIPPED = Path(__file__).resolve().parents[2] / "content" / "campaign.yaml"
#: A day after every 2026 state session in the content ended.
DEC_2026 = date(2026, 12, 3)


@pytest.fixture
def shipped(session):
    parsed = content.read_content(SHIPPED)
    content.load_content(session, parsed, source=SHIPPED.name)
    session.commit()
    return parsed


def test_every_shipped_bill_states_its_effect_and_scope():
    parsed = content.read_content(SHIPPED)
    for bill in parsed.bills:
        assert bill.qi_effect is not None, bill.id
        assert bill.qi_scope, bill.id
    effects = {b.id: b.qi_effect.value for b in parsed.bills}
    # As the reference says: rollbacks, a limit, other remedies.
    assert effects["us-hr503-119"] == effects["us-s122-119"] == "rollback"
    assert effects["ia-sf342-2021"] == "rollback"
    assert effects["us-hr5361-119"] == "limits"
    assert effects["ma-h1641-2025"] == "other_remedy"
    assert effects["ca-sb747-2025"] == "other_remedy"
    assert effects["co-sb26-005"] == "limits"
    assert effects["il-hb1312-2025"] == "other_remedy"
    assert effects["md-hb670-2021"] == "other_remedy"
    assert effects["vt-s254-2022"] == "unrelated"
    assert effects["us-hr7290-119"] == "unrelated"
    assert effects["co-sb20-217"] == effects["nm-hb4-2021"] == "ends"


def test_status_comes_only_from_enacted_ends_or_limits_laws(session, shipped):
    standings = {s.code: s for s in campaign.all_standings(session, DEC_2026)}
    status = {code: (s.status.value if s.status else None) for code, s in standings.items()}
    assert status["CO"] == status["NM"] == "enacted"
    assert status["CT"] == status["MA"] == status["CA"] == "limited"
    assert status["IA"] == "strengthened"
    # Illinois kept the immunity, Maryland passed no ban, Vermont's ban was not enacted.
    for code in ("IL", "MD", "VT"):
        assert status[code] == "none", code
        assert standings[code].qi_law is None
    # The score stays beside the status: Maryland scores for its law, yet has none on QI.
    assert standings["MD"].score.points > 0
    assert standings["MD"].status_label == "No law on qualified immunity"
    nyc = campaign.standing(session, "NYC", DEC_2026)
    assert nyc.status.value == "enacted"
    assert "city law" in nyc.qi_law.qi_scope


def test_unknown_never_counts_as_reform(session, shipped):
    bills = session.scalars(select(Bill)).all()
    for bill in bills:
        if bill.effect in (QiEffect.UNKNOWN, QiEffect.ROLLBACK, QiEffect.UNRELATED):
            assert not is_reform(bill), bill.slug
            assert not standings.is_pending(bill), bill.slug


def test_rollback_bills_are_shown_apart_on_the_federal_page(session, shipped):
    page = campaign_pages.federal_page(session, DEC_2026)
    grouped = [b.identifier for g in page.congresses for st in g.stages for b, _ in st.bills]
    assert "H.R. 503" not in grouped
    assert "S. 122" not in grouped
    assert {b.identifier for b, _ in page.rollbacks} >= {"H.R. 503", "S. 122", "H.R. 288"}


def test_the_federal_page_says_would_write_it_into_law_and_asks_to_oppose(client, shipped):
    html = client.get("/federal").get_data(as_text=True)
    pending_part, rollback_part = html.split('id="rollback-title"', 1)
    assert "H.R. 503" not in pending_part
    assert "S. 122" not in pending_part
    assert "H.R. 503" in rollback_part
    assert "oppose them" in rollback_part
    assert "Would write qualified immunity into law" in rollback_part


def test_api_gives_each_bills_effect_and_scope(client, shipped):
    bills = client.get("/api/v1/bills?jurisdiction=US").get_json()["bills"]
    by_id = {b["id"]: b for b in bills}
    assert by_id["us-hr503-119"]["qi_effect"] == "rollback"
    assert by_id["us-hr503-119"]["pending"] is False
    assert by_id["us-s1913-119"]["qi_effect"] == "ends"
    assert "§ 1983" in by_id["us-s1913-119"]["qi_scope"]
    assert by_id["us-s1913-119"]["companion"] == "us-hr3602-119"
    co = client.get("/api/v1/states/co").get_json()
    assert co["qi_law"] == "co-sb20-217"
    assert co["qi_effect"] == "ends"
    assert "Peace officers" in co["qi_scope"]
    assert {b["id"]: b["qi_effect"] for b in co["bills"]}["co-sb26-005"] == "limits"
    il = client.get("/api/v1/states/il").get_json()
    assert il["status"] == "none"
    assert il["qi_law"] is None


def test_an_unknown_effect_value_is_rejected_with_its_line(session):
    good = content.parse_content(valid_text())
    content.load_content(session, good, source="good")
    session.commit()
    text = valid_text().replace(
        "    stage: enacted\n", "    stage: enacted\n    qi_effect: abolish\n", 1
    )
    with pytest.raises(content.ContentError) as error:
        content.parse_content(text)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "qi_effect: abolish" in row)
    assert any(where == line and "qi_effect" in msg for where, msg in error.value.problems)
    # the content already loaded stays as it was
    assert session.scalar(select(Bill.slug).limit(1)) is not None


def test_the_reference_rows_for_rollbacks_are_all_rollbacks():
    """Every bill the reference lists as strengthening or restoring QI is marked so."""
    raw = yaml.safe_load(SHIPPED.read_text())
    rollback_ids = {
        "ia-sf342-2021",
        "ia-sf476-2021",
        "nm-hb109-2023",
        "nm-hb203-2023",
        "ct-hb6120-2023",
        "ct-hb6123-2023",
        "ct-hb6451-2023",
        "us-hr288-117",
        "us-hr233-118",
        "us-hr503-119",
        "us-s122-119",
    }
    effects = {b["id"]: b.get("qi_effect") for b in raw["bills"]}
    assert {i for i in rollback_ids if effects[i] != "rollback"} == set()
