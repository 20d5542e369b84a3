"""``python -m mesh_lab smoke --product ID``: one line per check with its time, exit 0/1/2 on each fault class."""

from __future__ import annotations

import re

import pytest

from mesh_lab.contracts import load_contract
from mesh_lab.data_smoke import smoke_command as main
from mesh_lab.datasets import product_paths
from mesh_lab.faults import DATA_FAULTS, inject

CSV, CONTRACT_PATH = product_paths("payments.transactions")
CONTRACT = load_contract(CONTRACT_PATH)
CHECKS = ["file readable", "columns present", "rows above zero", "fresh within SLA"]

#: fault -> (pillar, the check that stops it, or None when the smoke tier cannot see it: exit 0)
EXPECTED = {
    "missing file": ("schema", "file readable"),
    "empty file": ("volume", "file readable"),
    "dropped column": ("schema", "columns present"),
    "renamed column": ("schema", "columns present"),
    "volume drop": ("volume", "rows above zero"),
    "stale data": ("freshness", "fresh within SLA"),
    "late day": ("freshness", "fresh within SLA"),
    "type change": ("schema", None),
    "duplicates": ("distribution", None),
    "out-of-range values": ("distribution", None),
    "null spike": ("distribution", None),
    "pattern drift": ("distribution", None),
}


@pytest.fixture(scope="module")
def broken_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("faults")
    text = CSV.read_text(encoding="utf-8")
    paths = {}
    for name in DATA_FAULTS:
        path = folder / f"{name.replace(' ', '_')}.csv"
        broken = inject(name, text, CONTRACT, seed=2)
        if broken is not None:
            path.write_text(broken, encoding="utf-8")
        paths[name] = path
    return paths


def lines_of(output: str) -> dict[str, str]:
    return {name: line for line in output.splitlines() for name in CHECKS if f" {name} " in line}


def test_every_fault_of_the_library_has_an_expectation_here():
    assert set(EXPECTED) == set(DATA_FAULTS)
    assert all(DATA_FAULTS[name].pillar == pillar for name, (pillar, _) in EXPECTED.items())


def test_a_good_product_passes_with_one_timed_line_per_check(capsys):
    assert main(["--product", "payments.transactions"]) == 0
    out = capsys.readouterr().out
    found = lines_of(out)
    assert list(found) == CHECKS, out
    assert all(re.search(r"✅ .* \d+\.\d ms ", line) for line in found.values()), out
    assert "smoke PASSED" in out


@pytest.mark.parametrize("fault", list(EXPECTED))
def test_exit_code_and_failing_line_per_fault_class(broken_files, capsys, fault):
    _, stopped_by = EXPECTED[fault]
    code = main(["--product", "payments.transactions", "--csv", str(broken_files[fault])])
    out = capsys.readouterr().out
    found = lines_of(out)
    if stopped_by is None:
        assert code == 0, f"the smoke tier cannot see {fault!r}, so it passes:\n{out}"
        return
    assert code == 1, out
    assert found[stopped_by].startswith("❌"), out
    after = CHECKS[CHECKS.index(stopped_by) + 1:]
    assert all(found[name].startswith("⏭️") for name in after), f"fail-fast:\n{out}"


def test_now_moves_the_freshness_check(capsys):
    assert main(["--product", "payments.transactions", "--now", "2026-03-02T08:00:00Z"]) == 1
    assert "stale: newest created_at is 2 h 19 min 49 s old" in capsys.readouterr().out


def test_unknown_product_is_unusable_input_with_a_suggestion(capsys):
    assert main(["--product", "payments.transaction"]) == 2
    err = capsys.readouterr().err
    assert "did you mean payments.transactions?" in err and "--contract" in err


def test_unreadable_contract_and_bad_now_are_unusable_input(tmp_path, capsys):
    broken = tmp_path / "x.odcs.yaml"
    broken.write_text("apiVersion: [unclosed\n", encoding="utf-8")
    assert main(["--product", "marketing.x", "--contract", str(broken)]) == 2
    assert "x.odcs.yaml" in capsys.readouterr().err
    assert main(["--product", "marketing.x", "--contract", str(tmp_path / "absent.odcs.yaml")]) == 2
    assert main(["--product", "payments.transactions", "--now", "yesterday-ish"]) == 2
    assert "not a moment in time" in capsys.readouterr().err


def test_a_product_of_ones_own_is_smoked_through_its_contract(tmp_path, capsys):
    contract = tmp_path / "transactions.odcs.yaml"
    contract.write_text(CONTRACT_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "transactions.csv").write_text(CSV.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["--product", "mine.transactions", "--contract", str(contract)]) == 0
    assert str(tmp_path / "transactions.csv") in capsys.readouterr().out


def test_run_all_keeps_going_after_a_failure(broken_files, capsys):
    assert main(["--product", "payments.transactions", "--csv", str(broken_files["renamed column"]),
                 "--run-all"]) == 1
    found = lines_of(capsys.readouterr().out)
    assert not any(line.startswith("⏭️") for line in found.values())
