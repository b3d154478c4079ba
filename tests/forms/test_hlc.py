from forms.hlc import Clock, Stamp


def test_stamps_increase_when_wall_clock_stands_still():
    clock = Clock("dev", wall=lambda: 1000)
    stamps = [clock.now() for _ in range(5)]
    assert stamps == sorted(stamps) and len(set(stamps)) == 5


def test_stamps_increase_when_wall_clock_goes_back():
    walls = iter([5000, 4000, 3000])
    clock = Clock("dev", wall=lambda: next(walls))
    first, second, third = clock.now(), clock.now(), clock.now()
    assert first < second < third


def test_observe_moves_past_remote():
    clock = Clock("aaa", wall=lambda: 1000)
    clock.observe(str(Stamp(9_000, 3, "zzz")))
    assert clock.now() > str(Stamp(9_000, 3, "zzz"))


def test_text_order_matches_stamp_order():
    a, b = Stamp(999, 12, "x"), Stamp(1000, 0, "a")
    assert (str(a) < str(b)) == (a < b)
    assert Stamp.parse(str(a)) == a


def test_counter_full_carries_into_the_next_millisecond():
    clock = Clock("dev", last=str(Stamp(1000, 99_999, "dev")), wall=lambda: 1000)
    stamp = clock.now()
    assert stamp == str(Stamp(1001, 0, "dev")) and len(stamp) == len(str(Stamp(1, 1, "dev")))


def test_a_far_future_stamp_is_refused_and_the_clock_stays():
    import pytest

    from forms import hlc

    clock = Clock("aaa", wall=lambda: 1_000_000)
    before = clock.last
    for stamp in ("999999999999999-99999-evil", f"{1_000_000 + 400 * hlc.DAY:015d}-00000-x"):
        with pytest.raises(hlc.ClockError):
            clock.observe(stamp)
        assert clock.last == before
    clock.observe(f"{1_000_000 + 3 * hlc.DAY:015d}-00000-x")  # days off: a laptop's clock
    assert clock.last.millis == 1_000_000 + 3 * hlc.DAY


def test_a_poisoned_clock_refuses_to_stamp_until_reset():
    import pytest

    from forms import hlc

    clock = Clock("dev", last="1000000000000000-00000-dev", wall=lambda: 5000)
    with pytest.raises(hlc.ClockError, match="clock reset"):
        clock.now()
    clock.reset()
    assert clock.now() == str(Stamp(5000, 1, "dev"))


def test_clock_reset_command_recovers_a_poisoned_workspace(tmp_path):
    import pytest

    from forms import hlc
    from forms.workspace import Workspace
    from tests.sync.helpers import cli

    with Workspace.open(tmp_path / "ws") as ws:
        ws.record("unit", "u1", {"name": "东区"})
        ws.local_set("hlc", "1000000000000000-00000-" + ws.device_id)  # past the format
    with Workspace.open(tmp_path / "ws") as ws:  # it still opens
        with pytest.raises(hlc.ClockError, match="siteledger clock reset"):
            ws.record("unit", "u1", {"name": "东区管委会"})
    out = cli("clock", "reset", home=tmp_path / "ws").stdout
    assert "clock reset" in out
    with Workspace.open(tmp_path / "ws") as ws:
        change = ws.record("unit", "u1", {"name": "东区管委会"})
        assert change["hlc"] > ws.db.execute("SELECT MIN(hlc) FROM changes").fetchone()[0]
        assert change["hlc"] < "9"
