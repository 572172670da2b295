"""Quote verification: verbatim up to typing and typesetting, located failures, the real CLI."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from brief.commands.quotes import Article, Folded, find, verify
from brief.model.load import load_source
from brief.model.texts import read_article
from tests.helpers import invoke
from tests.workspaces import ROOT, mini

TEXTS = ROOT / "tests" / "data" / "texts"


@pytest.fixture(scope="module")
def article() -> Article:
    return read_article(TEXTS / "left.txt")


@pytest.mark.parametrize(
    "quote",
    [
        # straight apostrophe, hyphen for the em dash, no space before the colon, straight quotes
        'L\'Union européenne a dû réagir - vite: "sans attendre" les États-Unis.',
        # the same with the article's own typography
        "L\u2019Union européenne a dû réagir \u2014 vite : « sans attendre » les États\u2011Unis.",
        # spread over the article's line break, with extra spaces
        "Les dirigeants forts comme Poutine   fascinent certains responsables",
        # a cut joining two verbatim pieces, in order, in either spelling
        "L\u2019Union européenne a dû réagir [\u2026] les États-Unis.",
        "Les dirigeants forts [...] influence leur politique étrangère.",
        "Pouvons-nous croire à une alliance durable entre ces deux leaders ?",
        # a soft hyphen left over from a web page
        "ce qui influence leur poli\u00adtique étrangère.",
    ],
)
def test_verbatim_quotes_pass(article: Article, quote: str) -> None:
    assert find(quote, article) is None


def test_one_word_changed_is_caught_with_the_closest_passage(article: Article) -> None:
    wrong = find("Les dirigeants forts comme Staline fascinent certains responsables", article)
    assert wrong is not None
    assert "closest passage" in wrong
    assert "\u201cLes dirigeants forts comme Poutine fascinent certains responsables\u201d" in wrong
    assert "the quote has 'Staline' where the text has 'Poutine'" in wrong


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        ("Les dirigeants fort comme", "the quote has 'fort' where the text has 'forts'"),  # a cut word
        ("ce qui influence leur politique", None),  # control: a true quote
        ("les dirigeants forts comme Poutine", "the quote has 'les' where the text has 'Les'"),  # letter case
        ("L\u2019Union européenne a du réagir", "the quote has 'du' where the text has 'dû'"),  # an accent
        (
            "Les dirigeants forts comme Poutine, fascinent",
            "the quote has ',' after 'forts comme Poutine', which the text",
        ),
        ("ce qui influence [\u2026] Les dirigeants forts", "comes before the part preceding it"),
        ("Les dirigeants forts [\u2026] leur politique intérieure", "part 2 of 2"),
        ("[\u2026]", "nothing but an ellipsis"),
        ("Les dirigeants forts\u2026 comme Poutine", "closest passage"),  # a bare ellipsis is not a cut
    ],
)
def test_what_is_not_verbatim(article: Article, quote: str, expected: str | None) -> None:
    wrong = find(quote, article)
    if expected is None:
        assert wrong is None
    else:
        assert wrong is not None and expected in wrong, wrong


def _article(text: str) -> Article:
    return Article(Path("t.txt"), text, Folded.of(text))


def test_a_dropped_inner_quotation_mark_is_named_with_how_to_write_it_in_yaml() -> None:
    """The newcomer's "100 % alike" that refused the quote: the one mark is named, and the fix shown."""
    text = 'The engineer said the works would cost "less than one year of road repairs", and no more.'
    wrong = find("would cost less than one year of road repairs", _article(text))
    assert wrong is not None and "100%" not in wrong
    assert "the text has '\"' after 'would cost', which the quote leaves out" in wrong
    assert """put the value in single quotes (quote: 'would cost "less than one year of road repairs')""" in wrong
    assert 'or write \\" inside double quotes' in wrong


def test_a_cut_without_its_mark_is_named_as_a_cut_not_as_words_the_text_lacks() -> None:
    text = "« Un enfant de sept ans n’a pas besoin d’une tablette pour apprendre à lire », résume Claire Dubois."
    wrong = find("Un enfant de sept ans n’a pas besoin pour apprendre à lire", _article(text))
    assert wrong is not None
    assert "which the text does not have" not in wrong
    assert "the text has 'd’une tablette' between 'besoin' and 'pour', which the quote leaves out" in wrong


def test_every_difference_is_listed_at_once(article: Article) -> None:
    wrong = find("Les dirigeants faibles comme Poutine fascinent tous les responsables", article)
    assert wrong is not None
    assert "the quote has 'faibles' where the text has 'forts'" in wrong
    assert "the quote has 'tous les' where the text has 'certains'" in wrong


_words = st.text(alphabet="abcdeéàçXYZ", min_size=1, max_size=8)
_gaps = st.sampled_from([" ", " ", ", ", " - ", " \u2014 ", " « ", " » ", "'", "\u2019", " : ", ". "])


@given(st.lists(st.tuples(_words, _gaps), min_size=2, max_size=30), st.data())
def test_any_stretch_of_words_retyped_is_still_verbatim(chunks: list[tuple[str, str]], data: st.DataObject) -> None:
    text = "".join(w + g for w, g in chunks)
    i = data.draw(st.integers(0, len(chunks) - 1))
    j = data.draw(st.integers(i, len(chunks) - 1))
    quote = "".join(w + g for w, g in chunks[i:j]) + chunks[j][0]
    retyped = (
        quote.replace("\u2019", "'").replace("«", '"').replace("»", '"').replace("\u2014", "-").replace(" ", "\n  ")
    )
    article = Article(Path("t.txt"), text, Folded.of(text))
    assert find(retyped, article) is None, (text, retyped)


def test_verify_counts_and_locates_and_lists_missing_texts(tmp_path: Path) -> None:
    left = mini.source(
        [
            mini.point("good", ["x"], quote="Les dirigeants forts comme Poutine fascinent"),
            mini.point("bad", ["x"], quote="Les dirigeants faibles comme Poutine fascinent"),
        ],
        open_questions=[
            {"text": "Q?", "kind": "asked", "quote": "Pouvons-nous croire à une alliance durable ?"},
        ],
    )
    right = mini.source([mini.point("r", ["x"])])
    mini.write(tmp_path, mini.brief(["x"]), left, right)
    texts = tmp_path / "texts"
    texts.mkdir()
    shutil.copy(TEXTS / "left.txt", texts / "left.txt")
    sources = [load_source(tmp_path / "sources" / f"{n}.yaml") for n in ("left", "right")]

    report = verify(sources, texts)
    assert report.verified == 1
    assert report.unverified == (("right", 1),)
    assert [p.path for p in report.failures] == [("points", 1, "quote"), ("open_questions", 0, "quote")]
    lines = (tmp_path / "sources" / "left.yaml").read_text().splitlines()
    assert {p.file.name for p in report.failures} == {"left.yaml"}
    bad_line = next(i for i, t in enumerate(lines, 1) if "faibles" in t)
    assert report.failures[0].line == bad_line
    assert "the quote has 'faibles' where the text has 'forts'" in report.failures[0].message
    asked_line = next(i for i, t in enumerate(lines, 1) if "alliance durable ?" in t)
    assert report.failures[1].line == asked_line
    assert (
        "the text has 'entre ces deux leaders' after 'une alliance durable', which the quote leaves out; "
        "only [\u2026] (or [...]) joins two passages"
    ) in report.failures[1].message


# --- the real command line ------------------------------------------------------------


@pytest.fixture
def mini_workspace(tmp_path: Path) -> Path:
    left = mini.source([mini.point("a", ["x"], quote="Les dirigeants forts comme Poutine fascinent")])
    right = mini.source([mini.point("b", ["x"], quote="Un texte de test, écrit pour les tests de brief.")])
    mini.write(tmp_path, mini.brief(["x"]), left, right)
    (tmp_path / "texts").mkdir()
    shutil.copy(TEXTS / "left.txt", tmp_path / "texts" / "left.txt")
    shutil.copy(TEXTS / "left.txt", tmp_path / "texts" / "right.txt")
    return tmp_path


def test_check_texts_counts_verified_quotes(mini_workspace: Path) -> None:
    result = invoke("check", "--texts", "texts", cwd=mini_workspace)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "2 quotes verified against texts",
        "0 passages in quotation marks in our prose verified",
        "ok: 1 brief and 2 sources checked, no problems",
    ]


def test_check_texts_reports_an_altered_quote_at_its_line(mini_workspace: Path) -> None:
    source = mini_workspace / "sources" / "left.yaml"
    source.write_text(source.read_text().replace("forts comme", "forts tels"), encoding="utf-8")
    line = next(i for i, t in enumerate(source.read_text().splitlines(), 1) if "forts tels" in t)
    result = invoke("check", "--texts", "texts", cwd=mini_workspace)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"sources/left.yaml:{line}:" in result.stderr
    assert "points[0].quote: quote not verbatim in texts/left.txt; closest passage" in result.stderr
    assert "the quote has 'tels' where the text has 'comme'" in result.stderr
    assert "1 quote verified against texts" in result.stdout
    assert "1 problem found." in result.stderr


def test_check_texts_lists_sources_without_a_text(mini_workspace: Path) -> None:
    (mini_workspace / "texts" / "right.txt").unlink()
    result = invoke("check", "--texts", "texts", cwd=mini_workspace)
    assert result.returncode == 0, result.stderr
    assert "1 quote verified against texts" in result.stdout
    assert "unverified: 1 quote of right (no texts/right.txt)" in result.stdout


def test_check_texts_needs_a_folder(mini_workspace: Path) -> None:
    result = invoke("check", "--texts", "nowhere", cwd=mini_workspace)
    assert result.returncode == 2
    assert "--texts nowhere: no such folder" in result.stderr


def test_a_text_that_is_not_utf8_is_a_located_error(mini_workspace: Path) -> None:
    (mini_workspace / "texts" / "right.txt").write_bytes("Un texte\nen Latin-1 : é".encode("latin-1"))
    result = invoke("check", "--texts", "texts", cwd=mini_workspace)
    assert result.returncode == 1
    assert "texts/right.txt:2:1: not UTF-8; article texts must be saved as UTF-8" in result.stderr
    assert "Traceback" not in result.stderr


def test_checking_quotes_never_loads_the_renderer() -> None:
    code = "import sys, brief.commands.check, brief.cli; assert 'weasyprint' not in sys.modules, 'weasyprint loaded'"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_texts_alone_means_the_workspaces_texts_folder(mini_workspace: Path) -> None:
    for args in (("--texts",), ("--texts", "--strict"), ("--texts", "briefs/mini.yaml")):
        result = invoke("check", *args, cwd=mini_workspace)
        assert result.returncode == 0, (args, result.stderr)
        assert result.stdout.startswith("2 quotes verified against texts\n"), args
    shutil.rmtree(mini_workspace / "texts")
    result = invoke("check", "--texts", cwd=mini_workspace)
    assert result.returncode == 2
    assert "--texts: no texts/ folder; `brief import PAGE` puts each article's text there" in result.stderr


def test_a_quote_of_invisible_characters_alone_is_named_not_a_traceback(mini_workspace: Path) -> None:
    """A soft hyphen pasted alone (or a zero-width space) folds to nothing: the message says so."""
    source = mini_workspace / "sources" / "left.yaml"
    text = source.read_text(encoding="utf-8")
    quoted = next(line for line in text.splitlines() if "forts comme" in line)
    source.write_text(text.replace(quoted, quoted.split(":", 1)[0] + ': "\u00ad"'), encoding="utf-8")
    result = invoke("check", "--texts", "texts", cwd=mini_workspace)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (
        "points[0].quote: quote not verbatim in texts/left.txt; the quote holds no visible character" in result.stderr
    )
