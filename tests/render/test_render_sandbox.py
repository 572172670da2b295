"""A theme is code shared between facilitators: it may format data, never reach Python's internals.

Every template renders in Jinja's immutable sandbox. A theme that tries to run a command, read
a file or change the data fails the build at the template line that tries, exit 1, and the
command never runs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import invoke
from tests.workspaces.tiny import tiny_workspace

ATTEMPTS = {
    "lipsum-globals": "{{ lipsum.__globals__['os'].popen('touch PWNED').read() }}",
    "cycler-globals": "{{ cycler.__init__.__globals__.os.system('touch PWNED') }}",
    "class-mro": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "filter-globals": "{{ (b.title | attr('__class__')).__init__.__globals__ }}",
    "mutate-the-view": "{{ b.topics.append(1) }}",
    "format-string": "{{ '{0.__class__.__init__.__globals__}'.format(b) }}",
}


@pytest.mark.parametrize("attempt", sorted(ATTEMPTS))
def test_a_theme_cannot_reach_python(tmp_path: Path, attempt: str) -> None:
    ws = tiny_workspace(tmp_path)
    partial = ws / "templates" / "partials" / "balance.html.j2"
    partial.parent.mkdir(parents=True)
    partial.write_text('<section id="balance">\n<p>\n' + ATTEMPTS[attempt] + "\n</p></section>\n", encoding="utf-8")
    result = invoke("build", "--format", "html", cwd=ws)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert lines[-1] == "1 problem found.", lines
    assert lines[0].startswith("templates/partials/balance.html.j2:3:1: template error: "), lines
    assert not (ws / "PWNED").exists()
    assert not (ws / "build" / "debate.en.html").exists()


def test_the_default_theme_renders_in_the_sandbox(tmp_path: Path) -> None:
    ws = tiny_workspace(tmp_path)
    result = invoke("build", "--format", "html", cwd=ws)
    assert result.returncode == 0, result.stderr
    assert "Dams" in (ws / "build" / "debate.en.html").read_text(encoding="utf-8")
