"""The scorer behind ``delegraph eval``: each metric and matching rule, on invented fixtures.

When the shared corpus is present (``../shared`` next to the repository, or
``DELEGRAPH_SHARED``), the scores are also compared with the corpus's own ``score.py``.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import os
import random
from pathlib import Path

import pytest

from delegraph.errors import InputError
from delegraph.extract.evaluate import (
    agency_key,
    evaluate,
    load_texts,
    parse_require,
    person_key,
    same_person,
    score,
    score_predictions,
    write_predictions,
)
from delegraph.records import Readout

REPO = Path(__file__).resolve().parents[1]


def gold_doc(**over):
    """An invented two-country meeting annotation."""
    doc = {
        "kind": "meeting",
        "date": "2031-03-04",
        "location": "Springfield",
        "mechanism": None,
        "countries": ["US", "NO"],
        "officials": [
            {
                "name": "Pavel Q. Marsh",
                "country": "US",
                "title": "Deputy Secretary of Lighthouses",
                "agency": "Department of Lighthouses",
                "roles": ["co_chaired", "gave_remarks"],
            },
            {
                "name": "Ingrid Fossum",
                "country": "NO",
                "title": "State Secretary",
                "agency": None,
                "roles": ["led_delegation"],
            },
        ],
        "agencies": [
            {"name": "Department of Lighthouses", "country": "US", "parent": None},
            {
                "name": "Bureau of Foghorns",
                "country": "US",
                "parent": "Department of Lighthouses",
            },
            {"name": "Ministry of Defence", "country": "NO", "parent": None},
        ],
        "delegations": [{"country": "NO", "led_by": ["Ingrid Fossum"], "agencies": []}],
        "topics": [],
    }
    doc.update(over)
    return doc


def one(gold, pred):
    return score({"d1": gold}, {"d1": pred})


# ----------------------------------------------------------------- normalisation rules


def test_person_key_drops_honorifics_dots_and_middle_initials():
    assert person_key("Dr. Pavel Q. Marsh") == "pavel marsh"
    assert person_key("Ms Ingrid  Fossum") == "ingrid fossum"
    assert person_key("H.E. Ingrid Fossum") == "ingrid fossum"
    assert person_key("A. B. Carter") == "a carter"  # only middle initials go
    assert person_key(None) == ""


def test_same_person_prefix_rule_needs_same_surname_and_two_tokens():
    assert same_person("kat orwell", "katherine orwell")
    assert same_person("katherine orwell", "kat orwell")
    assert not same_person("kat orwell", "katherine orwel")
    assert not same_person("orwell", "kat orwell")
    assert not same_person("tom orwell", "kat orwell")


def test_agency_key_strips_country_prefixes_and_spelling():
    assert agency_key("the U.S. Department of Lighthouses") == "department of lighthouses"
    assert agency_key("PRC Ministry of Kites") == agency_key("Chinese Ministry of Kites")
    assert agency_key("People’s Republic of China’s Ministry of Kites") == "ministry of kites"
    assert agency_key("Ministry of Defence") == agency_key("Ministry of Defense")
    assert agency_key("Department of Lighthouses, U.S.") != agency_key("Department of Lighthouses")


# ----------------------------------------------------------------- set-valued fields


def test_perfect_prediction_scores_one_everywhere():
    r = one(gold_doc(), gold_doc())
    for name, f in r.fields.items():
        assert (f.precision, f.recall, f.f1) == (1.0, 1.0, 1.0), name
    assert all(a.correct == a.total for a in r.accuracy.values())
    assert r.accuracy["titles"].total == 2
    assert r.missing == []


def test_officials_match_despite_honorific_initial_and_short_first_name():
    pred = gold_doc()
    pred["officials"][0]["name"] = "Mr. Pav Marsh"
    pred["officials"][1]["name"] = "Ms. Ingrid Fossum"
    r = one(gold_doc(), pred)
    assert (r.fields["officials"].tp, r.fields["officials"].fp, r.fields["officials"].fn) == (
        2,
        0,
        0,
    )
    assert r.fields["roles"].tp == 3


def test_wrong_country_or_extra_official_costs_precision_and_recall():
    pred = gold_doc()
    pred["officials"][1]["country"] = "SE"
    pred["officials"].append({"name": "Olaf Berg", "country": "NO", "roles": ["attended"]})
    o = one(gold_doc(), pred).fields["officials"]
    assert (o.tp, o.fp, o.fn) == (1, 2, 1)
    assert o.precision == pytest.approx(1 / 3)
    assert o.recall == pytest.approx(1 / 2)
    assert o.f1 == pytest.approx(0.4)


def test_each_gold_item_matches_at_most_once():
    pred = gold_doc()
    pred["officials"].append(copy.deepcopy(pred["officials"][0]))
    o = one(gold_doc(), pred).fields["officials"]
    assert (o.tp, o.fp, o.fn) == (2, 1, 0)


def test_roles_are_scored_per_person_and_role():
    pred = gold_doc()
    pred["officials"][0]["roles"] = ["co_chaired", "hosted"]
    roles = one(gold_doc(), pred).fields["roles"]
    assert (roles.tp, roles.fp, roles.fn) == (2, 1, 1)


def test_agencies_match_after_prefixes_but_need_the_country():
    pred = gold_doc()
    pred["agencies"][0]["name"] = "U.S. Department of Lighthouses"
    pred["agencies"][2]["name"] = "Ministry of Defense"
    pred["agencies"][1]["country"] = "NO"
    a = one(gold_doc(), pred).fields["agencies"]
    assert (a.tp, a.fp, a.fn) == (2, 1, 1)


def test_parents_only_count_agencies_with_a_parent():
    pred = gold_doc()
    pred["agencies"][1]["parent"] = "the U.S. Department of Lighthouses"
    assert one(gold_doc(), pred).fields["parents"].f1 == 1.0
    pred["agencies"][2]["parent"] = "Cabinet"  # a parent gold does not state: precision drops
    p = one(gold_doc(), pred).fields["parents"]
    assert (p.tp, p.fp, p.fn) == (1, 1, 0)
    pred = gold_doc()
    pred["agencies"][1]["parent"] = None
    p = one(gold_doc(), pred).fields["parents"]
    assert (p.tp, p.fp, p.fn) == (0, 0, 1)
    assert p.precision == 1.0 and p.recall == 0.0 and p.f1 == 0.0


def test_leaders_need_country_and_person():
    pred = gold_doc(delegations=[{"country": "NO", "led_by": ["Dr. Ingrid Fossum"]}])
    assert one(gold_doc(), pred).fields["leaders"].tp == 1
    pred = gold_doc(delegations=[{"country": "US", "led_by": ["Ingrid Fossum"]}])
    lead = one(gold_doc(), pred).fields["leaders"]
    assert (lead.tp, lead.fp, lead.fn) == (0, 1, 1)


def test_empty_gold_and_prediction_give_precision_and_recall_one():
    r = one(gold_doc(officials=[], delegations=[]), gold_doc(officials=[], delegations=[]))
    assert r.fields["officials"].precision == 1.0 and r.fields["officials"].f1 == 1.0


# ----------------------------------------------------------------- accuracies


def test_location_word_prefix_rule():
    r = one(gold_doc(), gold_doc(location="Springfield, Ohio"))
    assert r.accuracy["location"].correct == 1
    r = one(gold_doc(location="Springfield, Ohio"), gold_doc(location="Springfield"))
    assert r.accuracy["location"].correct == 1
    r = one(gold_doc(), gold_doc(location="Springfieldia"))
    assert (r.accuracy["location"].correct, r.accuracy["location"].total) == (0, 1)


def test_null_gold_values_are_not_scored():
    gold = gold_doc(date=None, location=None, countries=[])
    gold["officials"][1]["title"] = None
    r = one(gold, gold_doc(date="1999-01-01", location="Elsewhere", countries=["FR"]))
    assert r.accuracy["date"].total == 0
    assert r.accuracy["location"].total == 0
    assert r.accuracy["countries"].total == 0
    assert r.accuracy["titles"].total == 1
    assert r.accuracy["date"].value == 1.0  # nothing to get wrong


def test_date_kind_countries_compare_exactly_and_countries_ignore_order():
    pred = gold_doc(date="2031-03-05", kind="call", countries=["NO", "US"])
    r = one(gold_doc(), pred)
    assert (r.accuracy["date"].correct, r.accuracy["kind"].correct) == (0, 0)
    assert r.accuracy["countries"].correct == 1


def test_meeting_fields_may_sit_under_a_meeting_key():
    pred = gold_doc()
    meeting = {k: pred.pop(k) for k in ("date", "location", "kind", "countries")}
    pred["meeting"] = meeting
    r = one(gold_doc(), pred)
    assert all(r.accuracy[k].correct == 1 for k in ("date", "location", "kind", "countries"))


def test_titles_compare_normalised_text_of_the_matching_official():
    pred = gold_doc()
    pred["officials"][0]["title"] = "deputy secretary of lighthouses."
    pred["officials"][1]["title"] = "Secretary"
    titles = one(gold_doc(), pred).accuracy["titles"]
    assert (titles.correct, titles.total) == (1, 2)
    pred = gold_doc(officials=[])
    assert one(gold_doc(), pred).accuracy["titles"].correct == 0


# ----------------------------------------------------------------- files and running


def write_gold(folder: Path, docs: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for rid, doc in docs.items():
        (folder / f"{rid}.json").write_text(json.dumps(doc), encoding="utf-8")
    return folder


def test_missing_and_unreadable_predictions_count_as_empty(tmp_path):
    gold = write_gold(tmp_path / "gold", {"a": gold_doc(), "b": gold_doc(), "c": gold_doc()})
    preds = tmp_path / "pred"
    write_predictions({"a": gold_doc(), "b": None}, preds)
    (preds / "c.json").write_text("{not json", encoding="utf-8")
    r = score_predictions(gold, preds)
    assert r.missing == ["b", "c"]
    assert r.documents == 3
    assert r.fields["officials"].tp == 2 and r.fields["officials"].fn == 4
    (preds / "c.json").write_text("", encoding="utf-8")  # empty file: an empty prediction
    assert score_predictions(gold, preds).missing == ["b"]


def fake_extractor(readout: Readout) -> dict:
    """Pretend extraction: one official named on the first line, the date from metadata."""
    name = readout.text.splitlines()[0].strip()
    if name == "boom":
        raise RuntimeError("cannot parse")
    return {
        "kind": "meeting",
        "date": readout.published,
        "countries": ["US", "NO"],
        "officials": [{"name": name, "country": "NO", "roles": ["led_delegation"]}],
    }


def test_evaluate_on_a_text_folder_with_sidecars(tmp_path):
    gold = write_gold(tmp_path / "gold", {"r1": gold_doc(), "r2": gold_doc(), "r3": gold_doc()})
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "r1.txt").write_text("Ingrid Fossum\nThe sides met.\n", encoding="utf-8")
    (texts / "r1.json").write_text(json.dumps({"published": "2031-03-04"}), encoding="utf-8")
    (texts / "r2.txt").write_text("boom\n", encoding="utf-8")
    out = tmp_path / "pred"
    r = evaluate(gold, texts, extractor=fake_extractor, predictions_dir=out)
    assert r.missing == ["r2", "r3"]
    assert "RuntimeError" in r.errors["r2"]
    assert r.fields["officials"].tp == 1
    assert r.accuracy["date"].correct == 1 and r.accuracy["date"].total == 3
    assert sorted(p.name for p in out.iterdir()) == ["r1.json"]
    saved = json.loads((out / "r1.json").read_text(encoding="utf-8"))
    assert saved["officials"][0]["name"] == "Ingrid Fossum"
    table = r.format_table()
    assert "officials" in table and "no prediction for: r2 r3" in table
    assert r.to_json()["fields"]["officials"]["tp"] == 1


def test_evaluate_on_jsonl_reads_only_gold_ids(tmp_path):
    gold = write_gold(tmp_path / "gold", {"r1": gold_doc()})
    lines = [
        {"id": "r0", "text": "boom", "published": "2031-01-01"},
        {
            "id": "r1",
            "text": "Ingrid Fossum\n",
            "published": "2031-03-04",
            "url": "u",
            "title": "t",
        },
    ]
    jsonl = tmp_path / "c.jsonl"
    jsonl.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    r = evaluate(gold, [jsonl], extractor=fake_extractor)
    assert r.missing == [] and r.errors == {}
    assert r.accuracy["date"].correct == 1
    readouts = load_texts(jsonl)
    assert set(readouts) == {"r0", "r1"} and readouts["r1"].source_url == "u"


def test_require_thresholds():
    assert parse_require("officials=0.95, date=0.9") == {"officials": 0.95, "date": 0.9}
    with pytest.raises(InputError):
        parse_require("wizardry=1")
    with pytest.raises(InputError):
        parse_require("officials=high")
    pred = gold_doc(date="2031-03-05")
    r = one(gold_doc(), pred)
    assert r.shortfalls({"officials": 1.0}) == []
    assert r.shortfalls({"officials": 1.0, "date": 0.5}) == ["date 0.000<0.5"]


def test_bad_gold_folder_is_an_input_error(tmp_path):
    with pytest.raises(InputError):
        score_predictions(tmp_path / "nope", tmp_path)
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError):
        score_predictions(tmp_path / "empty", tmp_path)


# ----------------------------------------------------------------- equivalence with score.py


def shared_corpus() -> Path | None:
    env = os.environ.get("DELEGRAPH_SHARED")
    candidates = [Path(env), Path(env) / "corpus"] if env else []
    candidates.append(REPO / ".." / "shared" / "corpus")
    for c in candidates:
        if (c / "score.py").is_file() and (c / "dev-gold").is_dir():
            return c.resolve()
    return None


def perturb(doc: dict, rng: random.Random) -> dict:
    """A plausible wrong prediction: renamed, dropped, duplicated and re-prefixed facts."""
    d = copy.deepcopy(doc)
    for o in d.get("officials", []):
        roll = rng.random()
        if roll < 0.15:
            o["name"] = "Dr. " + o["name"]
        elif roll < 0.3:
            parts = o["name"].split()
            if len(parts) >= 2:
                o["name"] = parts[0][:3] + " " + parts[-1]
        elif roll < 0.4:
            o["country"] = "ZZ"
        elif roll < 0.5:
            o["roles"] = ["attended"]
        elif roll < 0.65:
            first, _, rest = o["name"].partition(" ")
            o["name"] = f"{first} Z. {rest}" if rest else first
        if rng.random() < 0.2:
            o["title"] = (o.get("title") or "Envoy") + " and Envoy"
    if d.get("officials") and rng.random() < 0.3:
        d["officials"].pop(rng.randrange(len(d["officials"])))
    if d.get("officials") and rng.random() < 0.2:
        d["officials"].append(copy.deepcopy(rng.choice(d["officials"])))
    for a in d.get("agencies", []):
        roll = rng.random()
        if roll < 0.2:
            a["name"] = "the U.S. " + a["name"]
        elif roll < 0.3:
            a["parent"] = a.get("parent") or "White House"
        elif roll < 0.4:
            a["name"] = a["name"].replace("Defense", "Defence")
    if rng.random() < 0.3:
        d["location"] = (d.get("location") or "Nowhere") + ", DC"
    if rng.random() < 0.3:
        d["date"] = None if rng.random() < 0.5 else "2022-01-01"
    if rng.random() < 0.2:
        d["kind"] = "call"
    if rng.random() < 0.3:
        d["countries"] = list(reversed(d.get("countries", [])))[:-1]
    for x in d.get("delegations", []):
        if rng.random() < 0.3:
            x["led_by"] = [n.upper() for n in x.get("led_by", [])]
    if rng.random() < 0.3:
        d["meeting"] = {k: d.pop(k, None) for k in ("date", "location", "kind", "countries")}
    return d


@pytest.fixture(scope="module")
def reference():
    corpus = shared_corpus()
    if corpus is None:
        pytest.skip("shared corpus not found (../shared/corpus or DELEGRAPH_SHARED)")
    spec = importlib.util.spec_from_file_location("shared_score", corpus / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return corpus, module


@pytest.mark.parametrize("seed", range(8))
def test_same_numbers_as_score_py(reference, tmp_path, seed):
    corpus, ref = reference
    gold_dir = corpus / "dev-gold"
    rng = random.Random(seed)
    preds = {}
    for path in sorted(gold_dir.glob("*.json")):
        if seed and rng.random() < 0.1:
            continue  # missing prediction
        doc = json.loads(path.read_text(encoding="utf-8"))
        preds[path.stem] = perturb(doc, rng) if seed else doc
    write_predictions(preds, tmp_path)
    ref_fields, ref_acc, ref_missing = ref.score(gold_dir, tmp_path)
    mine = score_predictions(gold_dir, tmp_path)
    for name, prf in ref_fields.items():
        got = mine.fields[name]
        assert (got.tp, got.fp, got.fn) == (prf.tp, prf.fp, prf.fn), name
        assert got.f1 == pytest.approx(prf.row()[2]), name
    for name, (ok, n) in ref_acc.items():
        assert (mine.accuracy[name].correct, mine.accuracy[name].total) == (ok, n), name
    assert mine.missing == ref_missing


def test_run_eval_exit_codes_and_formats(tmp_path):
    from delegraph.extract.evaluate import run_eval

    gold = write_gold(tmp_path / "gold", {"r1": gold_doc()})
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "r1.txt").write_text("Ingrid Fossum\n", encoding="utf-8")
    out, code = run_eval(gold, [texts], extractor=fake_extractor, require="officials=0.5")
    assert code == 0 and "officials" in out
    out, code = run_eval(
        gold, [texts], fmt="json", extractor=fake_extractor, require="officials=0.9"
    )
    assert code == 1
    data = json.loads(out)
    assert data["short"] == ["officials 0.667<0.9"]
    assert data["fields"]["officials"]["tp"] == 1
    with pytest.raises(InputError):
        run_eval(gold, [texts], fmt="xml", extractor=fake_extractor)


# ----------------------------------------------------------------- eval --errors


def test_document_errors_classify_side_names_lists_extra_and_meeting_fields():
    from delegraph.extract.evalerrors import document_errors

    text = (
        "Deputy Secretary Pavel Marsh met State Secretary Ingrid Fossum and Admiral Odd "
        "Lunde in Springfield on March 4. Topics were many."
    )
    gold = gold_doc()
    gold["officials"].append(
        {"name": "Odd Lunde", "country": "NO", "title": None, "agency": None, "roles": []}
    )
    pred = {
        "officials": [
            {"name": "Pavel Marsh", "country": "NO", "roles": ["co_chaired", "gave_remarks"]},
            {"name": "Fossum Ingrid", "country": "NO", "roles": ["led_delegation"]},
            {
                "name": "Springfield Topics",
                "country": "US",
                "roles": ["met_with"],
                "evidence": [{"start": text.index("Springfield"), "end": 0}],
            },
        ],
        "date": "2031-03-05",
        "countries": ["US", "NO"],
        "kind": "call",
    }
    errs = document_errors("d1", gold, pred, text)
    by = {}
    for e in errs:
        by.setdefault(e.cls, []).append(e)
    side = by["side"][0]
    assert (side.expected, side.found) == ("Pavel Q. Marsh (US)", "Pavel Marsh (NO)")
    assert side.sentence.startswith("Deputy Secretary Pavel Marsh met")
    assert by["names"][0].found == "Fossum Ingrid (NO)"
    assert by["lists"][0].expected == "Odd Lunde (NO)"  # named beside other participants
    assert by["extra"][0].found == "Springfield Topics (US)"
    assert (by["dates"][0].expected, by["dates"][0].found) == ("2031-03-04", "2031-03-05")
    assert by["kind"][0].kind == "wrong"
    assert by["location"][0].kind == "missed"
    assert "countries" not in by  # right
    assert {e.expected for e in by["agencies"]} >= {"Department of Lighthouses (US)"}


def test_run_eval_errors_lists_classes_in_table_and_json(tmp_path):
    from delegraph.extract.evaluate import run_eval

    gold = write_gold(tmp_path / "gold", {"r1": gold_doc()})
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "r1.txt").write_text("Ingrid Fossum met nobody.\n", encoding="utf-8")
    out, _ = run_eval(gold, [texts], extractor=fake_extractor, errors=True)
    assert "errors by class:" in out and "[names] 1" in out
    assert "expected 'Ingrid Fossum (NO)', found 'Ingrid Fossum met nobody. (NO)'" in out
    data = json.loads(run_eval(gold, [texts], fmt="json", extractor=fake_extractor, errors=True)[0])
    classes = {e["cls"] for e in data["fact_errors"]}
    assert {"names", "missed", "leaders", "agencies"} <= classes
    keys = {"doc", "cls", "kind", "expected", "found", "sentence"}
    assert all(keys <= set(e) for e in data["fact_errors"])


def test_eval_reports_precision_at_confidence_thresholds(tmp_path):
    from delegraph.extract.evaluate import run_eval

    gold = write_gold(tmp_path / "gold", {"r1": gold_doc()})
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "r1.txt").write_text(
        "Deputy Secretary of Lighthouses Pavel Marsh met with Norwegian State Secretary "
        "Ingrid Fossum in Springfield on March 4, 2031.\n",
        encoding="utf-8",
    )
    out, _ = run_eval(gold, [texts])
    assert "precision of officials and agencies at confidence >= t" in out
    data = json.loads(run_eval(gold, [texts], fmt="json")[0])
    buckets = data["by_confidence"]
    assert buckets["0.00"]["facts"] >= buckets["0.90"]["facts"]
    assert buckets["0.00"]["right"] >= 1
