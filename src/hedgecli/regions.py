"""Where each covered country sits, for the figures: its region (heat map blocks), and the
frames of the map views. Plain data, no imports: the figures read it, nothing scores with it.
"""

from __future__ import annotations

REGIONS = ("Europe", "Asia-Pacific", "South Asia", "Middle East", "Americas")
OTHER = "Other"

REGION = {
    **dict.fromkeys(
        ("ALB", "AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN",
         "ISL", "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "MNE", "NLD", "MKD", "NOR", "POL", "PRT", "ROU",
         "SVK", "SVN", "ESP", "SWE", "GBR", "TUR"), "Europe"),
    **dict.fromkeys(
        ("AUS", "BRN", "KHM", "IDN", "JPN", "KOR", "LAO", "MYS", "MMR", "NZL", "PHL", "SGP", "THA", "VNM"),
        "Asia-Pacific"),
    "IND": "South Asia",
    **dict.fromkeys(("ARE", "ISR", "SAU"), "Middle East"),
    **dict.fromkeys(("BRA", "CAN", "MEX"), "Americas"),
}


def region(code: str) -> str:
    """A country's region; a country a user's data file adds is "Other"."""
    return REGION.get(code, OTHER)


# map views: (west, east, south, north) in degrees, and a title word
VIEWS = {
    "europe": ((-25.0, 45.0, 33.0, 72.0), "Europe"),
    "indo-pacific": ((60.0, 180.0, -48.0, 47.0), "Indo-Pacific"),
    "world": ((-170.0, 180.0, -57.0, 84.0), "World"),
}
