import random
import threading
import time
import uuid

import pytest

from forms import ids


def _parse(text: str) -> uuid.UUID:
    value = uuid.UUID(text)
    assert str(value) == text
    return value


def test_new_id_is_a_uuid7_stamped_now():
    before = time.time_ns() // 1_000_000
    value = _parse(ids.new_id())
    after = time.time_ns() // 1_000_000
    assert value.version == 7
    assert value.variant == uuid.RFC_4122
    assert before <= value.int >> 80 <= after


def test_ids_are_unique_and_increase_within_a_process():
    made = [ids.new_id() for _ in range(20_000)]
    assert len(set(made)) == len(made)
    assert made == sorted(made)
    assert [_parse(m).int for m in made] == sorted(_parse(m).int for m in made)


@pytest.fixture
def fake_clock(monkeypatch):
    """The process's last id is restored afterwards, so later tests get ids of the real time."""
    monkeypatch.setattr(ids, "_last_ms", ids._last_ms)
    monkeypatch.setattr(ids, "_last_tail", ids._last_tail)
    now = [time.time_ns() + 10**12]  # ahead of every id made so far
    monkeypatch.setattr(ids.time, "time_ns", lambda: now[0])
    return now


def test_ids_increase_when_the_clock_stands_still_or_steps_back(fake_clock):
    now = fake_clock
    first = ids.new_id()
    second = ids.new_id()
    now[0] -= 5 * 10**9  # the wall clock is set back five seconds
    third = ids.new_id()
    assert first < second < third
    assert _parse(third).int >> 80 == now[0] // 1_000_000 + 5000  # kept the last millisecond


def test_counter_overflow_moves_to_the_next_millisecond(fake_clock, monkeypatch):
    now = fake_clock[0]
    first = ids.new_id()
    monkeypatch.setattr(ids, "_last_tail", (1 << 74) - 1)
    second = ids.new_id()
    assert first < second
    assert _parse(second).int >> 80 == now // 1_000_000 + 1
    assert _parse(second).version == 7


def test_ids_from_threads_are_unique():
    made: list[str] = []

    def make() -> None:
        made.extend(ids.new_id() for _ in range(2_000))

    threads = [threading.Thread(target=make) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(made)) == 8_000


def test_id_at_is_deterministic_and_keeps_its_layout():
    rng = random.Random(7)
    made = ids.id_at(1_790_000_000_000, rng)
    rng = random.Random(7)
    a, b = rng.getrandbits(12), rng.getrandbits(62)
    expected = (1_790_000_000_000 << 80) | (0x7 << 76) | (a << 64) | (0b10 << 62) | b
    assert made == str(uuid.UUID(int=expected))
    assert made == ids.id_at(1_790_000_000_000, random.Random(7))
    assert _parse(made).version == 7
