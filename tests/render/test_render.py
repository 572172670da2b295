"""Safe rendering: text from YAML is data, and WeasyPrint reads nothing but the theme.

Markup in a value prints as text in the PDF and the HTML. The URL fetcher refuses the
network and every file outside the theme, whether the reference comes from a value (it
cannot: values are escaped, so nothing is fetched) or from a theme that tries it (the
build fails, naming the theme file and line). A local HTTP server counts every request:
there must be none.
"""

from __future__ import annotations

import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from brief.render.pdf import RefusedResource, _make_fetcher
from brief.theme.search import Theme
from tests.helpers import invoke, pdf_text
from tests.workspaces.tiny import tiny_workspace


class Recorder(http.server.BaseHTTPRequestHandler):
    """Answers everything (a redirect to a local file for /redirect) and records each request."""

    hits: list[str] = []  # noqa: RUF012 - shared by the server's handler instances on purpose

    def do_GET(self) -> None:
        Recorder.hits.append(self.path)
        if self.path.startswith("/redirect"):
            self.send_response(302)
            self.send_header("Location", "file:///etc/hostname")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { color: red }")

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The base URL of a local server; its requests are in Recorder.hits."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def the_server_was_never_asked() -> bool:
    return Recorder.hits == []


# --- values from YAML: markup prints as text, nothing is fetched -------------------------

SECRET = "/etc/hostname"


def payloads(base: str) -> dict[str, str]:
    """Hostile text for the tiny workspace's values (by what it tries)."""
    return {
        "script": "<script>alert(1)</script>",
        "img": f"<img src={base}/img.png>",
        "import": f"<style>@import url({base}/import.css);</style>",
        "url": f"<p style=background:url({base}/url.png)>styled</p>",
        "attachment": f"<link rel=attachment href=file://{SECRET}>",
        "redirect": f"<img src={base}/redirect>",
        "jinja": "{{ 123456 * 2 }} {% if true %}jinja{% endif %}",
        "entity": "&lt;b&gt; and &amp;",
        "close": "</p></div></body><h1>Not a heading</h1>",
    }


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory, server: str) -> Path:
    """The tiny workspace with markup in its values, built to PDF and HTML; returns the workspace."""
    tiny_ws = tiny_workspace(tmp_path_factory.mktemp("hostile"))
    p = payloads(server)
    left, right, brief = (
        tiny_ws / "sources" / "left.yaml",
        tiny_ws / "sources" / "right.yaml",
        tiny_ws / "briefs" / "debate.yaml",
    )

    def put(file: Path, old: str, new: str) -> None:
        text = file.read_text(encoding="utf-8")
        assert old in text
        file.write_text(text.replace(old, new, 1), encoding="utf-8")

    quoted = {k: v.replace("'", "''") for k, v in p.items()}  # YAML single-quoted scalars
    put(left, "thesis: Dams do more harm than good.", f"thesis: '{quoted['script']} {quoted['import']}'")
    put(left, "claim: Dams block the fish.", f"claim: '{quoted['img']} {quoted['url']}'")
    put(left, 'quote: "The salmon cannot climb a wall of concrete."', f"quote: '{quoted['attachment']}'")
    put(left, "outlet: The Valley Post", f"outlet: '{quoted['close']}'")
    put(right, "thesis: Dams give clean power cheaply.", f"thesis: '{quoted['jinja']}'")
    put(right, 'quote: "A dam burns no coal."', f"quote: '{quoted['redirect']}'")
    put(brief, "title: Dams", f"title: '{quoted['entity']}'")
    put(brief, "crux: Who pays, and when?", f"crux: '{quoted['import']}'")
    put(brief, "text: Who speaks for the fish?", f"text: '{quoted['img']}'")
    result = invoke("build", "--edition", "facilitator", "--format", "both", cwd=tiny_ws)
    assert result.returncode == 0, result.stderr
    return tiny_ws


def test_markup_in_values_is_escaped_in_the_html(hostile: Path, server: str) -> None:
    html = (hostile / "build" / "debate.en.facilitator.html").read_text(encoding="utf-8")
    assert "<script" not in html and "<link rel=attachment" not in html and "<h1>Not a heading" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert f"&lt;img src={server}/img.png&gt;" in html
    assert f"&lt;link rel=attachment href=file://{SECRET}&gt;" in html
    assert "&lt;/p&gt;&lt;/div&gt;&lt;/body&gt;&lt;h1&gt;Not a heading&lt;/h1&gt;" in html
    assert "&amp;lt;b&amp;gt; and &amp;amp;" in html  # an entity typed in YAML is shown as typed
    assert server not in html.replace(f"&lt;img src={server}", "").replace(f"url({server}", "").replace(
        f"@import url({server}", ""
    ), "an address from YAML may appear only inside escaped text"


def test_markup_in_values_prints_as_text_in_the_pdf(hostile: Path, server: str) -> None:
    text = pdf_text(hostile / "build" / "debate.en.facilitator.pdf")
    host = server.removeprefix("http://")
    for shown in (
        "<script>alert(1)</script>",
        f"<img src=http://{host}/img.png>",
        f"@import url(http://{host}/import.css);",
        f"background:url(http://{host}/url.png)>styled</p>",
        f"<link rel=attachment href=file://{SECRET}>",
        f"<img src=http://{host}/redirect>",
        "</p></div></body><h1>Not a heading</h1>",
        "&lt;b&gt; and &amp;",
    ):
        # a long address may break across lines, so compare without spaces
        assert shown.replace(" ", "") in text.replace(" ", ""), shown


def test_jinja_looking_text_is_not_evaluated(hostile: Path) -> None:
    text = pdf_text(hostile / "build" / "debate.en.facilitator.pdf")
    assert "{{ 123456 * 2 }} {% if true %}jinja{% endif %}" in text
    assert "246912" not in text


def test_nothing_in_a_value_is_fetched_or_embedded(hostile: Path) -> None:
    assert the_server_was_never_asked(), Recorder.hits
    reader = PdfReader(hostile / "build" / "debate.en.facilitator.pdf")
    assert "/EmbeddedFiles" not in reader.trailer["/Root"].get("/Names", {})
    assert not reader.attachments
    for page in reader.pages:
        for image in page.images:
            # the only pictures are the theme's own (the QR code of right.yaml's address)
            assert image.image is not None and image.image.width == image.image.height, image.name


# --- a theme that tries: the build fails, naming the theme file and line ---------------


def theme_tries(tiny_ws: Path, file: str, content: str) -> tuple[int, list[str]]:
    """Give the workspace a theme override and build a PDF; (exit code, stderr lines)."""
    target = tiny_ws / "templates" / file
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(content, encoding="utf-8")
    result = invoke("build", "--edition", "participant", cwd=tiny_ws)
    assert "Traceback" not in result.stderr
    return result.returncode, result.stderr.splitlines()


REFUSAL = "it is outside the theme; brief reads only the theme's own files and data: URLs"


def test_theme_css_import_from_the_network(tiny_ws: Path, server: str) -> None:
    code, lines = theme_tries(tiny_ws, "brief.css", f'@import url("{server}/import.css");\nbody {{ color: black }}\n')
    assert (code, lines) == (
        1,
        [f"templates/brief.css:1:14: refused to read {server}/import.css: {REFUSAL}", "1 problem found."],
    )
    assert the_server_was_never_asked(), Recorder.hits
    assert not (tiny_ws / "build" / "debate.en.pdf").exists()


def test_theme_css_url_outside_the_theme(tiny_ws: Path) -> None:
    code, lines = theme_tries(tiny_ws, "brief.css", "body {\n  background: url(file:///etc/hostname);\n}\n")
    assert (code, lines) == (
        1,
        [f"templates/brief.css:2:19: refused to read file:///etc/hostname: {REFUSAL}", "1 problem found."],
    )


def test_theme_css_relative_url_that_climbs_out(tiny_ws: Path) -> None:
    climb = "../" * 12 + "etc/hostname"
    code, lines = theme_tries(tiny_ws, "brief.css", f"body {{ background: url({climb}) }}\n")
    assert code == 1
    column = len("body { background: url(") + len(climb) - len("hostname") + 1
    assert lines == [
        f"templates/brief.css:1:{column}: refused to read file:///etc/hostname: {REFUSAL}",
        "1 problem found.",
    ]


def test_theme_css_url_to_the_network(tiny_ws: Path, server: str) -> None:
    code, lines = theme_tries(tiny_ws, "brief.css", f"h1 {{ background: url('{server}/url.png') }}\n")
    assert (code, lines) == (
        1,
        [f"templates/brief.css:1:23: refused to read {server}/url.png: {REFUSAL}", "1 problem found."],
    )
    assert the_server_was_never_asked(), Recorder.hits


def test_theme_img_from_the_network(tiny_ws: Path, server: str) -> None:
    partial = f'<p>{{{{ b.title }}}}</p>\n<img src="{server}/img.png" alt="">\n'
    code, lines = theme_tries(tiny_ws, "partials/summary.html.j2", partial)
    assert (code, lines) == (
        1,
        [f"templates/partials/summary.html.j2:2:11: refused to read {server}/img.png: {REFUSAL}", "1 problem found."],
    )
    assert the_server_was_never_asked(), Recorder.hits


def test_theme_attachment_of_a_file_outside(tiny_ws: Path) -> None:
    partial = '<link rel="attachment" href="file:///etc/hostname">\n<p>{{ b.title }}</p>\n'
    code, lines = theme_tries(tiny_ws, "partials/summary.html.j2", partial)
    assert (code, lines) == (
        1,
        [
            f"templates/partials/summary.html.j2:1:30: refused to read file:///etc/hostname: {REFUSAL}",
            "1 problem found.",
        ],
    )


def test_theme_redirect_is_never_followed(tiny_ws: Path, server: str) -> None:
    partial = f'<p>{{{{ b.title }}}}</p>\n<img src="{server}/redirect" alt="">\n'
    code, lines = theme_tries(tiny_ws, "partials/summary.html.j2", partial)
    assert (code, lines) == (
        1,
        [f"templates/partials/summary.html.j2:2:11: refused to read {server}/redirect: {REFUSAL}", "1 problem found."],
    )
    assert the_server_was_never_asked(), Recorder.hits


def test_theme_file_missing_from_the_theme(tiny_ws: Path) -> None:
    code, lines = theme_tries(tiny_ws, "brief.css", 'body { background: url("img/missing.png") }\n')
    assert code == 1
    assert lines[0].startswith("templates/brief.css:1:25: refused to read file://")
    assert lines[0].endswith("/img/missing.png: the theme has no file img/missing.png")


def test_theme_files_and_data_urls_are_served(tiny_ws: Path) -> None:
    (tiny_ws / "templates" / "img").mkdir(parents=True)
    png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    import base64

    (tiny_ws / "templates" / "img" / "dot.png").write_bytes(base64.b64decode(png))
    partial = (
        f'<p>{{{{ b.title }}}}</p>\n<img src="img/dot.png" alt="">\n<img src="data:image/png;base64,{png}" alt="">\n'
    )
    code, lines = theme_tries(tiny_ws, "partials/summary.html.j2", partial)
    assert (code, lines) == (0, [])
    assert len(PdfReader(tiny_ws / "build" / "debate.en.pdf").pages[0].images) == 2


# --- the fetcher on its own -----------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x.css",
        "https://example.org/x.png",
        "ftp://example.org/x",
        "file:///etc/hostname",
        "file:///etc/../etc/hostname",
        "FILE:///etc/hostname",
        "javascript:alert(1)",
    ],
)
def test_the_fetcher_refuses_everything_outside_the_theme(tmp_path: Path, url: str) -> None:
    fetcher = _make_fetcher(Theme(tiny_workspace(tmp_path)))
    with pytest.raises(RefusedResource, match="outside the theme"):
        fetcher.fetch(url)


def test_the_fetcher_refuses_a_symbolic_link_out_of_the_theme(tmp_path: Path) -> None:
    tiny_ws = tiny_workspace(tmp_path)
    (tiny_ws / "templates").mkdir()
    (tiny_ws / "templates" / "leak.css").symlink_to("/etc/hostname")
    fetcher = _make_fetcher(Theme(tiny_ws))
    with pytest.raises(RefusedResource):
        fetcher.fetch((tiny_ws / "templates" / "leak.css").as_uri())


def test_the_fetcher_follows_no_redirect() -> None:
    import urllib.request

    fetcher = _make_fetcher(Theme(None))
    assert not any(isinstance(h, urllib.request.HTTPRedirectHandler) for h in fetcher.handlers)


# --- template errors name the template file and line ---------------------------------------


@pytest.mark.parametrize(
    ("partial", "message"),
    [
        (
            "<p>x</p>\n\n<p>{{ b.nonexistent }}</p>\n",
            "3:1: template error: 'brief.views.objects.BriefView object' has no attribute 'nonexistent'",
        ),
        ("<p>x</p>\n<p>{{ nothing }}</p>\n", "2:1: template error: 'nothing' is undefined"),
        (
            "<p>x</p>\n<p>{{ L.no_such_label }}</p>\n",
            "2:1: template error: 'dict object' has no attribute 'no_such_label'",
        ),
        ("<p>x</p>\n{% if %}\n", "2:1: template error: Expected an expression, got 'end of statement block'"),
        ("<p>{{ b.title }</p>\n", "1:1: template error: unexpected '}'"),
        ("<p>x</p>\n<p>{{ b.title | shout }}</p>\n", "2:1: template error: No filter named 'shout'."),
        ("<p>x</p>\n<p>{{ 1 / 0 }}</p>\n", "2:1: template error: division by zero"),
    ],
    ids=["undefined-attribute", "undefined-name", "undefined-label", "syntax", "unclosed", "unknown-filter", "runtime"],
)
def test_template_errors_name_the_template_file_and_line(tiny_ws: Path, partial: str, message: str) -> None:
    target = tiny_ws / "templates" / "partials" / "summary.html.j2"
    target.parent.mkdir(parents=True)
    target.write_text(partial, encoding="utf-8")
    result = invoke("build", "--format", "html", cwd=tiny_ws)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"templates/partials/summary.html.j2:{message}", "1 problem found."]
    assert not (tiny_ws / "build").exists() or not list((tiny_ws / "build").glob("*.html"))


def test_the_html_edition_forbids_a_browser_to_load_anything(hostile: Path) -> None:
    html = (hostile / "build" / "debate.en.facilitator.html").read_text(encoding="utf-8")
    head = html[: html.index("</head>")]
    policy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:"
    assert f'<meta http-equiv="Content-Security-Policy" content="{policy}">' in head
    # and the file needs nothing the policy forbids: every address it uses is a data: URL or a link
    for attribute in ("src", "href"):
        for value in re.findall(rf'{attribute}="([^"]*)"', html):
            assert value.startswith("data:") or (attribute == "href" and value.startswith(("#", "https://"))), value
    style = html.split("<style>")[-1].split("</style>")[0]
    assert not re.search(r"""url\((?!\s*["']?data:)""", style), "the stylesheet has a url() that is not data:"


def test_a_broken_locale_file_is_located(tiny_ws: Path) -> None:
    code, lines = theme_tries(tiny_ws, "locale/en.yaml", "summary: At a glance\nthesis: [a]\npage: 3\n")
    assert (code, lines) == (
        1,
        [
            "templates/locale/en.yaml:2:9: thesis: expected text, found a list",
            "templates/locale/en.yaml:3:7: page: expected text, found a number (3)",
            "2 problems found.",
        ],
    )
