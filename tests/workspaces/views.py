"""A workspace of our own on another topic than the sample's: three views of a car-free city centre,
one view argued by two articles, a point with no quotable passage, and a second brief that uses one
of the same articles with topics of its own."""

from __future__ import annotations

from pathlib import Path

SOURCES = {
    "citypost-2026-02-01": """\
provenance:
  title: Shops fear the empty street
  outlet: The City Post
  author: R. Baker
  published: 2026-02-01
  url: https://citypost.example/shops
  language: en
  kind: opinion
  kind_from: page
thesis: Closing the centre to cars would empty the shops.
points:
  - id: customers
    claim: Shoppers who drive would go to the out-of-town mall instead.
    quote: "Our customers come by car, and they will simply go elsewhere."
  - id: jobs
    claim: Small shops employ many people who would lose their work.
    quote: "Every shop that closes is a dozen jobs gone."
experts:
  - name: Ann Field
    kind: named
    role: chair of the traders' association
    attributed: Trade fell when a nearby town went car-free.
    use: Backs the fear of lost trade.
events:
  - date: 2025-06
    what: A nearby town closes its centre to cars.
""",
    "valleyherald-2026-02-03": """\
provenance:
  title: Deliveries at dawn
  outlet: Valley Herald
  author: null
  published: 2026-02-03
  url: null
  language: en
  kind: news
  kind_from: ours
thesis: Deliveries would cost more and come at awkward hours.
points:
  - id: delivery-costs
    claim: Vans allowed only before seven would raise delivery costs.
    quote: "Deliveries before seven cost us twice as much."
  - id: disabled-access
    claim: People with limited mobility would find the centre harder to reach.
    quote: "For my mother, the bus stop is already too far."
""",
    "greenvoice-2026-02-02": """\
provenance:
  title: Air we can breathe
  outlet: Green Voice
  author: S. Moss
  published: 2026-02-02
  url: null
  language: en
  kind: opinion
  kind_from: page
thesis: A car-free centre would mean cleaner air and busier streets.
points:
  - id: air
    claim: Traffic is the main source of the centre's air pollution.
    quote: "Nine tenths of what we breathe downtown comes out of an exhaust pipe."
  - id: footfall
    claim: Walkers spend more time, and money, in shops than drivers do.
    quote: null
  - id: noise
    claim: The streets would be quieter for the people who live there.
    quote: "At night the street would finally sleep."
open_questions:
  - text: Who pays for the extra buses?
    kind: left_open
""",
    "council-2026-01-20": """\
provenance:
  title: null
  outlet: null
  author: null
  published: 2026-01-20
  url: null
  language: en
  kind: explainer
  kind_from: ours
thesis: Try it for one summer and measure before deciding.
points:
  - id: trial
    claim: A summer trial would show what really happens to trade and air.
    quote: "Let us try it for one summer and count."
  - id: measure
    claim: Counting footfall and pollution before and after would settle the argument.
    quote: "Measure first, argue later."
""",
}

BRIEF = """\
title: A car-free centre?
question: Should the city centre close to cars?
editor: the test editors
as_of: 2026-02-10
languages: [en]
editions: [sheet, participant, facilitator]
sides:
  - id: traders
    label: The traders' view
    sources: [citypost-2026-02-01, valleyherald-2026-02-03]
  - id: green
    label: The green view
    source: greenvoice-2026-02-02
  - id: trial
    label: The cautious view
    source: council-2026-01-20
topics:
  - id: trade
    label: Trade
    crux: Would shops lose or gain customers?
    stances:
      traders: Drivers would shop elsewhere and jobs would go.
      green: Walkers spend more than drivers.
      trial: Nobody knows until a trial counts it.
    points:
      - citypost-2026-02-01/customers
      - citypost-2026-02-01/jobs
      - greenvoice-2026-02-02/footfall
      - council-2026-01-20/trial
    minutes: 10
  - id: access
    label: Getting there
    crux: Who would find the centre harder to reach?
    stances:
      traders: Deliveries and people with limited mobility would suffer.
    points: [valleyherald-2026-02-03/delivery-costs, valleyherald-2026-02-03/disabled-access]
    minutes: 8
  - id: health
    label: Air and noise
    crux: How much cleaner and quieter would it be?
    stances:
      green: Much cleaner air and quieter nights.
      trial: Measure pollution before and after.
    points: [greenvoice-2026-02-02/air, greenvoice-2026-02-02/noise, council-2026-01-20/measure]
    minutes: 8
questions:
  - text: What would each view want counted during a trial?
    points: [council-2026-01-20/measure]
    topic: trade
"""

# A second brief on parking that uses two of the same articles, with topics of its own.
PARKING = """\
title: Parking fees
question: Should parking in the centre cost more?
editor: the test editors
as_of: 2026-02-10
languages: [en]
editions: [participant]
sides:
  - id: shops
    label: Shops first
    source: citypost-2026-02-01
  - id: air
    label: Air first
    source: greenvoice-2026-02-02
topics:
  - id: fees
    label: Parking fees
    crux: Do higher fees drive customers away?
    stances:
      shops: Dearer parking sends drivers to the mall.
      air: Fewer cars mean cleaner air.
    points: [citypost-2026-02-01/customers, greenvoice-2026-02-02/air]
"""


def views_workspace(root: Path) -> Path:
    """Write the workspace (briefs/car-free.yaml, briefs/parking.yaml and four sources) under root."""
    (root / "sources").mkdir(parents=True, exist_ok=True)
    (root / "briefs").mkdir(parents=True, exist_ok=True)
    for source_id, text in SOURCES.items():
        (root / "sources" / f"{source_id}.yaml").write_text(text, encoding="utf-8")
    (root / "briefs" / "car-free.yaml").write_text(BRIEF, encoding="utf-8")
    (root / "briefs" / "parking.yaml").write_text(PARKING, encoding="utf-8")
    return root
