"""The rule catalogue, hard rules first, then soft: rule_id -> function(model) -> [Penalty].

Each rule_id is also the policy key ([roster.rules.<rule_id>]), the validator's check_<rule_id>,
the test class and the penalty label. Whether a rule is hard or soft, and its weight, is read from
instance.settings (roster.rules.base.rule_setting), never decided here.
"""
from __future__ import annotations

from roster.rules.cover import coverage, duty, duty_in_a_row
from roster.rules.days_off import leave, rest_days, statutory_holidays
from roster.rules.fairness import fair_duty, fair_holiday_work, fair_late_shifts, fair_weekend_rest
from roster.rules.hours import overtime_limit
from roster.rules.interval_cover import interval_cover
from roster.rules.limits import max_weekends, shift_limits, working_minutes
from roster.rules.requests import day_off_requests, shift_preferences
from roster.rules.sequence import (
    max_consecutive_work, min_consecutive_off, min_consecutive_work, shift_stability, succession,
)
from roster.rules.weekend_rest import weekend_rest

HARD_BY_DEFAULT = (rest_days, statutory_holidays, coverage, duty, succession, max_consecutive_work,
                   min_consecutive_work, min_consecutive_off, shift_limits, working_minutes,
                   max_weekends, overtime_limit, leave)
SOFT_BY_DEFAULT = (day_off_requests, shift_preferences, fair_late_shifts, fair_weekend_rest, fair_duty,
                   fair_holiday_work, shift_stability, weekend_rest, duty_in_a_row, interval_cover)
RULES = {fn.__name__: fn for fn in (*HARD_BY_DEFAULT, *SOFT_BY_DEFAULT)}
RULE_IDS = tuple(RULES)
