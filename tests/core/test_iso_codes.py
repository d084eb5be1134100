"""The country and currency codes a profile accepts are babel's, written out."""

from __future__ import annotations

from babel import Locale
from babel.numbers import list_currencies

from accountwatch.core import iso_codes
from accountwatch.core.profile_io import country_codes
from fresh_python import fresh_python


def test_the_countries_are_babels_two_letter_territories_less_regions_and_reservations() -> None:
    territories = {c for c in Locale("en").territories if len(c) == 2 and c.isalpha()}
    # On a change of babel's data, write the new codes into core/iso_codes.py.
    assert territories - iso_codes.NOT_COUNTRIES == iso_codes.COUNTRIES
    assert country_codes() == iso_codes.COUNTRIES
    assert {"JP", "CN", "US", "XK"} <= iso_codes.COUNTRIES
    assert territories >= iso_codes.NOT_COUNTRIES  # each one left out is there to leave out


def test_the_currencies_are_babels() -> None:
    assert frozenset(list_currencies()) == iso_codes.CURRENCIES


def test_reading_a_profile_loads_no_babel() -> None:
    # babel's locale data is megabytes and tens of milliseconds: the demo reads its sample at
    # its start. A fresh interpreter: this one has loaded babel already.
    code = (
        "import sys, datetime, json\n"
        "from accountwatch.core.demo import demo_profile\n"
        "from accountwatch.core.profile_io import parse_profile\n"
        "parse_profile(json.dumps(demo_profile(datetime.date(2026, 11, 29))).encode())\n"
        "print('babel' in sys.modules)\n"
    )
    out = fresh_python(code)
    assert out.strip() == "False"
