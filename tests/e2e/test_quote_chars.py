"""A quote found in its article's text (texts/<id>.txt) prints as the article wrote it; without the
text, or not in it, in the edition's typography. Read back from the real PDF and HTML."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

from tests.helpers import pdf_text, replace_in, run_brief

PROSE = Path(__file__).parent.parent / "data" / "prose"

# Typed on a keyboard, straight marks; the article (LEFT_TEXT) has them straight too.
SALMON = 'The salmon can\'t climb a "wall" of concrete.'
# Not in the article: printed as the edition sets it.
DELTA = 'The delta\'s sinking for want of "mud".'
ASKED = 'Who\'ll pay for the "fish ladder"?'
LEFT_TEXT = (
    "Up north, the river still runs. The salmon can't climb\n"
    'a "wall" of con\u00adcrete. So they say. Who\'ll pay for the "fish ladder"?\n'
)
RIGHT_TEXT = "A dam burns no coal at all, and in the end the river pays the bill.\n"


def quotes(page: Path) -> list[str]:
    """The text of every quote an HTML edition prints (points' and open questions'), as a reader reads it."""
    found = re.findall(
        r'<(?:blockquote class="quote"|q class="q-quote")[^>]*>(.*?)</(?:blockquote|q)>', page.read_text()
    )
    return [html.unescape(q) for q in found]


def yaml_single(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def dam_workspace(ws: Path) -> None:
    """The tiny dam debate with quotes typed on a keyboard, one open question quoted, a cut."""
    left = ws / "sources" / "left.yaml"
    replace_in(left, '"The salmon cannot climb a wall of concrete."', yaml_single(SALMON))
    replace_in(left, '"The delta is sinking for want of mud."', yaml_single(DELTA))
    with left.open("a", encoding="utf-8") as f:
        f.write(
            f"open_questions:\n  - text: Who pays for the ladder?\n    kind: asked\n    quote: {yaml_single(ASKED)}\n"
        )
    replace_in(ws / "sources" / "right.yaml", '"A dam burns no coal."', '"A dam burns no coal [...] the river pays"')


def test_english_quotes_print_the_articles_own_marks_and_the_editions_without_it(tiny_ws: Path) -> None:
    dam_workspace(tiny_ws)
    only = ("--lang", "en", "--edition", "participant")
    built = run_brief("build", "--format", "html", *only, cwd=tiny_ws)
    assert built.returncode == 0, built.stderr
    page = tiny_ws / "build" / "debate.en.html"
    # no texts/: the edition's curly marks
    assert {
        "The salmon can\u2019t climb a \u201cwall\u201d of concrete.",
        "The delta\u2019s sinking for want of \u201cmud\u201d.",
        "Who\u2019ll pay for the \u201cfish ladder\u201d?",
        "A dam burns no coal [...] the river pays",
    } <= set(quotes(page))

    (tiny_ws / "texts").mkdir()
    (tiny_ws / "texts" / "left.txt").write_text(LEFT_TEXT, encoding="utf-8")
    (tiny_ws / "texts" / "right.txt").write_text(RIGHT_TEXT, encoding="utf-8")
    built = run_brief("build", "--format", "both", *only, cwd=tiny_ws)
    assert built.returncode == 0, built.stderr
    assert "up to date" not in built.stdout
    printed = set(quotes(page))
    # as the article wrote it: straight marks, its line break one space, its soft hyphen gone
    assert SALMON in printed and ASKED in printed
    # not in the article: the edition's typography, as before
    assert "The delta\u2019s sinking for want of \u201cmud\u201d." in printed
    # the cut keeps the quote's own mark
    assert "A dam burns no coal [...] the river pays" in printed
    assert not any("\u00ad" in q or "\n" in q for q in printed)

    text = pdf_text(tiny_ws / "build" / "debate.en.pdf")
    assert SALMON in text and ASKED in text  # straight, as the article has them
    assert "can\u2019t" not in text and "\u201cwall\u201d" not in text
    assert "The delta\u2019s sinking for want of \u201cmud\u201d." in text

    # A text that is not UTF-8: a located problem, exit 1, the PDF left as it was
    pdf = tiny_ws / "build" / "debate.en.pdf"
    before = pdf.read_bytes()
    (tiny_ws / "texts" / "right.txt").write_bytes(b"A dam burns no coal.\nLatin-1: caf\xe9\n")
    broken = run_brief("build", "--format", "both", *only, cwd=tiny_ws)
    assert broken.returncode == 1
    assert "texts/right.txt:2:1: not UTF-8; article texts must be saved as UTF-8" in broken.stderr
    assert "Traceback" not in broken.stderr
    assert pdf.read_bytes() == before


FRENCH_TEXT = (
    "Selon l\u2019ingénieure, « le débit n\u2019a jamais été aussi bas » cet été.\n"
    "Un élu répond : Personne n'a rien vu venir.\n"
)


def test_french_quotes_keep_the_articles_apostrophes_and_guillemets(tmp_path: Path) -> None:
    ws = tmp_path / "prose"
    shutil.copytree(PROSE, ws)
    barrage = ws / "sources" / "barrage.yaml"
    # typed with straight marks; the article has a curly apostrophe and guillemets inside
    replace_in(
        barrage,
        'quote: "le débit pourrait baisser de moitié en été"',
        "quote: 'Selon l''ingénieure, \"le débit n''a jamais été aussi bas\" cet été.'",
    )
    # typed with a curly apostrophe; the article has a straight one
    replace_in(
        barrage,
        'quote: "Certains agriculteurs de la vallée craignent parfois pour leurs puits cet été."',
        'quote: "Personne n\u2019a rien vu venir."',
    )
    (ws / "texts" / "barrage.txt").write_text(FRENCH_TEXT, encoding="utf-8")
    built = run_brief("build", "--format", "both", "--lang", "fr", "--edition", "participant", cwd=ws)
    assert built.returncode == 0, built.stderr
    page = ws / "build" / "valley.fr.html"
    printed = set(quotes(page))
    assert "Selon l\u2019ingénieure, «\u00a0le débit n\u2019a jamais été aussi bas\u00a0» cet été." in printed
    assert "Personne n'a rien vu venir." in printed
    text = pdf_text(ws / "build" / "valley.fr.pdf")
    assert "« Personne n'a rien vu venir. »" in text  # the edition's guillemets around the article's apostrophe
    assert "« Selon l\u2019ingénieure, « le débit n\u2019a jamais été aussi bas » cet été. »" in text
