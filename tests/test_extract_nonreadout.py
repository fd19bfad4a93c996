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
