"""Kid sections read at about Flesch–Kincaid grade 4 or below, Teen sections at grade 8 or below (DESIGN.md).

The grade is the standard Flesch–Kincaid formula, 0.39·(words/sentence) + 11.8·(syllables/word) − 15.59,
over a section's markdown with code and link targets removed. Syllables are counted with the usual
vowel-group heuristic, so the figure is an estimate (about ±1 grade): the limits guard against a section
drifting into long sentences and long words, not against one unlucky word.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
LIMITS = {"👶": 4.0, "🧑‍🎓": 8.0}


def syllables(word: str) -> int:
    word = re.sub(r"[^a-z]", "", word.lower())
    if not word:
        return 0
    if len(word) <= 3:
        return 1
    word = re.sub(r"(?:[^laeiouy]es|ed|[^laeiouy]e)$", "", word)
    word = re.sub(r"^y", "", word)
    return max(1, len(re.findall(r"[aeiouy]{1,2}", word)))


def grade(markdown: str) -> float:
    text = re.sub(r"`[^`]*`", "", markdown)                      # inline code is not prose
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)          # keep a link's words, drop its target
    text = re.sub(r"[*_>#|]", " ", text)
    sentences = [s for s in re.split(r"[.!?]+|\n\s*\n|\n\s*[-*] ", text) if re.search(r"[A-Za-z]", s)]
    words = re.findall(r"[A-Za-z’']+", text)
    if not words:
        return 0.0
    return 0.39 * len(words) / len(sentences) + 11.8 * sum(map(syllables, words)) / len(words) - 15.59


def section(notebook: Path, icon: str) -> str:
    """The markdown of the ``## <icon> …`` section, up to the next ``## `` heading."""
    lines, inside = [], False
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        for line in "".join(cell["source"]).splitlines():
            if line.startswith("## "):
                inside = line.startswith(f"## {icon}")
            elif inside:
                lines.append(line)
    return "\n".join(lines)


CASES = [(nb, icon) for nb in sorted(NOTEBOOKS.rglob("*.ipynb")) if ".ipynb_checkpoints" not in nb.parts
         for icon in LIMITS if section(nb, icon).strip()]


@pytest.mark.parametrize(("notebook", "icon"), CASES, ids=[f"{n.stem}-{i}" for n, i in CASES])
def test_section_reads_at_its_level(notebook, icon):
    found = grade(section(notebook, icon))
    assert found <= LIMITS[icon], (
        f"{notebook.name}: the {icon} section reads at grade {found:.1f}, above {LIMITS[icon]:g}. "
        "Shorten sentences and prefer short, concrete words.")


def test_every_level_one_notebook_is_checked():
    checked = {n.stem for n, _ in CASES}
    assert {"01_what_is_data_mesh", "01_what_is_smoke_testing"} <= checked


def test_the_measure_tells_plain_from_dense_text():
    kid = "You press one button. Does the toy turn on? If not, you stop. You fix it first."
    dense = ("A sociotechnical approach in which domains own and serve their data as products, enabled by a "
             "self-serve data platform, with federated computational governance enforcing interoperability.")
    assert grade(kid) <= 2 < 12 <= grade(dense)
