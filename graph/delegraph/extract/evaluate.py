"""Score extractor output against hand-made gold annotations (``delegraph eval``).

Per-field precision/recall/F1 (officials, roles, agencies, parents, leaders; micro-averaged
over documents) and accuracies (date, location, kind, countries, titles). The matching rules
are those of the shared corpus's ``score.py`` so figures are comparable: names lose
honorifics and middle initials, a first name may be a prefix of the other (Jen/Jennifer),
agency names lose country prefixes, a location may be a word-prefix of the other, and null
gold values are not scored.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..output import output_folder
from ..records import Readout
from .matching import agency_key, normalise, person_key, same_person

FIELDS = ("officials", "roles", "agencies", "parents", "leaders")
ACCURACIES = ("date", "location", "kind", "countries", "titles")

Pred = dict[str, Any]
Extractor = Callable[[Readout], Any]


# --------------------------------------------------------------------------- counters


@dataclass
class FieldScore:
    """True/false positives and false negatives of one set-valued field."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def match(self, gold: Iterable[tuple], predicted: Iterable[tuple], same=None) -> None:
        """Pair each prediction, in order, with the first unpaired gold item it equals."""
        same = same or (lambda g, p: g == p)
        free = list(gold)
        taken = [False] * len(free)
        for item in predicted:
            for i, g in enumerate(free):
                if not taken[i] and same(g, item):
                    taken[i] = True
                    self.tp += 1
                    break
            else:
                self.fp += 1
        self.fn += taken.count(False)


@dataclass
class Accuracy:
    """Correct out of scored (documents or officials with a non-null gold value)."""

    correct: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.correct / self.total if self.total else 1.0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.correct += int(ok)


@dataclass
class Report:
    """Scores of one evaluation run; ``missing`` lists gold ids with no usable prediction."""

    fields: dict[str, FieldScore] = field(default_factory=lambda: {k: FieldScore() for k in FIELDS})
    accuracy: dict[str, Accuracy] = field(
        default_factory=lambda: {k: Accuracy() for k in ACCURACIES}
    )
    missing: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)  # id -> extractor error message
    documents: int = 0
    fact_errors: list | None = None  # evalerrors.FactError items, when asked for
    # confidence threshold -> [right, all] officials and agencies at or above it
    by_confidence: dict[float, list[int]] = field(default_factory=dict)

    def value(self, name: str) -> float:
        """F1 of a field or an accuracy, by name (for ``--require``)."""
        if name in self.fields:
            return self.fields[name].f1
        if name in self.accuracy:
            return self.accuracy[name].value
        known = ", ".join(FIELDS + ACCURACIES)
        raise InputError(f"unknown metric {name!r}; known: {known}")

    def shortfalls(self, require: Mapping[str, float]) -> list[str]:
        """``"name have<need"`` for every required minimum that is not met."""
        out = []
        for name, need in require.items():
            have = self.value(name)
            if have < need:
                out.append(f"{name} {have:.3f}<{need}")
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "fields": {
                k: {
                    "precision": round(v.precision, 4),
                    "recall": round(v.recall, 4),
                    "f1": round(v.f1, 4),
                    "tp": v.tp,
                    "fp": v.fp,
                    "fn": v.fn,
                }
                for k, v in self.fields.items()
            },
            "accuracy": {
                k: {"value": round(v.value, 4), "correct": v.correct, "total": v.total}
                for k, v in self.accuracy.items()
            },
            "by_confidence": {
                f"{t:.2f}": {"right": ok, "facts": n, "precision": round(ok / n, 4) if n else None}
                for t, (ok, n) in sorted(self.by_confidence.items())
            },
            "missing": list(self.missing),
            "errors": dict(self.errors),
        }

    def format_table(self) -> str:
        lines = [f"{'field':<12}{'P':>7}{'R':>7}{'F1':>7}   (tp/fp/fn)"]
        for k, v in self.fields.items():
            lines.append(
                f"{k:<12}{v.precision:7.3f}{v.recall:7.3f}{v.f1:7.3f}   ({v.tp}/{v.fp}/{v.fn})"
            )
        lines.append(f"{'accuracy':<12}{'':>14}{'':>7}")
        for k, a in self.accuracy.items():
            lines.append(f"{k:<12}{a.value:21.3f}   ({a.correct}/{a.total})")
        lines.append(f"documents   {self.documents}")
        if self.by_confidence:
            lines.append("precision of officials and agencies at confidence >= t")
            for t, (ok, n) in sorted(self.by_confidence.items()):
                p = f"{ok / n:.3f}" if n else "  -  "
                lines.append(f"  t={t:.2f}  {p}  ({ok}/{n} facts)")
        if self.missing:
            lines.append("no prediction for: " + " ".join(self.missing))
        for rid, msg in self.errors.items():
            lines.append(f"extractor error on {rid}: {msg}")
        return "\n".join(lines)


# --------------------------------------------------------------------------- scoring


def _list(value: object) -> list:
    return list(value) if isinstance(value, list | tuple) else []


def _people_pairs(kinds: tuple[str, ...]):
    def same(g: tuple, p: tuple) -> bool:
        return all(
            same_person(x, y) if k == "person" else x == y
            for k, x, y in zip(kinds, g, p, strict=True)
        )

    return same


def score_document(report: Report, gold: Mapping[str, Any], pred: Mapping[str, Any]) -> None:
    """Add one document's gold/prediction comparison to ``report``."""
    report.documents += 1
    meeting = pred.get("meeting", pred)
    if not isinstance(meeting, Mapping):
        meeting = {}
    g_off = _list(gold.get("officials"))
    p_off = [o for o in _list(pred.get("officials")) if isinstance(o, Mapping)]
    g_ag = _list(gold.get("agencies"))
    p_ag = [a for a in _list(pred.get("agencies")) if isinstance(a, Mapping)]
    f = report.fields
    f["officials"].match(
        [(person_key(o["name"]), o.get("country")) for o in g_off],
        [(person_key(o.get("name")), o.get("country")) for o in p_off],
        _people_pairs(("person", "code")),
    )
    f["roles"].match(
        [(person_key(o["name"]), r) for o in g_off for r in _list(o.get("roles"))],
        [(person_key(o.get("name")), r) for o in p_off for r in _list(o.get("roles"))],
        _people_pairs(("person", "role")),
    )
    f["agencies"].match(
        [(agency_key(a["name"]), a.get("country")) for a in g_ag],
        [(agency_key(a.get("name")), a.get("country")) for a in p_ag],
    )
    f["parents"].match(
        [(agency_key(a["name"]), agency_key(a["parent"])) for a in g_ag if a.get("parent")],
        [(agency_key(a.get("name")), agency_key(a.get("parent"))) for a in p_ag if a.get("parent")],
    )
    f["leaders"].match(
        [
            (d["country"], person_key(n))
            for d in _list(gold.get("delegations"))
            for n in _list(d.get("led_by"))
        ],
        [
            (d.get("country"), person_key(n))
            for d in _list(pred.get("delegations"))
            if isinstance(d, Mapping)
            for n in _list(d.get("led_by"))
        ],
        _people_pairs(("code", "person")),
    )

    g_loc, p_loc = normalise(gold.get("location")), normalise(meeting.get("location"))
    if g_loc and p_loc and (p_loc.startswith(g_loc + " ") or g_loc.startswith(p_loc + " ")):
        p_loc = g_loc  # "Washington" and "Washington, DC" name the same place
    p_countries = meeting.get("countries") or pred.get("countries") or []
    acc = report.accuracy
    for name, g, p in (
        ("date", gold.get("date"), meeting.get("date")),
        ("location", g_loc, p_loc),
        ("kind", gold.get("kind"), meeting.get("kind")),
        ("countries", sorted(_list(gold.get("countries"))), sorted(_list(p_countries))),
    ):
        if g:
            acc[name].add(g == p)
    for o in g_off:
        if not o.get("title"):
            continue
        key = person_key(o["name"])
        hit = next((p for p in p_off if same_person(key, person_key(p.get("name")))), None)
        acc["titles"].add(hit is not None and normalise(hit.get("title")) == normalise(o["title"]))


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: cannot read gold JSON ({exc})") from None


def load_gold(gold_dir: Path) -> dict[str, dict[str, Any]]:
    """``{id: annotation}`` for every ``*.json`` in ``gold_dir`` (sorted by file name)."""
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise InputError(f"{gold_dir}: gold folder not found")
    gold = {p.stem: _read_json(p) for p in sorted(gold_dir.glob("*.json"))}
    if not gold:
        raise InputError(f"{gold_dir}: no gold *.json files")
    return gold


THRESHOLDS = (0.0, 0.5, 0.7, 0.8, 0.9)


def score(gold: Mapping[str, Mapping[str, Any]], predictions: Mapping[str, Pred | None]) -> Report:
    """Score ``predictions`` (``None`` = missing) against ``gold``, both keyed by id."""
    report = Report()
    for rid, annotation in gold.items():
        pred = predictions.get(rid)
        if not isinstance(pred, Mapping):
            report.missing.append(rid)
            pred = {}
        score_document(report, annotation, pred)
        _confidence_buckets(report, annotation, pred)
    return report


def _confidence_buckets(report: Report, gold: Mapping[str, Any], pred: Mapping[str, Any]) -> None:
    """Count, per threshold, the predicted officials and agencies at or above it and how
    many of them the gold has (predictions without evidence are left out)."""
    from ..records import Extraction
    from .confidence import agency_confidence, official_confidence

    if not any(o.get("evidence") for o in _list(pred.get("officials")) if isinstance(o, Mapping)):
        return
    try:
        ex = Extraction.from_json(dict(pred))
    except (TypeError, KeyError, ValueError):
        return
    g_off = [(person_key(o["name"]), o.get("country")) for o in _list(gold.get("officials"))]
    g_ag = {(agency_key(a["name"]), a.get("country")) for a in _list(gold.get("agencies"))}
    facts = [
        (
            official_confidence(o),
            any(same_person(k, person_key(o.name)) and c == o.country for k, c in g_off),
        )
        for o in ex.officials
    ] + [(agency_confidence(a), (agency_key(a.name), a.country) in g_ag) for a in ex.agencies]
    for t in THRESHOLDS:
        bucket = report.by_confidence.setdefault(t, [0, 0])
        for conf, ok in facts:
            if conf >= t:
                bucket[0] += int(ok)
                bucket[1] += 1


def read_predictions(pred_dir: Path, ids: Iterable[str]) -> dict[str, Pred | None]:
    """Prediction JSON per id from ``pred_dir``; unreadable or absent files give ``None``."""
    out: dict[str, Pred | None] = {}
    for rid in ids:
        path = Path(pred_dir) / f"{rid}.json"
        try:
            raw = path.read_text(encoding="utf-8")
            out[rid] = json.loads(raw or "{}")  # an empty file is an empty prediction
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            out[rid] = None
    return out


def score_predictions(gold_dir: Path, pred_dir: Path) -> Report:
    """Score a folder of saved predictions (what ``score.py GOLD PRED`` does)."""
    gold = load_gold(gold_dir)
    return score(gold, read_predictions(pred_dir, gold))


def write_predictions(predictions: Mapping[str, Pred | None], out_dir: Path) -> int:
    """Write ``<id>.json`` per prediction (skipping ``None``); returns how many were written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    n = 0
    for rid, pred in predictions.items():
        if pred is None:
            continue
        text = json.dumps(pred, ensure_ascii=False, indent=1, sort_keys=True)
        (out_dir / f"{rid}.json").write_text(text + "\n", encoding="utf-8")
        n += 1
    return n


# --------------------------------------------------------------------------- texts


def _text_readout(path: Path) -> Readout:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read text ({exc})") from None
    meta: dict[str, Any] = {}
    for sidecar in (path.with_suffix(".json"), path.with_name(path.stem + ".meta.json")):
        if sidecar.exists():
            data = _read_json(sidecar)
            if isinstance(data, dict):
                meta = data
            break
    return Readout(
        id=path.stem,
        text=text,
        title=meta.get("title"),
        published=meta.get("published"),
        source_url=meta.get("source_url") or meta.get("url"),
        publisher=meta.get("publisher"),
        path=str(path),
    )


def _jsonl_readouts(path: Path, wanted: set[str] | None) -> Iterator[Readout]:
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot open ({exc.strerror})") from None
    with handle:
        for lineno, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{lineno}: invalid JSON ({exc.msg})") from None
            rid = str(rec.get("id") or "")
            if not rid or (wanted is not None and rid not in wanted):
                continue
            yield Readout(
                id=rid,
                text=rec.get("text") or "",
                title=rec.get("title"),
                published=rec.get("published"),
                source_url=rec.get("url") or rec.get("source_url"),
                publisher=rec.get("publisher") or rec.get("source"),
                path=f"{path}:{lineno}",
            )


def load_texts(
    texts: Path | Iterable[Path], wanted: Iterable[str] | None = None
) -> dict[str, Readout]:
    """Readouts by id from a folder of ``<id>.txt`` (optional ``<id>.json`` sidecar with
    published/source_url/title) or from ``.jsonl`` files of ``{id, text, published, url,
    title}``; only ids in ``wanted`` when given."""
    paths = [Path(texts)] if isinstance(texts, str | Path) else [Path(p) for p in texts]
    want = set(wanted) if wanted is not None else None
    found: dict[str, Readout] = {}
    for p in paths:
        if p.is_dir():
            for txt in sorted(p.glob("*.txt")):
                if want is None or txt.stem in want:
                    found[txt.stem] = _text_readout(txt)
        elif p.suffix == ".jsonl":
            for r in _jsonl_readouts(p, want):
                found.setdefault(r.id, r)
        elif p.suffix == ".txt" and p.exists():
            found[p.stem] = _text_readout(p)
        else:
            raise InputError(f"{p}: expected a folder of .txt files or a .jsonl file")
    return found


# --------------------------------------------------------------------------- running


def as_prediction(result: Any) -> Pred:
    """The extractor's result as the ``extract --format json`` dict."""
    if isinstance(result, Mapping):
        return dict(result)
    to_json = getattr(result, "to_json", None)
    if callable(to_json):
        return to_json()
    raise TypeError(f"extractor returned {type(result).__name__}, not a dict or record")


def default_extractor() -> Extractor:
    from .core import extract  # imported late: the extractor is heavier than the scorer

    return extract


def predict(
    readouts: Mapping[str, Readout], ids: Iterable[str], extractor: Extractor
) -> tuple[dict[str, Pred | None], dict[str, str]]:
    """Run ``extractor`` on each wanted readout; absent texts and failures give ``None``."""
    preds: dict[str, Pred | None] = {}
    errors: dict[str, str] = {}
    for rid in ids:
        readout = readouts.get(rid)
        if readout is None:
            preds[rid] = None
            continue
        try:
            preds[rid] = as_prediction(extractor(readout))
        except Exception as exc:  # noqa: BLE001 - one bad document must not stop the run
            preds[rid] = None
            errors[rid] = f"{type(exc).__name__}: {exc}"
    return preds, errors


def evaluate(
    gold_dir: Path,
    texts: Path | list[Path],
    extractor: Extractor | None = None,
    predictions_dir: Path | None = None,
    with_errors: bool = False,
) -> Report:
    """Extract every gold document's text and score it; optionally save the predictions
    and list every missed, extra or wrong fact (``report.fact_errors``).

    >>> report = evaluate(Path("dev-gold"), Path("corpus.jsonl"))   # doctest: +SKIP
    >>> report.fields["officials"].f1                               # doctest: +SKIP
    """
    gold = load_gold(gold_dir)
    readouts = load_texts(texts, wanted=gold)
    preds, errors = predict(readouts, gold, extractor or default_extractor())
    if predictions_dir is not None:
        write_predictions(preds, predictions_dir)
    report = score(gold, preds)
    report.errors = errors
    if with_errors:
        from .evalerrors import list_errors  # it uses this module's matching rules

        report.fact_errors = list_errors(gold, preds, readouts)
    return report


def parse_require(spec: str | None) -> dict[str, float]:
    """``"officials=0.95,roles=0.9"`` → ``{"officials": 0.95, "roles": 0.9}``."""
    out: dict[str, float] = {}
    for part in (spec or "").split(","):
        if not part.strip():
            continue
        name, sep, value = part.partition("=")
        name = name.strip()
        if not sep or name not in FIELDS + ACCURACIES:
            raise InputError(f"--require: expected metric=min with a known metric, got {part!r}")
        try:
            out[name] = float(value)
        except ValueError:
            raise InputError(f"--require: {value!r} is not a number") from None
    return out


def run_eval(
    gold_dir: Path,
    texts: list[Path],
    predictions_dir: Path | None = None,
    fmt: str = "table",
    require: str | None = None,
    extractor: Extractor | None = None,
    errors: bool = False,
) -> tuple[str, int]:
    """What ``delegraph eval`` prints and its exit code (1 when a ``--require`` minimum
    is missed, else 0); bad input raises ``InputError`` (exit 2)."""
    needs = parse_require(require)
    if predictions_dir is not None:
        predictions_dir = output_folder(predictions_dir)  # before the extraction, not after
    report = evaluate(
        gold_dir,
        texts,
        extractor=extractor,
        predictions_dir=predictions_dir,
        with_errors=errors,
    )
    short = report.shortfalls(needs)
    if fmt == "json":
        data = report.to_json()
        data["require"] = needs
        data["short"] = short
        if errors:
            from .evalerrors import errors_json

            data["fact_errors"] = errors_json(report.fact_errors or [])
        out = json.dumps(data, indent=2, ensure_ascii=False)
    elif fmt == "table":
        out = report.format_table()
        if short:
            out += "\nshort: " + ", ".join(short)
        if errors:
            from .evalerrors import format_errors

            out += "\n\n" + format_errors(report.fact_errors or [])
    else:
        raise InputError(f"unknown format {fmt!r}; use table or json")
    return out, 1 if short else 0
