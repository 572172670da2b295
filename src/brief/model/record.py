"""The group's record and the sides' replies, checked against the brief: counts that add up, topics
and sides that exist, nothing dated after the brief's `as_of`.

Plain Python, run by `check_debate`, so `brief check` refuses what `brief build` could not chart.
"""

from __future__ import annotations

from brief.errors import Problem
from brief.model.brief import Brief
from brief.model.load import Loaded

UNDECIDED, NONE = "undecided", "none"
"""The answers a questionnaire offers besides the sides' stances (their keys in a session's counts)."""


def session_problems(brief: Loaded[Brief]) -> list[Problem]:
    """Each session's counts against its participants, the brief's topics and the stances they offer."""
    model, marks = brief.model, brief.marks
    topics = {t.id: t for t in model.topics}
    problems: list[Problem] = []
    for i, session in enumerate(model.sessions):
        where = ("sessions", i)
        if session.date > model.as_of:
            problems.append(
                marks.problem(
                    (*where, "date"),
                    f"session of {session.date.isoformat()} is after the brief's as_of ({model.as_of.isoformat()}); "
                    "correct the date, or set as_of to the day the record was last added to",
                )
            )
        for topic_id, tally in session.topics.items():
            topic = topics.get(topic_id)
            if topic is None:
                problems.append(
                    marks.problem(
                        (*where, "topics", topic_id),
                        f"no topic {topic_id!r}; the topics are: {', '.join(topics)}",
                        key=True,
                    )
                )
                continue
            answers = [*topic.stances, UNDECIDED, NONE]  # a side silent on a topic offers no stance to tick
            for column, counts in (("before", tally.before), ("after", tally.after)):
                at = (*where, "topics", topic_id, column)
                for answer, count in counts.items():
                    if answer not in answers:
                        problems.append(
                            marks.problem(
                                (*at, answer),
                                f"no answer {answer!r} on topic {topic_id!r}: the questionnaire offers "
                                f"{', '.join(answers)}",
                                key=True,
                            )
                        )
                    elif count > session.participants:
                        problems.append(
                            marks.problem(
                                (*at, answer),
                                f"{count} ticked {answer!r} but only {session.participants} took part; "
                                "count the questionnaires again",
                            )
                        )
                total = sum(counts.values())
                if total > session.participants and max(counts.values()) <= session.participants:
                    problems.append(
                        marks.problem(
                            at,
                            f"the {column} counts add up to {total}, more than the {session.participants} "
                            "who took part; count the questionnaires again (a sheet with two ticks in one "
                            "column counts as none of them)",
                        )
                    )
    return problems


def review_problems(brief: Loaded[Brief]) -> list[Problem]:
    """A review names a side of the brief, and is dated no later than the brief."""
    model, marks = brief.model, brief.marks
    sides = [s.id for s in model.sides]
    problems: list[Problem] = []
    for i, review in enumerate(model.reviews):
        if review.side not in sides:
            problems.append(
                marks.problem(("reviews", i, "side"), f"no side {review.side!r}; the sides are: {', '.join(sides)}")
            )
        if review.date > model.as_of:
            problems.append(
                marks.problem(
                    ("reviews", i, "date"),
                    f"review of {review.date.isoformat()} is after the brief's as_of ({model.as_of.isoformat()}); "
                    "correct the date, or set as_of to the day the brief is up to",
                )
            )
    return problems
