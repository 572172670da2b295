"""A build's options: one frozen, typed value from the command line to the writer."""

from __future__ import annotations

import dataclasses
import os
import pickle
import typing

import pytest

from brief.build.options import BuildOptions, cores
from brief.cli.options import _build_options
from brief.model.enums import Edition, Imposition, OutputFormat, Paper


def test_the_defaults_build_every_pdf_on_a4() -> None:
    options = BuildOptions()
    assert (options.fmt, options.langs, options.editions, options.paper) == ("pdf", (), (), "A4")
    assert (options.since, options.pdf_ua, options.imposition, options.jobs, options.force) == (
        None,
        False,
        Imposition.none,
        1,
        False,
    )


def test_options_are_frozen() -> None:
    options = BuildOptions(langs=("en",))
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.jobs = 4  # type: ignore[misc]
    assert options == BuildOptions(langs=("en",))
    assert hash(options) == hash(BuildOptions(langs=("en",)))


def test_options_cross_to_a_worker_unchanged() -> None:
    options = BuildOptions(fmt="both", langs=("fr",), editions=("sheet",), paper="letter", jobs=2)
    assert pickle.loads(pickle.dumps(options)) == options


def test_every_field_is_typed_with_its_choices() -> None:
    hints = typing.get_type_hints(BuildOptions)
    assert hints["fmt"] is OutputFormat and [f.value for f in OutputFormat] == ["pdf", "html", "both"]
    assert hints["paper"] is Paper and [p.value for p in Paper] == ["A4", "letter"]
    assert hints["imposition"] is Imposition and hints["editions"] == tuple[Edition, ...]
    assert hints["langs"] == tuple[str, ...]
    assert hints["jobs"] is int


def test_shapes_output_leaves_out_jobs_and_force() -> None:
    quick = BuildOptions(fmt="html", langs=("en", "fr"), since="HEAD~1", jobs=4, force=True)
    assert quick.shapes_output() == {
        "format": "html",
        "langs": ["en", "fr"],
        "editions": None,
        "paper": "A4",
        "since": "HEAD~1",
        "pdf_ua": False,
        "imposition": None,
    }
    assert quick.shapes_output() == dataclasses.replace(quick, jobs=1, force=False).shapes_output()


def test_the_command_line_passes_plain_typed_values() -> None:
    options = _build_options(
        OutputFormat.both,
        ["fr"],
        [Edition.facilitator],
        "LETTER",
        "2026-01-01",
        3,
        True,
        Imposition.booklet,
        force=True,
    )
    assert options == BuildOptions(
        fmt="both",
        langs=("fr",),
        editions=("facilitator",),
        paper="letter",
        since="2026-01-01",
        pdf_ua=True,
        imposition="booklet",
        jobs=3,
        force=True,
    )
    # one enum for each choice, from the command line to the worker (a StrEnum: its value pickles)
    assert options.fmt is OutputFormat.both and options.editions == (Edition.facilitator,)
    assert options.paper is Paper.letter and options.imposition is Imposition.booklet


def test_paper_is_named_in_any_case() -> None:
    assert Paper.named("a4") is Paper.a4 and Paper.named("LETTER") is Paper.letter
    assert Paper.named("A5") is None


def test_cores_is_this_process_affinity() -> None:
    assert cores() == len(os.sched_getaffinity(0))
    assert cores() >= 1
