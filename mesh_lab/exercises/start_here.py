"""Exercises of ``notebooks/00_start_here.ipynb``: a warm-up and a first quiz.

They show how every notebook lets a learner check themselves: ``q1.check()``, ``q1.hint()``,
``q1.solution()``, and a quiz answered by widget or by ``quiz1.answer("b")``.
"""

from mesh_lab.learning import Mistake, Option, Quiz, ValueExercise, ____

CHECKS, SECONDS_EACH = 5, 3

q1 = ValueExercise(
    id="start_here.q1",
    level="kid",
    prompt=f"A smoke test has {CHECKS} checks. Each check takes {SECONDS_EACH} seconds. "
           "How many seconds does the whole smoke test take?",
    var="seconds",
    expected=CHECKS * SECONDS_EACH,
    starter="seconds = ____",
    solution="seconds = 5 * 3",
    hints=[
        "Every check takes the same time. You have 5 of them, 3 seconds each.",
        "5 checks of 3 seconds: that is 3 + 3 + 3 + 3 + 3. Python can do it with a star: 5 * 3",
    ],
    mistakes=[
        Mistake(name="added_instead_of_multiplied", when=CHECKS + SECONDS_EACH, example="seconds = 5 + 3",
                message="You added 5 and 3. But each of the 5 checks takes 3 seconds, "
                        "so you need 3 seconds five times."),
        Mistake(name="one_check_only", when=SECONDS_EACH, example="seconds = 3",
                message="3 seconds is one check. The smoke test runs all 5 checks, one after the other."),
        Mistake(name="text_not_number", when=lambda answer: isinstance(answer, str),
                example='seconds = "5 * 3"',
                message="That is text, because it has quotes around it. Python does not calculate text. "
                        "Remove the quotes so Python can do the sum."),
        Mistake(name="in_brackets", when=lambda answer: isinstance(answer, (list, tuple, set)),
                example="seconds = [5, 3]",
                message="You put brackets around your answer. We want just one number. "
                        "Take away the brackets and write just the sum."),
        Mistake(name="printed_instead_of_kept", when=lambda answer: answer is None,
                example="seconds = print(5)",
                message="seconds is empty. print( ) only shows a number on the screen. It does not keep it. "
                        "Write seconds = and then the sum, without print."),
    ],
    correct_message="Yes! 15 seconds. Fast enough to run after every change: that is what makes it a smoke test.",
)

quiz1 = Quiz(
    id="start_here.quiz1",
    level="kid",
    question="A new toy robot arrives in a box. Which of these is a smoke test?",
    options=[
        Option("a", "Read the whole manual and try every button, for a week.", correct=False,
               why="That is a full test. It is useful, but it is slow. A smoke test is quick."),
        Option("b", "Press the power button and check that the lights turn on.", correct=True,
               why="Yes! One quick check: does it basically work? If not, stop and fix it first."),
        Option("c", "Paint the robot blue.", correct=False,
               why="Painting changes the robot. It does not check that the robot works."),
    ],
    starter="quiz1.show()",
    solution='quiz1.answer("b")',
)

__all__ = ["____", "q1", "quiz1"]
