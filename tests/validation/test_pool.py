"""The worker pool of catalog runs: results in order, shares taken over, errors raised."""

from __future__ import annotations

import multiprocessing
import os

import pytest

from rolegraph.validation import pool


def square(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def fail_on_seven(n: int) -> int:
    if n == 7:
        raise ValueError("seven")
    return n


def remember(n: int) -> int:
    pool.kept[n] = os.getpid()
    return os.getpid()


def recall(n: int) -> int | None:
    return pool.kept.get(n)


@pytest.fixture
def workers() -> pool.ShardPool:
    with pool.ShardPool(2, multiprocessing.get_context("fork")) as running:
        yield running


def test_results_come_back_in_order_and_a_free_worker_takes_over(
    workers: pool.ShardPool,
) -> None:
    items = list(range(40))
    results = workers.map(square, items, [0] * len(items))  # all given to worker 0
    assert [r for r, _pid in results] == [n * n for n in items]
    assert set(workers.ran_in) == {0, 1}  # worker 1 took chunks of worker 0's share
    assert len({pid for _r, pid in results}) == 2


def test_what_a_worker_kept_is_there_for_its_next_call(workers: pool.ShardPool) -> None:
    items = list(range(20))
    pids = workers.map(remember, items, [n % 2 for n in items])
    first = list(workers.ran_in)
    again = workers.map(recall, items, first)
    for n in items:  # where an item ran again (unless taken over), it finds what was kept
        assert again[n] == (pids[n] if workers.ran_in[n] == first[n] else None)
    assert any(again)


def test_an_error_in_a_worker_is_raised_in_the_caller(workers: pool.ShardPool) -> None:
    with pytest.raises(ValueError, match="seven"):
        workers.map(fail_on_seven, list(range(10)), [0, 1] * 5)


def test_items_are_prepared_when_sent_and_results_handed_over_as_they_come(
    workers: pool.ShardPool,
) -> None:
    seen: dict[int, int] = {}
    results = workers.map(
        square,
        list(range(30)),
        [0, 1] * 15,
        prepare=lambda n: n + 1,
        on_result=lambda position, result: seen.__setitem__(position, result[0]),
    )
    assert [r for r, _pid in results] == [(n + 1) ** 2 for n in range(30)]
    assert seen == {n: (n + 1) ** 2 for n in range(30)}
