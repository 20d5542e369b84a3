"""Learning: the machinery that lets a learner check themselves, shared by every notebook.

* ``engine`` — exercises (value, function, choice) and their results; the registry.
* ``quiz`` — multiple-choice questions, by widget or by ``quiz.answer("b")``.
* ``answers`` — comparing a learner's answer with the expected one, and explaining the difference.
* ``sandbox`` — a time limit and copied arguments around a learner's code.
* ``predict`` — “predict, then run”: compare the learner's prediction with what happened.
* ``cells`` — in a kernel, sees exercise cells that failed so their check can say so.
* ``generated`` — seeded generated inputs and shrinking for function exercises.
* ``progress`` — the learner's ``progress.json``.
* ``selftest`` — proves every exercise: starter → not attempted, solution → correct, mistakes → their message.
* ``service_checks`` — exercises whose answer is a smoke check run against the demo service.

An exercise module (``mesh_lab/exercises/<notebook>.py``) imports what it needs from here.
"""

from __future__ import annotations

from mesh_lab.learning.answers import (
    ____,
    answers_equal,
    describe,
    explain_difference,
    is_blank,
    is_number,
    words,
)
from mesh_lab.learning.engine import (
    ChoiceExercise,
    Exercise,
    ExerciseError,
    FunctionExercise,
    Mistake,
    Option,
    OrderExercise,
    Result,
    ValueExercise,
    all_exercises,
    code_objects,
    get_exercise,
    names_used,
    recording,
    registered_counts,
    registry,
    string_constants,
    uses_blank,
)
from mesh_lab.learning.predict import PredictionResult, compare_prediction
from mesh_lab.learning.quiz import Quiz

__all__ = [
    "____",
    "ChoiceExercise",
    "Exercise",
    "ExerciseError",
    "FunctionExercise",
    "Mistake",
    "Option",
    "OrderExercise",
    "PredictionResult",
    "Quiz",
    "Result",
    "ValueExercise",
    "all_exercises",
    "answers_equal",
    "compare_prediction",
    "describe",
    "explain_difference",
    "get_exercise",
    "code_objects",
    "is_blank",
    "is_number",
    "names_used",
    "progress_main",
    "recording",
    "registered_counts",
    "registry",
    "string_constants",
    "uses_blank",
    "words",
]


def progress_main(argv: list[str] | None = None) -> int:
    """``python -m mesh_lab progress``: the progress tables, counting every registered exercise;
    with ``--collect PATH…`` the class view of many learners (:mod:`mesh_lab.learning.classroom`)."""
    if argv and "--collect" in argv:
        from mesh_lab.learning import classroom

        return classroom.main(argv)
    from mesh_lab.learning import progress

    return progress.main(argv, registered=registered_counts)
