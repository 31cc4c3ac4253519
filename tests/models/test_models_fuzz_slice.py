"""A 500-case slice of ``make fuzz``: damaged copies of one vault, read through the models.

Every case must either read exactly like the undamaged vault or report what is
damaged; none may raise an exception Trellis does not expect or run past its time
limit. Silent wrong results are counted and printed (``pytest -s``), not asserted yet.
"""

from __future__ import annotations

import time

import pytest

from tools import fuzz_vault

CASES = 500
SEED = 20_26


@pytest.fixture(scope="module")
def slice_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz-base")
    started = time.perf_counter()
    summary, results = fuzz_vault.fuzz(CASES, SEED, workers=2, timeout=5.0,
                                       base_dir=folder, quiet=True)
    lines: list[str] = []
    fuzz_vault.report(summary, SEED, out=lines.append)
    print("\n".join(lines))
    return summary, results, time.perf_counter() - started


@pytest.mark.slow
def test_every_case_ran_and_the_controls_read_exactly_the_original(slice_run):
    summary, results, _ = slice_run
    assert [r["case"] for r in results] == list(range(CASES))
    controls = [r for r in results if r["kind"] == "none"]
    assert controls and all(r["outcome"] == "ok" for r in controls), controls
    # Every mutation kind was tried, and the damage was seen: the reads can tell.
    assert set(summary.counts) == set(fuzz_vault.KINDS)
    assert summary.totals["reported"] > CASES // 5


@pytest.mark.slow
def test_no_damaged_vault_raises_an_unexpected_exception_or_hangs(slice_run):
    summary, _, _ = slice_run
    sites = [f"{kind} {exc} at {where} (case {summary.examples[(kind, exc, where, via)]})"
             for (kind, exc, where, via) in summary.unhandled_sites]
    hangs = [f"{r['kind']} {r['detail']} (case {r['case']})" for r in summary.hangs]
    assert summary.totals["unhandled"] == 0, "\n".join(sites)
    assert summary.totals["hang"] == 0, "\n".join(hangs)


def test_the_judge_tells_ok_reported_unhandled_and_silent_wrong_apart():
    reference = {"both": {"open": ("value", "opened"), "names": ("value", {"1": "Avery"}),
                          "agreements": ("value", {"values": [{"uuid": "a", "status": "agreed"},
                                                              {"uuid": "b", "status": "draft"}],
                                                   "damaged": []})}}

    def judge(**changes):
        got = {"both": {**reference["both"], **changes}}
        return fuzz_vault.outcome_of(fuzz_vault.compare(reference, got, {}))

    def loaded(values, damaged=()):
        return ("value", {"values": values, "damaged": list(damaged)})

    agreed, draft = {"uuid": "a", "status": "agreed"}, {"uuid": "b", "status": "draft"}
    assert judge() == "ok"
    assert judge(names=("value", {"1": ""})) == "silent wrong"
    assert judge(agreements=loaded([{"uuid": "a", "status": "paused"}, draft])) == "silent wrong"
    assert judge(agreements=loaded([agreed])) == "silent wrong"  # b vanished, unreported
    assert judge(agreements=loaded([agreed], [{"uuid": "b", "detail": "x"}])) == "reported"
    assert judge(agreements=loaded([draft, agreed])) == "silent wrong"  # order
    trellis = {"trellis": True, "type": "VaultDamaged", "where": "-", "via": "-"}
    other = {"trellis": False, "type": "KeyError", "where": "-", "via": "-"}
    assert judge(names=("error", trellis)) == "reported"
    assert judge(names=("error", other)) == "unhandled"
