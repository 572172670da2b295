"""Typography by language: characters change, markup never appears, quotes keep their words."""

from __future__ import annotations

import pytest
from hypothesis import example, given, strategies as st

from brief.theme.typography import NBSP, NNBSP, typeset


@pytest.mark.parametrize(
    ("written", "printed"),
    [
        ("Trump et Poutine : admiration ou calcul ?", f"Trump et Poutine{NNBSP}: admiration ou calcul{NNBSP}?"),
        ("deux textes ; un débat !", f"deux textes{NNBSP}; un débat{NNBSP}!"),
        ("Note: voir", f"Note{NNBSP}: voir"),  # the missing space is added
        ('le "ballet" ', f"le «{NBSP}ballet{NBSP}» "),
        ("la « bromance » de l'été", f"la «{NBSP}bromance{NBSP}» de l’été"),
        ("quoi ?!", f"quoi{NNBSP}?!"),
        ("https://example.org/a?b=1 à 10:30", "https://example.org/a?b=1 à 10:30"),
    ],
)
def test_french(written: str, printed: str) -> None:
    assert typeset(written, "fr") == printed


@pytest.mark.parametrize(
    ("written", "printed"),
    [
        ('Trump\'s "plan"', "Trump’s “plan”"),
        ("('quoted') and \"this\"", "(‘quoted’) and “this”"),
        ("the « bromance » was dented", "the “bromance” was dented"),
        ("Crux: who? Why!", "Crux: who? Why!"),
    ],
)
def test_english(written: str, printed: str) -> None:
    assert typeset(written, "en") == printed


def test_verbatim_quotes_keep_every_letter_and_take_the_editions_marks() -> None:
    quote = "Pouvons-nous croire à une alliance durable ?"
    assert typeset(quote, "fr", verbatim=True) == f"Pouvons-nous croire à une alliance durable{NNBSP}?"
    assert typeset("durable?", "fr", verbatim=True) == "durable?"  # never a space the author did not write
    # a quote typed with a keyboard's straight marks prints with the edition's
    assert typeset("l'alliance", "fr", verbatim=True) == "l\u2019alliance"
    assert typeset('vite : "sans attendre"', "fr", verbatim=True) == f"vite{NNBSP}: «{NBSP}sans attendre{NBSP}»"
    assert (
        typeset('it "will" cost what it\'s worth', "en", verbatim=True)
        == "it \u201cwill\u201d cost what it\u2019s worth"
    )
    assert typeset("durable  ?", "fr", verbatim=True) == f"durable {NNBSP}?"
    assert typeset("durable  ?", "fr") == f"durable{NNBSP}?"


def test_a_quote_as_its_article_wrote_it_keeps_its_marks_and_only_its_spaces_change() -> None:
    # the article's straight marks stay straight, its curly ones curly: nothing takes the edition's form
    assert typeset('it "will" cost what it\'s worth', "en", as_written=True) == 'it "will" cost what it\'s worth'
    assert typeset("l'alliance n\u2019a", "fr", as_written=True) == "l'alliance n\u2019a"
    assert typeset('vite : "sans attendre"', "fr", as_written=True) == f'vite{NNBSP}: "sans attendre"'
    # an existing space changes kind as the language wants; none is added
    assert typeset("vite : « sans attendre »", "fr", as_written=True) == f"vite{NNBSP}: «{NBSP}sans attendre{NBSP}»"
    assert typeset("«vite»", "fr", as_written=True) == "«vite»"
    assert typeset("the « bromance »", "en", as_written=True) == f"the «{NBSP}bromance{NBSP}»"


@given(st.text(max_size=80), st.sampled_from(["en", "fr"]))
def test_as_written_changes_only_the_kind_of_a_space(text: str, lang: str) -> None:
    out = typeset(text, lang, as_written=True)
    fold = str.maketrans({NBSP: " ", NNBSP: " ", "\t": " "})
    assert out.translate(fold) == text.translate(fold)
    assert typeset(out, lang, as_written=True) == out


def test_a_language_without_rules_is_left_alone() -> None:
    assert typeset('Ein "Zitat" : ja ?', "de") == 'Ein "Zitat" : ja ?'


@given(st.text(max_size=80), st.sampled_from(["en", "fr"]), st.booleans())
@example("a\t»", "fr", True)  # a tab before » is a space whose kind changes, like any other
def test_only_quotes_and_spaces_ever_change(text: str, lang: str, verbatim: bool) -> None:
    out = typeset(text, lang, verbatim=verbatim)
    # never markup: no character that HTML gives a meaning to appears that was not there
    for special in "<>&":
        assert out.count(special) == text.count(special)
    spaces = " \t" + NBSP + NNBSP
    quotes = "'\"«»“”‘’"
    strip = str.maketrans("", "", spaces + quotes)
    assert out.translate(strip) == text.translate(strip)
    if verbatim and not set("'\"") & set(text):  # a keyboard's straight marks take the edition's form
        fold = str.maketrans({NBSP: " ", NNBSP: " ", "\t": " "})
        assert out.translate(fold) == text.translate(fold)
    assert typeset(out, lang, verbatim=verbatim) == out  # idempotent: typesetting twice changes nothing
