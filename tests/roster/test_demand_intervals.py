"""Counting people on shift per interval (roster.demand.intervals): starts, ends, staggered breaks,
shifts across midnight, the previous month's last night."""
from __future__ import annotations

from roster.demand.intervals import IntervalCover, duty_minutes, on_shift_slots, shift_window, staff_by_interval
from roster.instance import Assignment, Instance, InstanceDay, Person, ShiftType

NIGHT = ShiftType("N", 480, 22 * 60, 7 * 60)          # 22:00–07:00, 60-min break
DAYSHIFT = ShiftType("A", 480, 9 * 60, 18 * 60)


def _instance(codes: list[list[str]], history: tuple[str, ...] = ()) -> Instance:
    days = [InstanceDay(d, d % 7) for d in range(len(codes[0]))]
    windows = {s.id: shift_window(s.id, s.start_min, s.end_min, s.minutes, None) for s in (NIGHT, DAYSHIFT)}
    people = [Person(f"P{i}", f"P{i}", "presale", history=history if i == 0 else ()) for i in range(len(codes))]
    return Instance("t", days, [NIGHT, DAYSHIFT], people, interval_cover=IntervalCover(30, windows))


class TestShiftWindow:
    def test_break_minutes_come_off_exactly(self):
        w = shift_window("A", 540, 1080, 480, None)
        minutes = duty_minutes(w, 30)
        assert sum(minutes.values()) == 480
        assert (w.break_start, w.break_end) == (750, 870)        # 12:30–14:30: centred, twice the break
        assert minutes[25] == minutes[26] == minutes[27] == minutes[28] == 15 and minutes[18] == 30

    def test_policy_window(self):
        w = shift_window("A", 540, 1080, 480, (720, 840))
        minutes = duty_minutes(w, 30)
        assert [minutes[k] for k in (24, 25, 26, 27)] == [15, 15, 15, 15] and minutes[28] == 30

    def test_uneven_shares_add_up(self):
        w = shift_window("X", 540, 1080, 495, (720, 810))           # 45 min over 90 min: 15 a half hour
        assert sum(duty_minutes(w, 30).values()) == 495
        w = shift_window("Y", 540, 1080, 470, (720, 810))           # 70 min over three half hours
        m = duty_minutes(w, 30)
        assert sum(m.values()) == 470 and sorted(m[k] for k in (24, 25, 26)) == [6, 7, 7]

    def test_start_off_the_grid(self):
        w = shift_window("H", 8 * 60 + 45, 17 * 60 + 45, 540, None)
        m = duty_minutes(w, 30)
        assert m[17] == 15 and m[35] == 15 and 16 not in m and 36 not in m


class TestAcrossMidnight:
    def test_night_shift_covers_next_day(self):
        w = shift_window("N", 22 * 60, 7 * 60, 480, None)
        assert w.end == 31 * 60
        slots = on_shift_slots(w, 30)
        assert min(slots) == 44 and max(slots) == 61                # 22:00 today .. 06:30 tomorrow

    def test_counted_on_the_next_day(self):
        inst = _instance([["N", "OFF", "OFF"], ["OFF", "A", "OFF"]])
        minutes, heads = staff_by_interval(inst, Assignment([row[:] for row in ([["N", "OFF", "OFF"], ["OFF", "A", "OFF"]])]))
        assert heads[0, 44, "presale"] == 1                          # 22:00 on day 0
        assert heads[1, 0, "presale"] == 1 and heads[1, 13, "presale"] == 1   # 00:00 and 06:30 on day 1
        assert (1, 14, "presale") not in heads                      # 07:00: the night is over
        assert heads[1, 18, "presale"] == 1                         # 09:00: the day shift
        assert (2, 0, "presale") not in heads
        assert sum(m for (d, _, _), m in minutes.items() if d in (0, 1)) == 480 + 480

    def test_last_night_of_the_horizon_leaves(self):
        inst = _instance([["OFF", "N"]])
        minutes, heads = staff_by_interval(inst, Assignment([["OFF", "N"]]))
        assert sum(minutes.values()) == 120              # 22:00–24:00 (the break is at 01:30–03:30)
        assert all(d == 1 for d, _, _ in heads)

    def test_previous_month_night_counts_on_day_0(self):
        inst = _instance([["OFF", "OFF"]], history=("A", "N"))
        minutes, heads = staff_by_interval(inst, Assignment([["OFF", "OFF"]]))
        assert heads[0, 0, "presale"] == 1 and heads[0, 13, "presale"] == 1
        assert (0, 14, "presale") not in heads
