"""Colombian working days ("días hábiles"), for the legal answer times of Ley 1581 de 2012.

Monday to Friday, except the national holidays: the fixed ones, those Ley 51 de 1983 moves
to the following Monday, and those that follow Easter (Holy Thursday and Good Friday as
they fall; Ascension, Corpus Christi and Sacred Heart moved to Monday).
"""

import datetime
import functools

_FIXED = [(1, 1), (5, 1), (7, 20), (8, 7), (12, 8), (12, 25)]
_MOVED_TO_MONDAY = [(1, 6), (3, 19), (6, 29), (8, 15), (10, 12), (11, 1), (11, 11)]
# Days after Easter Sunday: Holy Thursday, Good Friday, and the Mondays that Ley 51 de 1983
# gives Ascension (+39), Corpus Christi (+60) and the Sacred Heart (+68).
_AFTER_EASTER = [-3, -2, 43, 64, 71]


def easter(year):
    """Easter Sunday of the Gregorian calendar (the anonymous algorithm of 1876)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return datetime.date(year, month, day + 1)


def _monday_from(day):
    return day + datetime.timedelta(days=(7 - day.weekday()) % 7)


@functools.cache
def holidays(year):
    """The national holidays of ``year``, as a frozenset of dates."""
    days = {datetime.date(year, month, day) for month, day in _FIXED}
    days |= {_monday_from(datetime.date(year, month, day)) for month, day in _MOVED_TO_MONDAY}
    sunday = easter(year)
    days |= {sunday + datetime.timedelta(days=offset) for offset in _AFTER_EASTER}
    return frozenset(days)


def is_working_day(day):
    return day.weekday() < 5 and day not in holidays(day.year)


def add_working_days(start, count):
    """The ``count``-th working day after ``start`` (terms run from the day after receipt)."""
    day = start
    while count > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def working_days_between(start, end):
    """Working days after ``start`` up to and including ``end`` (negative when past)."""
    if end < start:
        return -working_days_between(end, start)
    day, count = start, 0
    while day < end:
        day += datetime.timedelta(days=1)
        count += is_working_day(day)
    return count
