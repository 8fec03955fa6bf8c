"""Sign-on deadlines: a date alone means close of business, 6 p.m. in the campaign's zone."""

import zoneinfo
from datetime import date, datetime, time

from django.utils import dateformat, timezone

CLOSE_OF_BUSINESS = time(18, 0)

US_TIME_ZONES = [
    ("America/New_York", "Eastern (Washington, D.C.)"),
    ("America/Chicago", "Central"),
    ("America/Denver", "Mountain"),
    ("America/Phoenix", "Arizona"),
    ("America/Los_Angeles", "Pacific"),
    ("America/Anchorage", "Alaska"),
    ("Pacific/Honolulu", "Hawaii"),
    ("America/Puerto_Rico", "Atlantic (Puerto Rico, Virgin Islands)"),
    ("Pacific/Guam", "Chamorro (Guam, Northern Mariana Islands)"),
    ("Pacific/Pago_Pago", "Samoa"),
    ("UTC", "UTC"),
]


def deadline_at(day: date, at: time | None, zone_name: str) -> datetime:
    return datetime.combine(day, at or CLOSE_OF_BUSINESS, tzinfo=zoneinfo.ZoneInfo(zone_name))


def format_deadline(moment: datetime, zone_name: str) -> str:
    """'6 p.m. EST, Friday, January 8, 2016', in the zone the campaign works in."""
    local = timezone.localtime(moment, zoneinfo.ZoneInfo(zone_name))
    return dateformat.format(local, "P T, l, F j, Y")
