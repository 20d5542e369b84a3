"""Exercises of the game day (``notebooks/workshop/game_day.ipynb`` and ``team.ipynb``).

Bind them with ``from mesh_lab.exercises.workshop import *``. The questions are the ones a debrief
asks: which gate would have caught this incident, how many consumers did this change break. Their
answers are computed with the kit's own tools (the data gates of :mod:`mesh_lab.gameday`, the
pipeline's stages, :func:`mesh_lab.evolution.diff` with the sample mesh's lineage), never typed in.
"""

from __future__ import annotations

from mesh_lab.learning import ChoiceExercise, Mistake, ValueExercise, ____

DROPPED = ("catalog.products", {"drop_column": "active"})
"""The change of round 2's hasty catalog team: drop the column ``active``."""


def consumers_broken_by(product: str, change: dict) -> int:
    """How many downstream products a contract change breaks when it ships unreviewed (0 if it is safe)."""
    from mesh_lab.evolution import diff
    from mesh_lab.gameday import changed_contract, sample_contract, sample_lineage

    result = diff(sample_contract(product), changed_contract(product, change), catalog=sample_lineage())
    return len(result.consumers) if result.breaking else 0


q1 = ChoiceExercise(
    id="workshop.q1",
    level="tech",
    prompt="Round 3: a re-run load delivered logistics.delivery_events with 10 % of its rows twice. "
           "Which gate would have caught it?",
    var="q1_answer",
    options={"a": "the data smoke tier (readable, columns, rows, fresh)",
             "b": "full validation of every value against the contract",
             "c": "the smoke after deploy of the service",
             "d": "no gate: only a consumer can notice duplicates"},
    correct="b",
    why={"a": "The smoke tier reads the header, counts rows and finds the newest time: a file with extra copies "
              "of good rows passes all four. Look at the red team's round 3 log.",
         "b": "Yes: only full validation checks every value against the contract, and event_id is its "
              "primary key: unique. That is why a team publishes a re-run load through the full gate.",
         "c": "The service's smoke suite tests the web service (boot, health, database, login), not a data file.",
         "d": "The contract promises unique event ids, so a gate that checks every value does catch them."},
    starter="q1_answer = ____",
    solution='q1_answer = "b"',
    hints=["Which checks look at every row, and which look only at the header, the row count and the "
           "newest time?"],
)

q2 = ValueExercise(
    id="workshop.q2",
    level="tech",
    prompt="Round 2: catalog drops the column `active` from catalog.products and ships it with no review. "
           "How many consumer products does this change break? (Use `diff` and the lineage.)",
    var="consumers_broken",
    expected=lambda: consumers_broken_by(*DROPPED),
    starter="consumers_broken = ____",
    solution="consumers_broken = 1",
    hints=["Dropping a column is a breaking change. Who reads catalog.products? "
           "`sample_mesh().downstream('catalog.products')`."],
    mistakes=[
        Mistake(name="dropping_is_safe", when=0, example="consumers_broken = 0",
                message="0 would mean the change is safe. Removing a column breaks every query that names it: "
                        "`diff` grades it an error. Then follow the lineage downstream."),
        Mistake(name="every_product", when=lambda a: a in (3, 4), example="consumers_broken = 4",
                message="Not every product reads catalog.products. Count only the products downstream of it "
                        "in the lineage."),
        Mistake(name="counted_the_scoreboard", when=2, example="consumers_broken = 2",
                message="2 is what the red team's round 2 scoreboard says, but it counts two incidents: "
                        "this change and the renamed column, each reaching the same consumer. Count the products this change "
                        "alone breaks."),
        Mistake(name="not_a_number", when=lambda a: not isinstance(a, int) or isinstance(a, bool),
                example='consumers_broken = "one"', message="Give a whole number, like 2."),
    ],
    correct_message="Yes: one consumer, analytics.daily_revenue, reads catalog.products. The council's review "
                    "would have blocked the change until its owner was told and the major version was bumped.",
)

q3 = ChoiceExercise(
    id="workshop.q3",
    level="tech",
    prompt="Round 2: release db_unreachable points at a database volume that is not there. It went through "
           "the smoke gate. Which stage of the pipeline stopped it?",
    var="q3_answer",
    options={"a": "build (its config is checked)",
             "b": "smoke after build, in the sandbox",
             "c": "smoke after deploy, on the live environment",
             "d": "none: it went live"},
    correct="c",
    why={"a": "Its config is well formed: every key is there and spelt right. The build passes.",
         "b": "The sandbox gets a fresh, migrated database, so the build smoke passes. The fault lives in the "
              "environment, not in the code.",
         "c": "Yes: only the live environment lacks the volume. The smoke after deploy fails and the pipeline "
              "rolls back — a few minutes of downtime, not an hour.",
         "d": "The pipeline never promotes a release whose smoke after deploy fails."},
    starter="q3_answer = ____",
    solution='q3_answer = "c"',
    hints=["Where does the fault live: in the code and config, or in the environment it is deployed to?"],
)

__all__ = ["____", "q1", "q2", "q3", "DROPPED", "consumers_broken_by"]
