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
