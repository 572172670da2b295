"""The models on their own: what a valid value is, and what an editor is told when it is not."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from brief.model.brief import Brief, Side, Topic
from brief.model.fields import PartialDate
from brief.model.source import Point, Provenance, Source

POINT = {"id": "p1", "claim": {"en": "A claim.", "fr": "Une thèse."}, "quote": "Un passage."}


def test_partial_dates_parse_and_sort() -> None:
    day, month, year = PartialDate.parse("2025-08-15"), PartialDate.parse("2025-08"), PartialDate.parse(2025)
    assert (day.precision, month.precision, year.precision) == ("day", "month", "year")
    # a month or a year heads its period, as in a calendar (the timeline's order)
    assert sorted([year, month, day, PartialDate.parse("2025-07-31")]) == [
        year,
        PartialDate.parse("2025-07-31"),
        month,
        day,
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2025-02-30", "'2025-02-30' is not a real date"),
        ("15/08/2025", "expected a date as YYYY-MM-DD, YYYY-MM or YYYY, found '15/08/2025'"),
        (True, "found a true/false value (true)"),
    ],
)
def test_bad_dates_say_what_was_expected(value: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        PartialDate.parse(value)


def test_text_is_a_string_or_one_per_language() -> None:
    assert Point.model_validate(POINT).claim == {"en": "A claim.", "fr": "Une thèse."}
    assert Point.model_validate({**POINT, "claim": "Plain."}).claim == "Plain."
    with pytest.raises(ValidationError, match="'english' is not a language code"):
        Point.model_validate({**POINT, "claim": {"english": "A claim."}})
    with pytest.raises(ValidationError, match="text is empty"):
        Point.model_validate({**POINT, "claim": "  "})


def test_a_quote_is_at_most_thirty_words() -> None:
    with pytest.raises(ValidationError, match="a quote is at most 30 words; this one has 31"):
        Point.model_validate({**POINT, "quote": " ".join(["mot"] * 31)})
    assert Point.model_validate({**POINT, "quote": " ".join(["mot"] * 30)})


def test_unknown_keys_are_refused() -> None:
    with pytest.raises(ValidationError, match=r"extra_forbidden|Extra inputs"):
        Provenance.model_validate({"language": "fr", "kind": "opinion", "autor": "X"})


def test_provenance_never_needs_what_the_article_does_not_state() -> None:
    prov = Provenance.model_validate({"language": "fr", "kind": "analysis"})
    assert (prov.title, prov.outlet, prov.author, prov.published, prov.url) == (None, None, None, None, None)
    with pytest.raises(ValidationError):
        Provenance.model_validate({"language": "fr", "kind": "analysis", "url": "not a url"})


def test_a_brief_has_two_to_four_sides() -> None:
    side = {"id": "a", "label": "A", "source": "a"}
    base = {"title": "T", "question": "Q?", "editor": "E", "as_of": "2026-01-01", "topics": [], "sides": [side]}
    with pytest.raises(ValidationError, match="at least 2 items"):
        Brief.model_validate(base)
    with pytest.raises(ValidationError, match="at most 4 items"):
        Brief.model_validate({**base, "sides": [side] * 5})


def test_a_side_names_its_sources_one_way() -> None:
    base = {"id": "a", "label": "A"}
    assert Side.model_validate({**base, "source": "x"}).source_ids == ["x"]
    assert Side.model_validate({**base, "sources": ["x", "y"]}).source_ids == ["x", "y"]
    with pytest.raises(ValidationError, match="not both"):
        Side.model_validate({**base, "source": "x", "sources": ["y"]})
    with pytest.raises(ValidationError, match="missing key 'sources'"):
        Side.model_validate(base)
    with pytest.raises(ValidationError, match="at most 3 items"):
        Side.model_validate({**base, "sources": ["w", "x", "y", "z"]})


def test_a_stance_is_at_most_thirty_words() -> None:
    words = " ".join(["word"] * 31)
    with pytest.raises(ValidationError, match="at most 30 words; this one has 31"):
        Topic.model_validate({"id": "t", "label": "T", "crux": "C?", "stances": {"a": {"en": words}}})


def test_every_field_is_described() -> None:
    for model in (Source, Brief):
        for name, schema in _properties(model.model_json_schema()):
            assert schema.get("description"), f"{model.__name__}: {name} has no description"


def _properties(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    out = list(schema.get("properties", {}).items())
    for definition in schema.get("$defs", {}).values():
        out += list(definition.get("properties", {}).items())
    return out
