"""How much of the curated sample and of our own articles `brief draft` finds on its own (figures go in the docs).

Reads the sample articles from ../shared/articles (third-party texts, never in the repo) and
the curated summaries from sources/. For each article: the dated events of the summary the
draft finds (same date, as precise), the named experts it finds with their roles (the
curated role in the article's language, most of its words), and the curated quotes (a
point's quote or an open question's) that a suggested quote overlaps by most of their words.

Then our own articles in tests/data/draft/ (one English, one French, written in the forms news
writing uses), against tests/data/draft/expected.json: every named expert with their role,
every unnamed source, every dated event, and the people and dates the draft invents.

    .venv/bin/python bench/draft_recall.py [--quotes N] [--articles DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from brief.commands.draft import draft, overlap  # noqa: E402
from brief.commands.draft_text import DEFAULT_QUOTES  # noqa: E402
from brief.model.load import load_source  # noqa: E402
from brief.model.source import ExpertKind, Source  # noqa: E402


def text_in(value: object, lang: str) -> str:
    return value.get(lang, "") if isinstance(value, dict) else str(value or "")


def curated_quotes(source: Source) -> list[str]:
    return [p.quote for p in source.points] + [q.quote for q in source.open_questions if q.quote]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quotes", type=int, default=DEFAULT_QUOTES, help="quotes suggested per article")
    parser.add_argument("--articles", type=Path, default=ROOT.parent / "shared" / "articles")
    parser.add_argument("--verbose", "-v", action="store_true", help="list what was missed")
    args = parser.parse_args()

    totals = {"events": [0, 0], "experts": [0, 0], "quotes": [0, 0]}
    for text_file in sorted(args.articles.glob("*.txt")):
        source_file = ROOT / "sources" / f"{text_file.stem}.yaml"
        if not source_file.is_file():
            continue
        source = load_source(source_file).model
        lang = source.provenance.language
        text = text_file.read_text(encoding="utf-8")
        started = time.perf_counter()
        published = source.provenance.published.iso() if source.provenance.published else None
        result = draft(text, language=lang, published=published, quotes=args.quotes)
        seconds = time.perf_counter() - started

        suggested_dates = {e.date for e in result.events}
        events = [e.date.iso() for e in source.events]
        events_found = [d for d in events if d in suggested_dates]

        experts = [e for e in source.experts if e.kind == ExpertKind.named]
        experts_found = []
        for expert in experts:
            name, role = text_in(expert.name, lang), text_in(expert.role, lang)
            person = next((p for p in result.people if p.name == name), None)
            if person and (not role or (person.role and overlap(person.role, role) > 0.5)):
                experts_found.append(name)

        quotes = curated_quotes(source)
        quotes_found = [q for q in quotes if any(overlap(c.text, q) > 0.5 for c in result.quotes)]

        print(f"{text_file.stem} ({lang}, {len(text.split())} words, draft in {seconds:.1f} s):")
        print(f"  dated events found:      {len(events_found)} of {len(events)}  ({', '.join(events) or 'none'})")
        print(f"  named experts with role: {len(experts_found)} of {len(experts)}")
        print(f"  curated quotes found:    {len(quotes_found)} of {len(quotes)} with {len(result.quotes)} suggested")
        if args.verbose:
            for d in events:
                if d not in events_found:
                    print(f"    missed event {d}")
            for q in quotes:
                if q not in quotes_found:
                    print(f"    missed quote: {q}")
            for p in result.people:
                print(f"    person: {p.name} ({p.role})")
            for c in result.quotes:
                print(f"    suggested: {c.text}")
        for key, found, wanted in (
            ("events", events_found, events),
            ("experts", experts_found, experts),
            ("quotes", quotes_found, quotes),
        ):
            totals[key][0] += len(found)
            totals[key][1] += len(wanted)

    for key, (found, wanted) in totals.items():
        share = f" ({100 * found / wanted:.0f} %)" if wanted else ""
        print(f"total {key}: {found} of {wanted}{share}")
    print()
    own_articles(args.verbose)
    return 0


def own_articles(verbose: bool) -> None:
    """Our own English and French articles, against what a person finds in them."""
    folder = ROOT / "tests" / "data" / "draft"
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    for name, want in expected.items():
        text = (folder / name).read_text(encoding="utf-8")
        started = time.perf_counter()
        result = draft(text, language=want["language"], published=want["published"])
        seconds = time.perf_counter() - started
        people = {p.name: p.role for p in result.people}
        experts = [n for n, role in want["experts"].items() if people.get(n) and overlap(people[n], role) > 0.5]
        sources = {s.text for s in result.sources}
        unnamed = [u for u in want["unnamed"] if u in sources]
        dates = {e.date for e in result.events}
        events = [d for d in want["events"] if d in dates]
        false_people = sorted(set(people) - set(want["experts"]) - set(want["also_people"]))
        false_dates = sorted(dates - set(want["events"]))
        questions = [q.text for q in result.quotes if q.text.endswith("?")]
        print(f"{name} ({want['language']}, {len(text.split())} words, draft in {seconds:.1f} s):")
        print(f"  named experts with role: {len(experts)} of {len(want['experts'])}")
        print(f"  unnamed sources:         {len(unnamed)} of {len(want['unnamed'])}")
        print(f"  dated events:            {len(events)} of {len(want['events'])}")
        print(f"  questions suggested:     {len(questions)} for {want['questions']} asked")
        print(f"  false people: {', '.join(false_people) or 'none'}; false dates: {', '.join(false_dates) or 'none'}")
        if verbose:
            for n, role in people.items():
                print(f"    person: {n} ({role})")
            for s in result.sources:
                print(f"    source: {s.text} ({s.kind})")


if __name__ == "__main__":
    raise SystemExit(main())
