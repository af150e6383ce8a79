"""Israel's working days and calling hours for proactive contact (Qt-free, database-free).

No proactive contact on Shabbat or on a holiday: the queue for those days is empty and
nothing may be claimed. Friday and a holiday eve are short days: calls end at the policy's
``short_day_end`` (13:00 by default, before candle lighting in winter too), other working
days at ``hours_end``. Holidays are the public ones of ``holidays.Israel``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays

ISRAEL = ZoneInfo("Asia/Jerusalem")
SATURDAY = 5  # date.weekday()
FRIDAY = 4


@functools.cache
def israeli_holidays(year: int, language: str = "en_US") -> dict[date, str]:
    """Public holidays of ``year`` (and the next, for windows that cross the new year)."""
    return dict(holidays.Israel(years=range(year, year + 2), language=language).items())


def holiday_name(day: date, language: str = "en_US") -> str | None:
    return israeli_holidays(day.year, language).get(day)


def is_working_day(day: date) -> bool:
    return day.weekday() != SATURDAY and holiday_name(day) is None


def is_short_day(day: date) -> bool:
    """Friday or a holiday eve (the day before a holiday, itself a working day)."""
    return is_working_day(day) and (day.weekday() == FRIDAY or holiday_name(day + timedelta(days=1)) is not None)


def next_working_day(day: date) -> date:
    """The first working day after ``day``."""
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def israel_midnight(day: date) -> datetime:
    """The start of ``day`` in Israel, in UTC."""
    return datetime.combine(day, time(0), ISRAEL).astimezone(UTC)


def israel_today(now: datetime) -> date:
    return now.astimezone(ISRAEL).date()


@dataclass(frozen=True)
class CallingHours:
    """When proactive calls may be made (Israel time)."""

    start: time = time(9, 0)
    end: time = time(20, 0)
    short_day_end: time = time(13, 0)

    def window(self, day: date) -> tuple[datetime, datetime] | None:
        """The calling window of ``day`` in UTC, or None on Shabbat and holidays."""
        if not is_working_day(day):
            return None
        end = self.short_day_end if is_short_day(day) else self.end
        return (datetime.combine(day, self.start, ISRAEL).astimezone(UTC),
                datetime.combine(day, end, ISRAEL).astimezone(UTC))

    def allows(self, now: datetime) -> bool:
        window = self.window(israel_today(now))
        return window is not None and window[0] <= now < window[1]
