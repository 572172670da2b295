"""The one family of workspaces the tests build on, each written from our own words:

- `sample`: a copy of the repository's sample (the Trump–Putin brief and its two sources);
- `tiny`: a dam debate small enough that an error-message test can name every line;
- `mini`: briefs written from Python data, for unit tests of the analysis;
- `views`: three views of a car-free city centre (one of two articles) and a second brief sharing an article.

conftest.py turns them into fixtures: `workspace` (sample), `tiny_ws`, `tiny_cwd`, `views_ws`.
"""

from tests.workspaces.sample import ROOT, SAMPLE_BRIEF, SOURCE_IDS, copy_workspace
from tests.workspaces.tiny import tiny_workspace
from tests.workspaces.views import views_workspace

__all__ = ["ROOT", "SAMPLE_BRIEF", "SOURCE_IDS", "copy_workspace", "tiny_workspace", "views_workspace"]
