"""Every warning on one brief that needs no article text: sides out of balance, a stance without its
points, our prose dropping a hedge or an attribution, blocks of unequal weight, an incomplete
facilitator's plan. `brief check` prints them, and so does every build of the brief.
"""

from __future__ import annotations

from brief.errors import Problem
from brief.model.validate import Debate, stance_warnings
from brief.views.balance import balance_warnings
from brief.views.plan_checks import plan_warnings
from brief.views.prose import prose_warnings


def brief_warnings(debate: Debate) -> list[Problem]:
    """The warnings of one brief, sorted by file and place."""
    return sorted(
        [*balance_warnings(debate), *stance_warnings(debate), *prose_warnings(debate), *plan_warnings(debate)]
    )
