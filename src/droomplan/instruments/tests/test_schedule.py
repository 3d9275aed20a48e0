import datetime
import random

from droomplan.instruments.schedule import (
    BASELINE,
    DONE,
    DUE,
    END,
    FOLLOW_UP,
    MISSED,
    OVERDUE,
    UPCOMING,
    add_months,
    due_reminders,
    occasions,
    reminders,
    schedule,
)

D = datetime.date
START = D(2025, 2, 1)
CODES = ("pss-10", "brug")


def states(today, taken=(), end_date=None, start=START, **kw):
    entries = schedule(
        start_date=start, end_date=end_date, today=today, taken=taken, instruments=CODES, **kw
    )
    return {(e.occasion.key, e.instrument): e.state for e in entries}


def test_add_months_clamps_to_the_end_of_the_month():
    assert add_months(D(2025, 8, 31), 6) == D(2026, 2, 28)
    assert add_months(D(2023, 8, 31), 6) == D(2024, 2, 29)
    assert add_months(D(2024, 2, 29), 12) == D(2025, 2, 28)
    assert add_months(D(2025, 11, 15), 2) == D(2026, 1, 15)


def test_no_start_no_schedule():
    assert schedule(start_date=None, end_date=None, today=START, taken=[], instruments=CODES) == []


def test_baseline_is_due_until_four_weeks_after_the_start_then_overdue():
    assert states(START)[("baseline", "pss-10")] == DUE
    assert states(START + datetime.timedelta(weeks=4))[("baseline", "pss-10")] == DUE
    assert states(START + datetime.timedelta(weeks=4, days=1))[("baseline", "pss-10")] == OVERDUE
    # before the start it is already open (a measurement at intake counts)
    assert states(START - datetime.timedelta(days=1))[("baseline", "brug")] == DUE


def test_a_measurement_at_intake_counts_as_the_baseline():
    result = states(START, taken=[("pss-10", D(2024, 12, 1))])
    assert result[("baseline", "pss-10")] == DONE
    assert result[("baseline", "brug")] == DUE


def test_follow_up_window_edges():
    target = D(2025, 8, 1)  # six months after the start
    opens, due = target - datetime.timedelta(weeks=4), target + datetime.timedelta(weeks=4)
    taken = [("pss-10", START), ("brug", START)]
    assert states(opens - datetime.timedelta(days=1), taken)[("follow_up-6", "pss-10")] == UPCOMING
    assert states(opens, taken)[("follow_up-6", "pss-10")] == DUE
    assert states(due, taken)[("follow_up-6", "pss-10")] == DUE
    assert states(due + datetime.timedelta(days=1), taken)[("follow_up-6", "pss-10")] == OVERDUE
    # once the 12-month follow-up opens, the 6-month one is missed
    later = add_months(START, 12) - datetime.timedelta(weeks=4)
    result = states(later, taken)
    assert result[("follow_up-6", "pss-10")] == MISSED
    assert result[("follow_up-12", "pss-10")] == DUE


def test_a_late_measurement_still_counts_for_its_occasion():
    taken = [("pss-10", START), ("pss-10", D(2025, 10, 1))]  # two months late
    result = states(D(2025, 10, 2), taken)
    assert result[("follow_up-6", "pss-10")] == DONE
    assert result[("follow_up-6", "brug")] == OVERDUE


def test_the_end_replaces_follow_ups_in_its_window_and_closes_the_schedule():
    end = add_months(START, 24)
    plan = occasions(start_date=START, end_date=end, today=D(2030, 1, 1))
    assert [o.key for o in plan] == [
        BASELINE, f"{FOLLOW_UP}-6", f"{FOLLOW_UP}-12", f"{FOLLOW_UP}-18", END,
    ]  # fmt: skip
    assert plan[-1].due_on == end + datetime.timedelta(weeks=4)
    result = states(end, end_date=end)
    assert result[("end", "pss-10")] == DUE
    assert result[("follow_up-18", "pss-10")] == MISSED
    assert states(end + datetime.timedelta(weeks=5), end_date=end)[("end", "brug")] == OVERDUE
    assert states(end + datetime.timedelta(weeks=9), end_date=end)[("end", "brug")] == MISSED


def test_drop_out_in_the_first_weeks_has_only_a_baseline():
    end = START + datetime.timedelta(days=10)
    plan = occasions(start_date=START, end_date=end, today=end)
    assert [o.kind for o in plan] == [BASELINE, END]  # end window runs past the baseline's
    assert plan[1].opens_on > plan[0].due_on
    very_early = START + datetime.timedelta(days=1)
    plan = occasions(start_date=START, end_date=very_early, today=very_early)
    assert plan[0].kind == BASELINE


def test_open_ended_trajectory_shows_the_next_occasion_as_upcoming():
    plan = occasions(start_date=START, end_date=None, today=D(2025, 3, 1))
    assert [o.key for o in plan] == [BASELINE, f"{FOLLOW_UP}-6"]
    assert plan[0].closes_on == plan[1].opens_on
    plan = occasions(start_date=START, end_date=None, today=D(2027, 3, 1))
    assert plan[-1].opens_on > D(2027, 3, 1) and plan[-2].opens_on <= D(2027, 3, 1)


def test_programme_settings_change_the_windows():
    result = states(START + datetime.timedelta(weeks=3), baseline_window_weeks=2)
    assert result[("baseline", "pss-10")] == OVERDUE
    plan = occasions(start_date=START, end_date=None, today=D(2025, 5, 1), follow_up_months=3)
    assert plan[1].target == D(2025, 5, 1)


def test_wide_windows_do_not_overlap():
    plan = occasions(
        start_date=START, end_date=add_months(START, 6), today=D(2030, 1, 1),
        baseline_window_weeks=12, follow_up_months=2,
    )  # fmt: skip
    for a, b in zip(plan, plan[1:], strict=False):
        assert a.due_on < b.opens_on and a.closes_on == b.opens_on


def test_reminders_group_instruments_overdue_first():
    taken = [("pss-10", START)]
    today = D(2025, 9, 15)  # 6-month follow-up overdue for both; baseline brug missed
    entries = schedule(start_date=START, end_date=None, today=today, taken=taken, instruments=CODES)
    result = reminders(entries)
    assert [(r.state, r.occasion.key, r.instruments) for r in result] == [
        (OVERDUE, "follow_up-6", ("pss-10", "brug"))
    ]
    entries = schedule(start_date=START, end_date=None, today=START, taken=[], instruments=CODES)
    assert [(r.state, r.instruments) for r in reminders(entries)] == [(DUE, CODES)]


def test_due_reminders_are_the_reminders_of_the_schedule():
    """The caseload's shortcut (`due_reminders`, only the open occasions) gives the same
    reminders as `reminders(schedule(...))`, in the same order, for trajectories of every
    length, with and without an end, with measurements in and between the windows."""
    rng = random.Random(18)
    for _ in range(3000):
        start = START + datetime.timedelta(days=rng.randrange(-400, 400))
        end = (
            start + datetime.timedelta(days=rng.randrange(20, 1200)) if rng.random() < 0.4 else None
        )
        today = start + datetime.timedelta(days=rng.randrange(-60, 1400))
        taken = [
            (rng.choice(CODES), start + datetime.timedelta(days=rng.randrange(-40, 1300)))
            for _ in range(rng.randrange(0, 12))
        ]
        kw = {
            "start_date": start if rng.random() < 0.95 else None,
            "end_date": end,
            "today": today,
            "taken": taken,
            "instruments": CODES[: rng.randrange(0, 3)],
            "baseline_window_weeks": rng.choice([1, 2, 4, 6]),
            "follow_up_months": rng.choice([1, 3, 6, 12]),
        }
        expected = reminders(schedule(**kw))
        assert due_reminders(**kw) == expected, kw
