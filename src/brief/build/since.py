"""A brief's changes since a git revision or a date: the debate then, and the view marked with what changed."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from brief.build.targets import Target, workspace_of
from brief.errors import BriefError, UsageError
from brief.model.history import old_debate
from brief.model.revisions import RevisionError, resolve
from brief.views.analysis import analyse
from brief.views.changes import compare, marked

if TYPE_CHECKING:
    from brief.model.revisions import Revision
    from brief.model.validate import Debate
    from brief.views.objects import BriefView


def earlier_version(debate: Debate, since: str | None) -> tuple[Revision | None, Debate | None]:
    """The revision to compare with (`since`, else the brief's own `since:`) and the debate then.

    The debate is None when the brief did not exist at that revision. Its quotes are found in
    today's article texts, as today's are: a quote that did not change prints the same then and
    now, so it is not marked changed.
    """
    spec = since or debate.brief.model.since
    if not spec:
        return None, None
    brief_file = debate.brief.marks.file
    try:
        revision = resolve(workspace_of(brief_file), spec)
    except RevisionError as exc:
        if since:
            raise UsageError(f"--since {since}: {exc}") from None
        raise BriefError([debate.brief.marks.problem(("since",), str(exc))]) from None
    then = old_debate(brief_file, revision)
    return revision, None if then is None else dataclasses.replace(then, articles=debate.articles)


def with_changes(view: BriefView, then: Debate | None, revision: Revision, target: Target) -> BriefView:
    """The view with its "Changes since" section, compared with the same edition then."""

    before = None
    if then is not None:
        try:
            before = analyse(then, target.lang, target.edition)
        except KeyError:  # the brief then had no texts in this language
            raise BriefError(
                [
                    target.debate.brief.marks.problem(
                        ("since",),
                        f"the version at {revision.spec} has no {target.lang!r} texts to compare with; "
                        "choose a later revision",
                    )
                ]
            ) from None
    since = revision.asked_date or revision.date
    return marked(view, compare(before, view, revision.spec, revision.short, revision.date, since))
