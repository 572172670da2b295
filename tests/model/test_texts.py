"""An article's text and where a quote sits in it: the quote spelled as the article wrote it."""

from __future__ import annotations

from pathlib import Path

import pytest

from brief.errors import BriefError
from brief.model.texts import Article, Folded, as_written, read_article, spans, workspace_articles


def article(text: str) -> Article:
    return Article(Path("t.txt"), text, Folded.of(text))


@pytest.mark.parametrize(
    ("text", "quote", "printed"),
    [
        # the article's straight marks, whatever the quote typed
        ('He said: "we can\'t wait" and left.', "\u201cwe can\u2019t wait\u201d", '"we can\'t wait"'),
        # the article's curly apostrophe and guillemets, the quote typed on a keyboard
        ("Le débit n\u2019a « jamais » baissé.", 'n\'a "jamais" baissé', "n\u2019a « jamais » baissé"),
        ("Le débit n'a jamais baissé.", "n\u2019a jamais", "n'a jamais"),
        # an em dash where the quote typed a hyphen
        ("réagir \u2014 vite", "réagir - vite", "réagir \u2014 vite"),
        # a line break inside the passage prints as one space, a soft hyphen not at all
        (
            "The salmon cannot\nclimb a wall of con\u00adcrete.",
            "cannot climb a wall of concrete",
            "cannot climb a wall of concrete",
        ),
        ("deux  \n\t espaces", "deux espaces", "deux espaces"),
        # a no-break space alone stays; one beside other spaces is a run like any other
        ("vite\u00a0: « non »", "vite : « non »", "vite\u00a0: « non »"),
        ("vite \u00a0: non", "vite : non", "vite : non"),
        ("durable\u202f?", "durable ?", "durable\u202f?"),
        # a cut keeps the quote's own mark, as the quote writes it
        (
            "L\u2019Union a dû réagir vite, sans attendre.",
            "L'Union […] sans attendre.",
            "L\u2019Union […] sans attendre.",
        ),
        (
            "L\u2019Union a dû réagir vite, sans attendre.",
            "L'Union [...] sans attendre",
            "L\u2019Union [...] sans attendre",
        ),
        ("a b c d", "[…] b […] d", "[…] b […] d"),
    ],
)
def test_a_verbatim_quote_is_spelled_as_its_article_wrote_it(text: str, quote: str, printed: str) -> None:
    assert as_written(quote, article(text)) == printed


@pytest.mark.parametrize(
    "quote",
    [
        "the salmon cannot climb",  # a letter's case
        "cannot climb a wal",  # a word cut short
        "concrete [...] The salmon",  # pieces out of order
        "[…]",  # nothing but a cut
        "\u00ad",  # nothing but an invisible character
    ],
)
def test_a_quote_not_in_its_article_has_no_spelling_of_its_own(quote: str) -> None:
    assert as_written(quote, article("The salmon cannot climb a wall of concrete.")) is None


def test_letters_never_change() -> None:
    text = "« Il n\u2019a pas dit \u2014 jamais \u2014 qu\u2019il viendrait », écrit-il."
    quote = "Il n'a pas dit - jamais - qu'il viendrait"
    printed = as_written(quote, article(text))
    assert printed == "Il n\u2019a pas dit \u2014 jamais \u2014 qu\u2019il viendrait"
    assert [c for c in printed if c.isalnum()] == [c for c in quote if c.isalnum()]


def test_spans_point_into_the_original_text_past_invisible_characters() -> None:
    text = "con\u00adcrete\u200b walls and \ufefffish"
    found = spans("walls and fish", article(text))
    assert found is not None
    ((start, end),) = found
    assert text[start:end] == "walls and \ufefffish"
    folded = Folded.of(text)
    assert all(text[i] == c for i, c in zip(folded.origin, folded.text, strict=True) if c != " ")


def test_an_article_is_read_once_while_its_bytes_stay_the_same(tmp_path: Path) -> None:
    file = tmp_path / "left.txt"
    file.write_text("The salmon can't climb.", encoding="utf-8")
    first = read_article(file)
    assert read_article(file) is first
    file.write_text("The salmon can\u2019t climb.", encoding="utf-8")
    again = read_article(file)
    assert again is not first and again.original == "The salmon can\u2019t climb."


def test_a_workspace_gives_the_texts_it_has_and_the_problems_of_those_it_cannot_read(tmp_path: Path) -> None:
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "left.txt").write_text("Left.", encoding="utf-8")
    (tmp_path / "texts" / "right.txt").write_bytes(b"Right.\n\xff\xfe")
    (tmp_path / "texts" / "folder.txt").mkdir()
    articles, problems = workspace_articles(tmp_path, ["left", "right", "folder", "none"])
    assert list(articles) == ["left"] and articles["left"].original == "Left."
    assert [(p.file.name, p.line) for p in problems] == [("right.txt", 2), ("folder.txt", 1)]
    assert "not UTF-8" in problems[0].message and "folder" in problems[1].message
    assert workspace_articles(tmp_path / "elsewhere", ["left"]) == ({}, [])
    with pytest.raises(BriefError):
        read_article(tmp_path / "texts" / "right.txt")
