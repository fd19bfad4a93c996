"""A text that reports no meeting, call or visit gives no officials and no agencies."""

from __future__ import annotations

from delegraph.extract import extract
from delegraph.records import Readout

PROCLAMATION = (
    "A Proclamation on National Harbor Safety Week, 2023\n"
    "Every spring our ports remind us of the workers who keep goods moving. Secretary of "
    "Transportation Dana Holt and the Department of Homeland Security continue to invest in "
    "safer docks. NOW, THEREFORE, I, the President of the United States, proclaim this week "
    "National Harbor Safety Week and call upon all Americans to observe it."
)
STATEMENT = (
    "Statement by the Press Secretary on the Passing of Senator Ada Ruiz\n"
    "Senator Ada Ruiz served her state for three decades. The President will remember her "
    "kindness, and our thoughts are with her family today."
)


def test_proclamation_invents_no_meeting():
    r = Readout(
        id="p",
        text=PROCLAMATION,
        published="2023-04-01",
        source_url="https://www.whitehouse.gov/briefing-room/presidential-actions/2023/04/01/p/",
    )
    ex = extract(r)
    assert ex.is_readout is False
    assert ex.officials == [] and ex.agencies == [] and ex.delegations == []


def test_statement_invents_no_meeting():
    ex = extract(Readout(id="s", text=STATEMENT, published="2023-04-02"))
    assert ex.is_readout is False
    assert ex.officials == [] and ex.agencies == []


def test_announcements_and_statements_on_topics_report_no_meeting():
    from extracthelp import run

    for title, text in [
        (
            "Deputy Secretary Ann Lowe to Lead U.S. Delegation to the Arms Control Dialogue",
            "Deputy Secretary Ann Lowe will lead the U.S. delegation. She met with Foreign "
            "Minister Ivan Petrov of Ruritania in May.",
        ),
        (
            "Statement by President Tom Hale on International Literacy Day",
            "Twenty years ago, Congress introduced the first literacy act, led by Senator Ann "
            "Moss. Nelson Mandela presided over a new constitution.",
        ),
        (
            "Statement by President Tom Hale on the Flood",
            "Last year I traveled with Governor Ann Moss to the region. The tragedy that took "
            "place this morning shook us all.",
        ),
    ]:
        ex = run(
            text,
            url="https://www.whitehouse.gov/briefing-room/statements-releases/2024/05/08/x/",
            title=title,
        )
        assert not ex.is_readout, title


def test_a_joint_announcement_with_counterparts_is_a_meeting():
    from extracthelp import run

    ex = run(
        "Secretary of Homeland Security Ann Lowe and Ambassador Tom Hale joined their "
        "Costa Rican counterparts President Carlos Mora and Minister of Foreign Affairs Luis "
        "Vega in announcing the arrangement.",
        url="https://www.state.gov/x/",
        title="The United States and Costa Rica Announce Collaboration on Migration",
    )
    assert ex.is_readout and {"Carlos Mora", "Luis Vega"} <= {o.name for o in ex.officials}


def test_a_meeting_dated_after_its_publication_is_one_to_come():
    text = (
        "Assistant Secretary Ann Lowe meets with Minister of Defense Ivan Petrov of Moldova "
        "in Chisinau on {date}, to discuss maritime security."
    )
    kw = {"id": "f", "source_url": "https://www.state.gov/x/", "published": "2024-05-08"}
    ahead = extract(Readout(text=text.format(date="May 10"), **kw))
    assert not ahead.is_readout and ahead.officials == []
    past = extract(Readout(text=text.format(date="May 7"), **kw))
    assert past.is_readout and past.date == "2024-05-07"
    assert {o.name for o in past.officials} == {"Ann Lowe", "Ivan Petrov"}
    # with no publication date, the date written is all there is: a readout
    undated = extract(Readout(id="f", text=text.format(date="May 10, 2024")))
    assert undated.is_readout
