"""Exercises of ``notebooks/00_start_here.ipynb``: three checks per level, on the kit's own self-check.

They show how every notebook lets a learner check themselves: ``q1.check()``, ``q1.hint()``,
``q1.solution()``, and a quiz answered by widget or by ``quiz1.answer("b")``.

👶 Kid: ``quiz2`` (what a ✘ means), ``q1`` (seconds of a smoke test), ``q2`` (is the kit ready?).
🧑‍🎓 Teen: ``quiz3`` (what the slider proves), ``q3`` (one shared platform), ``q4`` (fixing a ✘, in order).
👨‍💻 Tech Lead: ``quiz4``–``quiz6`` (what the doctor proves, reports, exits with), ``q5`` (make smoke's steps).
✅ Check yourself: ``quiz1`` (👶) and ``quiz7`` (👨‍💻).
"""

from typing import Any

from mesh_lab.learning import Mistake, Option, OrderExercise, Quiz, ValueExercise, ____

CHECKS, SECONDS_EACH = 5, 3


def _is_plain_number(answer: Any) -> bool:
    """An int or a float, not True/False (which Python also counts as numbers)."""
    return isinstance(answer, (int, float)) and not isinstance(answer, bool)


def _near(*values: float):
    """A predicate: the answer is a plain number close to one of ``values``."""
    return lambda answer: _is_plain_number(answer) and any(abs(answer - v) < 1e-6 for v in values)

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
        Mistake(name="counted_checks_not_seconds", when=CHECKS, example="seconds = 5",
                message="5 is how many checks there are, not how long they take. "
                        "Each check takes 3 seconds."),
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
        Mistake(name="yes_no_not_a_number", when=lambda answer: isinstance(answer, bool),
                example="seconds = True",
                message="True and False are yes-or-no answers. This question wants a number: how many seconds?"),
        Mistake(name="power_not_times", when=CHECKS ** SECONDS_EACH, example="seconds = 5 ** 3",
                message="Two stars ** mean “to the power of”: 5 ** 3 is 5 × 5 × 5. "
                        "One star * means “times”."),
        Mistake(name="divided_instead_of_multiplied", when=_near(CHECKS / SECONDS_EACH, SECONDS_EACH / CHECKS),
                example="seconds = 5 / 3",
                message="The slash / means “divided by”. Each check adds 3 more seconds, so you need “times”: "
                        "one star *."),
        Mistake(name="minutes_not_seconds", when=_near(CHECKS * SECONDS_EACH / 60),
                example="seconds = 5 * 3 / 60",
                message="That is in minutes. The question asks for seconds, so you do not need to divide by 60."),
        Mistake(name="miscounted_checks", when=_near((CHECKS - 1) * SECONDS_EACH, (CHECKS + 1) * SECONDS_EACH),
                example="seconds = 4 * 3",
                message="Close! That is 3 seconds for one check too few, or for one too many. "
                        "Read the question again: how many checks are there?"),
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

# --- 👶 Kid ---------------------------------------------------------------------------------------

quiz2 = Quiz(
    id="start_here.quiz2",
    level="kid",
    question="One row of the self-check table has a red ✘. What does the ✘ mean?",
    options=[
        Option("a", "That part works. Go on and play.", correct=False,
               why="No. A ✔ means a part works. A ✘ means it does not work yet."),
        Option("b", "That part does not work yet. The row says how to fix it.", correct=True,
               why="Yes! Fix that part first. Then run the check again."),
        Option("c", "That check was too fast.", correct=False,
               why="No. Speed does not matter here. A ✘ means a part is broken."),
    ],
)

READY_ROWS, BROKEN_ROWS = 8, 1

q2 = ValueExercise(
    id="start_here.q2",
    level="kid",
    prompt=f"The self-check table has {READY_ROWS} rows with ✔ and {BROKEN_ROWS} row with ✘. "
           "Is the kit ready to play with? Write True (yes) or False (no).",
    var="kit_ready",
    expected=False,
    starter="kit_ready = ____",
    solution="kit_ready = False",
    hints=[
        "Look at the ✘ row. Does that part work?",
        "One part is broken. A toy with one broken part is not ready yet. Write False.",
    ],
    mistakes=[
        Mistake(name="ready_with_a_broken_part", when=True, example="kit_ready = True",
                message="Not yet! Most parts work, but one row has a ✘. That part is broken. "
                        "Fix it first, then play."),
        Mistake(name="yes_no_as_text", when=lambda answer: isinstance(answer, str),
                example='kit_ready = "False"',
                message="That is text, because it has quotes around it. Write True or False with no quotes. "
                        "Python knows these two words."),
        Mistake(name="a_number", when=lambda answer: isinstance(answer, (int, float)) and not isinstance(answer, bool),
                example="kit_ready = 8",
                message="That is a number. The question is yes or no. Write True for yes or False for no."),
        Mistake(name="left_empty", when=lambda answer: answer is None, example="kit_ready = None",
                message="kit_ready is empty: None means “nothing”. Write True for yes or False for no."),
        Mistake(name="in_brackets", when=lambda answer: isinstance(answer, (list, tuple, set, dict)),
                example="kit_ready = [False]",
                message="Take away the brackets. The answer is just one word: True or False."),
    ],
    correct_message="Yes! One ✘ is enough to stop. Fix it first, then play.",
)

# --- 🧑‍🎓 Teen -------------------------------------------------------------------------------------

quiz3 = Quiz(
    id="start_here.quiz3",
    level="teen",
    question="You move the slider and the picture redraws. What does that prove?",
    options=[
        Option("a", "Your data is correct.", correct=False,
               why="The slider does not look at any data. It only shows that the live controls work."),
        Option("b", "Your internet is fast.", correct=False,
               why="The kit runs on your own computer. The slider talks to Python, not to the internet."),
        Option("c", "Widgets work in your JupyterLab: the page and Python talk to each other.", correct=True,
               why="Yes. Moving the slider sends a number to Python, and Python sends back a new picture."),
    ],
)

DOMAINS_ON_SLIDER = 6

q3 = ValueExercise(
    id="start_here.q3",
    level="teen",
    prompt=f"Move the slider to {DOMAINS_ON_SLIDER}. Six teams each own their data. "
           "How many shared platforms do they use?",
    var="platforms",
    expected=1,
    starter="platforms = ____",
    solution="platforms = 1",
    hints=[
        "Look at the middle of the picture. What do all the dashed lines lead to?",
        "Every team plugs into the same circle in the middle: the shared platform. Count the circles.",
    ],
    mistakes=[
        Mistake(name="one_platform_per_team", when=DOMAINS_ON_SLIDER, example="platforms = 6",
                message="6 is one platform per team. Look at the middle of the picture: every team plugs into "
                        "the same circle. Each team owns its data, but nobody builds a platform alone."),
        Mistake(name="counted_teams_too", when=DOMAINS_ON_SLIDER + 1, example="platforms = 7",
                message="7 counts the 6 teams plus the platform. Count only the shared platforms."),
        Mistake(name="no_platform", when=0, example="platforms = 0",
                message="0 would mean every team is on its own. But all the dashed lines lead somewhere. Where?"),
        Mistake(name="more_than_one",
                when=lambda a: isinstance(a, (int, float)) and not isinstance(a, bool) and a > 1,
                example="platforms = 2",
                message="More than one platform would mean some teams build their own. Look at the middle of "
                        "the picture: how many circles do the dashed lines lead to?"),
        Mistake(name="number_as_text", when=lambda answer: isinstance(answer, str), example='platforms = "1"',
                message="That is text, because it has quotes around it. Write the number without quotes."),
        Mistake(name="yes_no_not_a_number", when=lambda answer: isinstance(answer, bool),
                example="platforms = True",
                message="True and False are yes-or-no answers. This question asks “how many?”: write a number."),
        Mistake(name="in_brackets", when=lambda answer: isinstance(answer, (list, tuple, set, dict)),
                example="platforms = [1]",
                message="Take away the brackets: the answer is one number."),
        Mistake(name="left_empty", when=lambda answer: answer is None, example="platforms = None",
                message="platforms is empty: None means “nothing”. Count the shared platforms and write the number."),
    ],
    correct_message="Yes: one. Teams own their data; they share one platform and one set of rules.",
)

#: the steps of q4, by name (the notebook shows them in this mixed-up order)
FIX_STEPS = {
    "rerun": "run the self-check again",
    "fix": "do what the “how to fix” column says",
    "read": "read the row with the ✘",
    "restart": "restart the kernel (menu Kernel → Restart Kernel…)",
}
FIX_ORDER = ["read", "fix", "restart", "rerun"]

q4 = OrderExercise(
    id="start_here.q4",
    level="teen",
    prompt="A ✘ shows up in your self-check. Put the four steps of FIX_STEPS in the order you do them.",
    var="fix_steps",
    expected=FIX_ORDER,
    starter="fix_steps = [____, ____, ____, ____]",
    solution=f"fix_steps = {FIX_ORDER!r}",
    hints=[
        "What do you need to know before you can fix anything?",
        "Read, then fix. The kernel only sees the fix after a restart. Then check again.",
    ],
    mistakes=[
        Mistake(name="not_a_list", when=lambda a: isinstance(a, (str, set, frozenset)),
                example='fix_steps = "read, fix, restart, rerun"',
                message="Put each step’s name in its own quotes, inside square brackets: "
                        "[\"…\", \"…\", \"…\", \"…\"]."),
        Mistake(name="unknown_step", when=lambda a: any(not isinstance(step, str) or step not in FIX_STEPS
                                                        for step in a),
                example='fix_steps = ["read the row", "fix", "restart", "rerun"]',
                message=f"Use the four names of FIX_STEPS, spelt exactly: {', '.join(map(repr, FIX_STEPS))}."),
        Mistake(name="each_step_once", when=lambda a: sorted(a) != sorted(FIX_STEPS),
                example='fix_steps = ["read", "fix", "fix", "rerun"]',
                message="Each of the four steps goes in the list exactly once."),
        Mistake(name="rerun_before_fixing", when=lambda a: a.index("rerun") < a.index("fix"),
                example='fix_steps = ["read", "rerun", "fix", "restart"]',
                message="Running the check again before the fix gives the same ✘: nothing changed yet."),
        Mistake(name="fix_before_reading", when=lambda a: a.index("fix") < a.index("read"),
                example='fix_steps = ["fix", "read", "restart", "rerun"]',
                message="How do you know what to fix before you read the row? Reading comes first."),
        Mistake(name="restart_before_fixing", when=lambda a: a.index("restart") < a.index("fix"),
                example='fix_steps = ["read", "restart", "fix", "rerun"]',
                message="A restart before the fix does not help: the kernel still starts with the broken part. "
                        "Restart after the fix, so the kernel loads the repaired one."),
        Mistake(name="rerun_before_restart", when=lambda a: a.index("rerun") < a.index("restart"),
                example='fix_steps = ["read", "fix", "rerun", "restart"]',
                message="You ran the check again before the restart. The kernel still has the old, broken part "
                        "loaded, so you may still see the ✘. Restart first, then check."),
    ],
    correct_message="Yes: read, fix, restart, rerun. The same loop fixes most setup problems.",
)

# --- 👨‍💻 Tech Lead --------------------------------------------------------------------------------

quiz4 = Quiz(
    id="start_here.quiz4",
    level="tech",
    question="Every row of the doctor is ✔. What does that prove?",
    options=[
        Option("a", "Every notebook runs from top to bottom.", correct=False,
               why="That is what `make test` proves (nbval runs every notebook). The doctor is a smoke "
                   "test: it checks the parts are there and start, not that every lesson works."),
        Option("b", "The parts are there and start: Python, packages, data, plots, widgets, kernel, "
                    "workspace.", correct=True,
               why="Yes. Small and fast on purpose: a smoke test, not a full test."),
        Option("c", "Your exercise answers will be correct.", correct=False,
               why="The doctor checks the machine, not the learner. Exercises check themselves."),
    ],
)

quiz5 = Quiz(
    id="start_here.quiz5",
    level="tech",
    question="One of the doctor’s check functions raises an exception. What does the doctor show?",
    options=[
        Option("a", "A traceback, and no table.", correct=False,
               why="A smoke test that crashes on its first problem hides all the others. The doctor catches "
                   "the exception and reports it as a failed row."),
        Option("b", "The full table, with that check as a ✘ row saying what crashed and how to fix it.",
               correct=True,
               why="Yes: problems are reported, not raised, so one broken check never hides the rest."),
        Option("c", "The table without that check.", correct=False,
               why="Leaving a check out silently would turn a broken part into a green table: the worst "
                   "outcome for a smoke test."),
    ],
)

quiz6 = Quiz(
    id="start_here.quiz6",
    level="tech",
    question="A CI job runs `python -m mesh_lab doctor` before the workshop. How does the job know "
             "whether to continue?",
    options=[
        Option("a", "It searches the output for ✘.", correct=False,
               why="Parsing the text is fragile (a console may print FAIL instead of ✘). Use the exit code."),
        Option("b", "The exit code: 0 when every check passed, 1 when one failed.", correct=True,
               why="Yes. `set -e` or `make` stop at the first non-zero exit code: fail fast."),
        Option("c", "It cannot: someone must read the table.", correct=False,
               why="A smoke test is for machines too: the exit code tells a script to stop."),
    ],
)

#: the steps of `make smoke` (q5), in a mixed-up order
SMOKE_STEPS = {
    "journey": "a kernel runs `import mesh_lab` and prints its version",
    "cleanup": "stop JupyterLab and the kernel, remove the temporary folder",
    "boot": "start JupyterLab headless on 127.0.0.1",
    "health": "GET /api/status answers",
}
SMOKE_ORDER = ["boot", "health", "journey", "cleanup"]

q5 = OrderExercise(
    id="start_here.q5",
    level="tech",
    prompt="Put four of the steps of `make smoke` (SMOKE_STEPS) in the order a fail-fast smoke test runs "
           "them.",
    var="smoke_steps",
    expected=SMOKE_ORDER,
    starter="smoke_steps = [____, ____, ____, ____]",
    solution=f"smoke_steps = {SMOKE_ORDER!r}",
    hints=[
        "Each step only means something if the steps it depends on passed. What depends on nothing?",
        "Boot, then the cheap health check, then the slow key journey; cleanup runs last, even after a failure.",
    ],
    mistakes=[
        Mistake(name="not_a_list", when=lambda a: isinstance(a, (str, set, frozenset)),
                example='smoke_steps = {"boot", "health", "journey", "cleanup"}',
                message="An order needs a list in square brackets (a set has no order, a string is one name)."),
        Mistake(name="unknown_step", when=lambda a: any(not isinstance(step, str) or step not in SMOKE_STEPS
                                                        for step in a),
                example='smoke_steps = ["start", "health", "journey", "cleanup"]',
                message=f"Use the four names of SMOKE_STEPS, spelt exactly: {', '.join(map(repr, SMOKE_STEPS))}."),
        Mistake(name="each_step_once", when=lambda a: sorted(a) != sorted(SMOKE_STEPS),
                example='smoke_steps = ["boot", "health", "health", "cleanup"]',
                message="Each of the four steps goes in the list exactly once."),
        Mistake(name="cleanup_not_last", when=lambda a: a[-1] != "cleanup",
                example='smoke_steps = ["cleanup", "boot", "health", "journey"]',
                message="Cleanup stops what the test started, so it comes last (in a `finally`, so it also "
                        "runs when a step failed). Before the boot there is nothing to clean up."),
        Mistake(name="journey_before_health", when=lambda a: a.index("journey") < a.index("health"),
                example='smoke_steps = ["boot", "journey", "health", "cleanup"]',
                message="The journey is the slowest step and needs a server that answers. Check /api/status "
                        "first: when it fails you know in a second, instead of waiting for a kernel to time out."),
        Mistake(name="boot_not_first", when=lambda a: a[0] != "boot",
                example='smoke_steps = ["health", "boot", "journey", "cleanup"]',
                message="Nothing can answer before it has started: boot comes first."),
    ],
    correct_message="Yes: boot → health → one key journey, stop at the first failure, always clean up.",
)

# --- ✅ Check yourself ------------------------------------------------------------------------------

quiz7 = Quiz(
    id="start_here.quiz7",
    level="tech",
    question="Your team’s smoke test has grown to 12 minutes and now checks edge cases. What has it become?",
    options=[
        Option("a", "A better smoke test.", correct=False,
               why="Slower is not better here: a smoke test runs after every build and deploy, so it must "
                   "take seconds to a few minutes."),
        Option("b", "A regression suite: useful, but not a smoke test anymore. Keep a small, fast smoke "
                    "part in front of it.", correct=True,
               why="Yes. If it takes more than a few minutes or tests edge cases, it is not smoke testing "
                   "anymore."),
        Option("c", "A health check.", correct=False,
               why="A health check is one endpoint answering “I am up”: smaller than a smoke test, not bigger."),
    ],
)

__all__ = ["____", "FIX_STEPS", "SMOKE_STEPS", "q1", "q2", "q3", "q4", "q5",
           "quiz1", "quiz2", "quiz3", "quiz4", "quiz5", "quiz6", "quiz7"]
