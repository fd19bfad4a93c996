"""The publisher's side (extract/publisher.py): from the text first (wire credit, dateline,
press-office byline, a header line naming the ministry), then the URL, then the metadata.
Texts here are invented."""

from __future__ import annotations

from delegraph.extract.publisher import publisher_side
from delegraph.gazetteer import default_gazetteer
from delegraph.records import Readout


def side(text, url=None, publisher=None):
    r = Readout(id="t", text=text, source_url=url, publisher=publisher)
    return publisher_side(r, default_gazetteer())


def test_wire_credit_in_the_dateline_or_the_foot_names_the_government():
    s = side("HANOI, May 3 (Xinhua) -- Vice Premier Lo Wen met with a visiting minister.")
    assert (s.code, s.rule) == ("CN", "publisher-wire")
    assert side("Minister Ada Obi met her counterpart.\n\nSource: WAM").code == "AE"
    assert side("NAIROBI, 3 May (KBC) – The Cabinet Secretary met ...").code == "KE"


def test_header_line_naming_a_ministry_and_its_country():
    s = side("Japan Ministry of Defense\n\nOn April 2, Minister Kato met ...")
    assert (s.code, s.rule) == ("JP", "publisher-header")
    s = side("Ministry of Foreign Affairs\nThe People’s Republic of China\nHead\n\nText.")
    assert s.code == "CN"
    # a headline that names a ministry among other words is no header
    assert side("Minister Kato meets Ministry of Defence officials in Delhi\nText.").code is None


def test_url_hosts_official_country_domains_and_mirrors():
    assert side("Text.", url="https://www.mfa.gov.tr/x.en.mfa").code == "TR"
    assert side("Text.", url="https://mofa.go.kr/eng/view.do").code == "KR"
    assert side("Text.", url="https://www.gov.uk/government/news/pm-call").code == "GB"
    assert side("Text.", url="https://gr.usembassy.gov/readout/").code == "US"
    assert side("Text.", url="https://en.irna.ir/news/1/").rule == "publisher-url-country"
    assert side("Text.", url="https://www.einpresswire.com/article/1/x").code is None
    assert side("Text.", url="https://news.example.co/x").code is None  # .co used generically


def test_metadata_publisher_last_and_text_first():
    assert side("Text.", publisher="Kazinform (state news agency)").code == "KZ"
    assert side("Text.", publisher="Romania Ministry of Foreign Affairs").code == "RO"
    # what the text says wins over the metadata: same side with or without a sidecar
    s = side("BEIJING, May 3 (Xinhua) -- Text.", url="https://mirror.example.com/a")
    assert s.code == "CN" and s.span is not None
