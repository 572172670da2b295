"""`brief import`: the article's text and a scaffold with the provenance the page states, nothing guessed.

Every page here is written by the test: a news page with navigation, comments, a footer,
related links, Open Graph and JSON-LD metadata; a blog page with none; a page in French;
a page that is not an article. Addresses are served by a tiny HTTP server on 127.0.0.1.
"""

from __future__ import annotations

import http.server
import re
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from typer.testing import CliRunner

from brief.cli.commands import app
from brief.commands import importer
from brief.model.yaml_data import build_data, read_text
from brief.model.yaml_syntax import compose

runner = CliRunner()

NEWS = """\
<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Valley votes on the dam | The Valley Post</title>
<meta property="og:title" content="Valley votes on the dam">
<meta property="og:site_name" content="The Valley Post">
<meta property="og:type" content="article">
<meta name="author" content="Ann Writer">
<link rel="canonical" href="https://www.valleypost.example/2025/03/01/dam-vote">
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "OpinionNewsArticle", "headline": "Valley votes on the dam",
 "datePublished": "2025-03-01T07:00:00+00:00", "author": {"@type": "Person", "name": "Ann Writer"},
 "publisher": {"@type": "Organization", "name": "The Valley Post"}}
</script>
</head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<article>
<h1>Valley votes on the dam</h1>
<p>The council met on 12 February 2025 to weigh the dam that the water board has wanted since 2019.
The salmon cannot climb a wall of concrete, and the delta is already sinking for want of mud.</p>
<p>Jane Doe, a hydrologist at the valley institute, says the reservoir would flood four farms. Officials
at the water board answer that the river would pay the bill within twenty years of cheap, clean power.</p>
<p>Anonymous sources in the council expect a narrow vote in March, and the mayor has not said how she will vote.</p>
</article>
<section class="comments"><h2>Comments</h2>
<div class="comment"><p>Reader42: Worst article I have read all year, cancelling my subscription right now.</p></div>
</section>
<aside class="related"><h3>Read next</h3><ul><li><a href="/a">Markets tumble again</a></li>
<li><a href="/b">Weekend weather: rain</a></li></ul></aside>
<footer><p>Copyright 2025 The Valley Post. All rights reserved. Terms of use.</p></footer>
</body>
</html>
"""

BLOG = """\
<html><body><div class="post">
<h2>Sunday thoughts on the river</h2>
<p>I walked along the river again this morning. A dam burns no coal, people keep telling me, and that is
true, but nobody mentions what happens to the fish that used to swim up to the old mill every spring.</p>
<p>Perhaps the valley can have both clean power and a living river, though I doubt the council will try
very hard to find out before the vote.</p>
</div></body></html>
"""

FRENCH = """\
<!DOCTYPE html>
<html lang="fr">
<head><meta charset="utf-8"><title>Le barrage divise la vallée</title>
<meta property="og:site_name" content="Le Courrier de la Vallée">
<meta property="article:published_time" content="2025-03-02T09:00:00+01:00">
</head>
<body>
<header><a href="/">Accueil</a> <a href="/region">Région</a></header>
<main><article>
<h1>Le barrage divise la vallée</h1>
<p>Le conseil s’est réuni le 12 février 2025 pour examiner le projet de barrage, porté depuis 2019 par la
régie des eaux. Les saumons ne peuvent pas franchir un mur de béton, rappellent les pêcheurs.</p>
<p>Selon des sources anonymes, le vote aura lieu en mars et s’annonce serré. Le maire n’a pas dit
ce qu’il votera, et la régie promet une électricité propre et bon marché pendant des décennies.</p>
</article></main>
<footer>© 2025 Le Courrier de la Vallée — mentions légales</footer>
</body></html>
"""

NOT_AN_ARTICLE = """\
<html><head><title>The Valley Post: home</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<ul><li><a href="/a">Markets tumble again</a></li><li><a href="/b">Weekend weather: rain</a></li>
<li><a href="/c">Derby day</a></li></ul>
<footer>Copyright 2025 The Valley Post</footer></body></html>
"""


def run(cwd: Path, monkeypatch: pytest.MonkeyPatch, *args: str):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(cwd)
    return runner.invoke(app, list(args))


def page(tmp_path: Path, name: str, html: str) -> Path:
    path = tmp_path / "saved" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path


def yaml_data(path: Path) -> dict:  # type: ignore[type-arg]
    data, _ = build_data(path, compose(path, read_text(path)))
    return data


def test_a_news_page_gives_its_main_text_and_annotated_provenance(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = page(tmp_path, "dam.html", NEWS)
    result = run(tmp_path, monkeypatch, "import", str(saved))
    assert result.exit_code == 0, result.output
    assert "wrote texts/the-valley-post-2025-03-01.txt" in result.output
    assert "wrote sources/the-valley-post-2025-03-01.yaml" in result.output

    text = (tmp_path / "texts" / "the-valley-post-2025-03-01.txt").read_text(encoding="utf-8")
    assert "The salmon cannot climb a wall of concrete" in text
    assert "Jane Doe, a hydrologist at the valley institute" in text
    for chrome in ("World news", "Reader42", "cancelling my subscription", "Markets tumble", "All rights reserved"):
        assert chrome not in text, f"{chrome!r}: navigation, comments, related links or footer kept"

    source = tmp_path / "sources" / "the-valley-post-2025-03-01.yaml"
    lines = source.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../schema/source.schema.json"

    def line_of(key: str) -> str:
        return next(line for line in lines if line.startswith(f"  {key}:"))

    assert line_of("title") == '  title: "Valley votes on the dam"  # from the page\'s metadata (og:title); check it'
    assert line_of("outlet").startswith('  outlet: "The Valley Post"  # from the page\'s metadata')
    assert line_of("author").startswith('  author: "Ann Writer"  # from the page\'s metadata')
    assert line_of("published") == (
        "  published: 2025-03-01  # from the page's metadata (JSON-LD datePublished); check it"
    )
    assert line_of("url").startswith('  url: "https://www.valleypost.example/2025/03/01/dam-vote"  # from the page')
    assert line_of("language") == "  language: en  # from the page's markup (<html lang>); check it"
    assert line_of("kind").startswith("  kind: opinion  # from the page's metadata (schema.org OpinionNewsArticle)")
    assert line_of("author_role") == "  author_role: null  # the page does not state it"
    assert line_of("kind_from") == "  kind_from: page  # the page's metadata names the kind"

    provenance = yaml_data(source)["provenance"]
    assert provenance["title"] == "Valley votes on the dam"
    assert provenance["published"] == "2025-03-01"
    assert provenance["author_role"] is None


def test_the_scaffold_does_not_validate_until_a_person_writes_the_thesis_and_points(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = page(tmp_path, "dam.html", NEWS)
    assert run(tmp_path, monkeypatch, "import", str(saved), "--id", "post-dam").exit_code == 0
    source = tmp_path / "sources" / "post-dam.yaml"
    check = run(tmp_path, monkeypatch, "check", "sources/post-dam.yaml")
    assert check.exit_code == 1
    assert "sources/post-dam.yaml:" in check.output and "thesis:" in check.output
    assert "points[0].claim:" in check.output

    text = source.read_text(encoding="utf-8")
    text = text.replace("\nthesis:\n", "\nthesis: The dam would cost the river its fish.\n", 1)
    text = text.replace("  - id:\n", "  - id: fish\n", 1)
    text = text.replace("    claim:\n", "    claim: Fish cannot pass a dam.\n", 1)
    source.write_text(text, encoding="utf-8")
    if "\n    quote: null\n" in text:  # a point may go without a quote: nothing to verify, no crash
        check = run(tmp_path, monkeypatch, "check", "sources/post-dam.yaml")
        assert check.exit_code == 0, check.output
        assert "0 quotes verified against texts" in check.output
    quote = '\n    quote: "The salmon cannot climb a wall of concrete"\n'
    text = re.sub(r"\n    quote:(?: null)?\n", lambda _: quote, text, count=1)
    source.write_text(text, encoding="utf-8")
    check = run(tmp_path, monkeypatch, "check", "sources/post-dam.yaml")
    assert check.exit_code == 0, check.output
    # texts/ is where import put the text, so check verifies the quote there without being told.
    assert "1 quote verified against texts" in check.output

    source.write_text(text.replace("cannot climb", "can never climb"), encoding="utf-8")
    check = run(tmp_path, monkeypatch, "check", "sources/post-dam.yaml")
    assert check.exit_code == 1
    assert "sources/post-dam.yaml:" in check.output and "points[0].quote" in check.output


def test_a_blog_page_with_no_metadata_leaves_every_fact_null(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    saved = page(tmp_path, "sunday.html", BLOG)
    result = run(tmp_path, monkeypatch, "import", str(saved))
    assert result.exit_code == 0, result.output
    source = tmp_path / "sources" / "sunday.yaml"  # no site, no date: the id is the file's name
    text = source.read_text(encoding="utf-8")
    for key in ("outlet", "author", "published", "url"):
        assert f"  {key}: null  # the page does not state it\n" in text
    assert "  language:  # the page does not state it" in text
    assert "\n  kind:\n" in text  # the kind of piece is the reader's call
    provenance = yaml_data(source)["provenance"]
    assert provenance["outlet"] is None and provenance["published"] is None and provenance["url"] is None
    # The heading is all the page gives as a title, and the comment says it came from the text.
    assert '  title: "Sunday thoughts on the river"  # from the article\'s text; check it' in text
    assert "nobody mentions what happens to the fish" in (tmp_path / "texts" / "sunday.txt").read_text()


def test_a_french_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    saved = page(tmp_path, "barrage.html", FRENCH)
    result = run(tmp_path, monkeypatch, "import", str(saved))
    assert result.exit_code == 0, result.output
    source_id = "le-courrier-de-la-vallee-2025-03-02"
    provenance = yaml_data(tmp_path / "sources" / f"{source_id}.yaml")["provenance"]
    assert provenance["language"] == "fr"
    assert provenance["outlet"] == "Le Courrier de la Vallée"
    assert provenance["published"] == "2025-03-02"
    text = (tmp_path / "texts" / f"{source_id}.txt").read_text(encoding="utf-8")
    assert "Les saumons ne peuvent pas franchir un mur de béton" in text
    assert "mentions légales" not in text and "Accueil" not in text


def test_a_page_that_is_not_an_article_is_refused_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = page(tmp_path, "home.html", NOT_AN_ARTICLE)
    result = run(tmp_path, monkeypatch, "import", str(saved))
    assert result.exit_code == 1
    assert "saved/home.html: no article text found" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "texts").exists() and not (tmp_path / "sources").exists()


def test_import_never_overwrites(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    saved = page(tmp_path, "dam.html", NEWS)
    assert run(tmp_path, monkeypatch, "import", str(saved), "--id", "dam").exit_code == 0
    source = tmp_path / "sources" / "dam.yaml"
    source.write_text(source.read_text(encoding="utf-8") + "# my own notes\n", encoding="utf-8")
    before = source.read_bytes()
    again = run(tmp_path, monkeypatch, "import", str(saved), "--id", "dam")
    assert again.exit_code == 2
    assert "texts/dam.txt already exists; not overwriting it" in again.output
    assert source.read_bytes() == before

    # A source written by hand with no text yet: the text is not written either (both or neither).
    (tmp_path / "sources" / "hand.yaml").write_text("# mine\n", encoding="utf-8")
    again = run(tmp_path, monkeypatch, "import", str(saved), "--id", "hand")
    assert again.exit_code == 2 and "sources/hand.yaml already exists" in again.output
    assert not (tmp_path / "texts" / "hand.txt").exists()

    bad = run(tmp_path, monkeypatch, "import", str(saved), "--id", "Not An Id")
    assert bad.exit_code == 2 and "is not a valid id" in bad.output


def test_a_plain_text_file_is_the_text_as_it_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    words = "The river pays the bill, say the dam's friends, and the fish pay the rest. " * 5
    saved = tmp_path / "copy.txt"
    saved.write_text(f"\ufeff{words}\r\nA second paragraph of our own.\r\n", encoding="utf-8")
    result = run(tmp_path, monkeypatch, "import", str(saved), "--id", "copy-2025")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "texts" / "copy-2025.txt").read_text(encoding="utf-8") == (
        f"{words.rstrip()}\nA second paragraph of our own.\n"
    )
    provenance = yaml_data(tmp_path / "sources" / "copy-2025.yaml")["provenance"]
    assert all(provenance[key] is None for key in ("title", "outlet", "author", "published", "url"))

    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes(("Le café " * 50).encode("latin-1"))
    result = run(tmp_path, monkeypatch, "import", str(latin1))
    assert result.exit_code == 1 and "is not UTF-8" in result.output

    missing = run(tmp_path, monkeypatch, "import", "nowhere.html")
    assert missing.exit_code == 2 and "nowhere.html: no such file" in missing.output


# --- addresses: a tiny server on 127.0.0.1, never a public host ----------------------


class _Pages(http.server.BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, tuple[int, str, bytes]]] = {}

    def do_GET(self) -> None:
        status, content_type, body = self.routes.get(self.path, (404, "text/html", b"<p>not found</p>"))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if status in (301, 302):
            self.send_header("Location", body.decode())
            body = b""
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_an_address_is_fetched_and_its_url_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, site: str) -> None:
    _Pages.routes = {
        "/blog/sunday": (200, "text/html; charset=utf-8", BLOG.encode()),
        "/old": (302, "text/html", f"{site}/blog/sunday".encode()),
        "/big": (200, "text/html", b"<p>" + b"word " * 400_000 + b"</p>"),
        "/feed": (200, "application/json", b"{}"),
    }
    result = run(tmp_path, monkeypatch, "import", f"{site}/old", "--id", "sunday")
    assert result.exit_code == 0, result.output
    provenance = yaml_data(tmp_path / "sources" / "sunday.yaml")["provenance"]
    assert provenance["url"] == f"{site}/blog/sunday"  # where the redirect led
    scaffold = (tmp_path / "sources" / "sunday.yaml").read_text(encoding="utf-8")
    assert "# the address it was fetched from; check it" in scaffold
    assert "  outlet: null  # the page does not state it" in scaffold  # not the host name passed off as one

    # No site name and no date: the id is the address's last part (127.0.0.1 names no site).
    again = run(tmp_path, monkeypatch, "import", f"{site}/blog/sunday")
    assert again.exit_code == 2 and "texts/sunday.txt already exists" in again.output

    gone = run(tmp_path, monkeypatch, "import", f"{site}/missing")
    assert gone.exit_code == 1 and "the server answered 404" in gone.output

    monkeypatch.setattr(importer, "MAX_PAGE_BYTES", 1_000_000)
    big = run(tmp_path, monkeypatch, "import", f"{site}/big")
    assert big.exit_code == 1 and "over the 1,000,000-byte limit" in big.output

    feed = run(tmp_path, monkeypatch, "import", f"{site}/feed")
    assert feed.exit_code == 1 and "serves application/json, not an HTML page" in feed.output


def test_offline_or_silent_hosts_give_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as closed:  # a port nobody listens on: what an unreachable address looks like
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    result = run(tmp_path, monkeypatch, "import", f"http://127.0.0.1:{port}/article")
    assert result.exit_code == 1
    assert "cannot reach 127.0.0.1" in result.output and "offline?" in result.output
    assert "Traceback" not in result.output

    with socket.socket() as silent:  # accepts the connection, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        monkeypatch.setattr(importer, "FETCH_TIMEOUT", 0.5)
        result = run(tmp_path, monkeypatch, "import", f"http://127.0.0.1:{silent.getsockname()[1]}/article")
    assert result.exit_code == 1
    assert "no answer from 127.0.0.1 within 0.5 s" in result.output
    assert not (tmp_path / "texts").exists()


def _dated(head: str) -> str:
    """The blog page with one date stated in its metadata."""
    return BLOG.replace("<html>", f"<html><head>{head}</head>", 1)


@pytest.mark.parametrize(
    ("head", "published", "label"),
    [
        (
            '<meta property="article:published_time" content="1787-11-22T00:00:00">',
            "1787-11-22",
            "article:published_time",
        ),
        (
            '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "1843-12"}</script>',
            "1843-12",
            "JSON-LD datePublished",
        ),
        ('<meta name="date" content="2150-01-01">', "2150-01-01", "date"),
    ],
    ids=["18th-century", "19th-century-month", "future"],
)
def test_a_date_the_metadata_states_is_kept_whatever_its_year(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, head: str, published: str, label: str
) -> None:
    saved = page(tmp_path, "old.html", _dated(head))
    result = run(tmp_path, monkeypatch, "import", str(saved))
    assert result.exit_code == 0, result.output
    source = next((tmp_path / "sources").glob("*.yaml"))
    text = source.read_text(encoding="utf-8")
    assert "published: null" not in text
    assert yaml_data(source)["provenance"]["published"] == published
    line = next(line for line in text.splitlines() if line.startswith("  published:"))
    assert f"from the page's metadata ({label}); a date outside 1995 to today" in line
    assert "check it against the page" in line


def test_a_byline_gives_the_author_role_and_the_schema_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The scaffold's first line points at ../schema/source.schema.json: import writes it, as `new` does."""
    saved = page(
        tmp_path,
        "ecrans.html",
        FRENCH.replace(
            "<h1>Le barrage divise la vallée</h1>\n",
            ("<h1>Le barrage divise la vallée</h1>\n<p>Par Sophie Lemaire, journaliste</p>\n"),
        ),
    )
    result = run(tmp_path, monkeypatch, "import", str(saved))
    assert result.exit_code == 0, result.output
    source = tmp_path / "sources" / "le-courrier-de-la-vallee-2025-03-02.yaml"
    text = source.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/source.schema.json")
    assert (tmp_path / "schema" / "source.schema.json").is_file()
    assert "wrote schema/source.schema.json, which editors read" in result.output
    provenance = yaml_data(source)["provenance"]
    assert provenance["author"] == "Sophie Lemaire" and provenance["author_role"] == "journaliste"
    assert '  author_role: "journaliste"  # from the byline (line 2 of the text); check it' in text
