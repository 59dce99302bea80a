"""Where each covered country sits, for the figures: its region (heat map blocks), and the
frames of the map views. Plain data, no imports: the figures read it, nothing scores with it.
"""

from __future__ import annotations

REGIONS = ("Europe", "Asia-Pacific", "South Asia", "Middle East and Africa", "Americas")
OTHER = "Other"

REGION = {
    **dict.fromkeys(
        ("ALB", "AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN",
         "ISL", "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "MNE", "NLD", "MKD", "NOR", "POL", "PRT", "ROU",
         "SVK", "SVN", "ESP", "SWE", "GBR", "TUR"), "Europe"),
    **dict.fromkeys(
        ("AUS", "BRN", "KHM", "IDN", "JPN", "KOR", "LAO", "MYS", "MMR", "NZL", "PHL", "SGP", "THA", "VNM"),
        "Asia-Pacific"),
    **dict.fromkeys(("IND", "PAK"), "South Asia"),
    **dict.fromkeys(("ARE", "BHR", "EGY", "ISR", "JOR", "KEN", "KWT", "MAR", "QAT", "SAU", "TUN"),
                    "Middle East and Africa"),
    **dict.fromkeys(("ARG", "BRA", "CAN", "CHL", "COL", "MEX", "PAN", "PER"), "Americas"),
}


def region(code: str) -> str:
    """A country's region; a country a user's data file adds is "Other"."""
    return REGION.get(code, OTHER)


# map views: (west, east, south, north) in degrees, and a title word
VIEWS = {
    "europe": ((-25.0, 45.0, 33.0, 72.0), "Europe"),
    "indo-pacific": ((60.0, 180.0, -48.0, 47.0), "Indo-Pacific"),
    "middle-east": ((-18.0, 63.0, -6.0, 42.0), "Middle East and North Africa"),
    "africa": ((-20.0, 55.0, -37.0, 38.0), "Africa"),
    "americas": ((-120.0, -30.0, -57.0, 60.0), "Americas"),
    "world": ((-170.0, 180.0, -57.0, 84.0), "World"),
}
