"""The first version of the cost tables: PRODUCT.md §7's published figures with their sources, an
uprating index from a published GDP deflator series, and local assumptions for the probabilities.

Loaded once by ``services.seed_cost_tables`` (``manage.py seed_cost_tables``, and the demo); from
then on administrators change the tables in the app, each change a new version. The citations say
where each figure comes from; check each against the original before relying on it in a decision
(docs/OUTCOMES.md, "Sources"), and replace the local assumptions with local evidence when you have
it.
"""

from __future__ import annotations

from decimal import Decimal

LOCAL_ASSUMPTION = "local assumption"

# GDP deflator at market prices, United Kingdom, calendar years, 2024 = 100: ONS series MNF2 (the
# calendar-year series HM Treasury publishes in "GDP deflators at market prices, and money GDP"),
# as transcribed in the greenbook R package (github.com/charlescoverdale/greenbook,
# inst/extdata/gdp_deflator.csv). A financial-year figure (2022-23) is placed in the calendar year it
# starts in (2022): an approximation of a few months' inflation, stated in docs/OUTCOMES.md.
INDEX_SOURCE = (
    "GDP deflator at market prices, UK, calendar years, 2024 = 100 (ONS series MNF2, as published "
    "by HM Treasury in 'GDP deflators at market prices, and money GDP')"
)
INDEX_SOURCE_URL = (
    "https://www.gov.uk/government/collections/gdp-deflators-at-market-prices-and-money-gdp"
)
GDP_DEFLATOR: dict[int, Decimal] = {
    2010: Decimal("69.1217"),
    2011: Decimal("70.8340"),
    2012: Decimal("71.9294"),
    2013: Decimal("73.4795"),
    2014: Decimal("74.6524"),
    2015: Decimal("75.1536"),
    2016: Decimal("76.4554"),
    2017: Decimal("77.6367"),
    2018: Decimal("79.1606"),
    2019: Decimal("81.1085"),
    2020: Decimal("85.2137"),
    2021: Decimal("85.6358"),
    2022: Decimal("90.5005"),
    2023: Decimal("96.2507"),
    2024: Decimal("100.0000"),
}

# (key, item, amount, unit, price year, source, url, citation, cashable)
UNIT_COSTS: list[tuple[str, str, Decimal, str, int, str, str, str, bool]] = [
    (
        "secure_childrens_home",
        "Secure children's home place",
        Decimal("210000"),
        "year",
        2019,
        "Children's Commissioner for England, 2019",
        "https://www.childrenscommissioner.gov.uk/",
        "Children's Commissioner for England (2019), report on children in secure settings: "
        "about £210,000 per child per year for a place in a secure children's home.",
        True,
    ),
    (
        "residential_home",
        "Residential children's home place",
        Decimal("318400"),
        "year",
        2023,
        "National Audit Office, 2023-24 data",
        "https://www.nao.org.uk/",
        "National Audit Office, children's residential care: average cost of a place in a "
        "children's home, £318,400 a year in 2023-24.",
        True,
    ),
    (
        "ifa_foster_placement",
        "Independent fostering agency placement",
        Decimal("820"),
        "week",
        2021,
        "Competition and Markets Authority, 2021",
        "https://www.gov.uk/cma-cases/childrens-social-care-market-study",
        "Competition and Markets Authority (2021-22), Children's social care market study: "
        "average independent fostering agency placement about £820 a week.",
        True,
    ),
    (
        "looked_after_child",
        "Looked-after child: support",
        Decimal("43000"),
        "year",
        2020,
        "Aldaba",
        "",
        "Aldaba, unit costs of children's social care: supporting a looked-after child about "
        "£43,000 a year (as quoted in PRODUCT.md §7; check the price year against the original).",
        True,
    ),
    (
        "child_in_need",
        "Child in need: support",
        Decimal("10000"),
        "year",
        2020,
        "Aldaba",
        "",
        "Aldaba, unit costs of children's social care: supporting a child in need about £10,000 a "
        "year (as quoted in PRODUCT.md §7; check the price year against the original).",
        False,
    ),
    (
        "police_missing_episode",
        "Police missing-person investigation",
        Decimal("1325"),
        "episode",
        2012,
        "University of Portsmouth, 2012",
        "https://www.port.ac.uk/",
        "Shalev Greene, K. and Pakes, F. (2012), Establishing the cost of missing person "
        "investigations, University of Portsmouth: £1,325 to £2,415 per episode; the lower "
        "figure is used.",
        False,
    ),
    (
        "crown_court_day",
        "Crown Court sitting day (court costs only)",
        Decimal("3036"),
        "day",
        2022,
        "Ministry of Justice, parliamentary answer, 2022-23",
        "https://questions-statements.parliament.uk/",
        "Ministry of Justice, answer to a written parliamentary question: average cost of a "
        "Crown Court sitting day in 2022-23, £3,036 (court costs only, not judges, CPS or "
        "defence).",
        False,
    ),
    (
        "cse_without_support",
        "Child sexual exploitation victim without specialist support",
        Decimal("63508"),
        "case",
        2011,
        "Barnardo's / Pro Bono Economics, 2011",
        "https://www.barnardos.org.uk/",
        "Barnardo's and Pro Bono Economics (2011), Reducing the risk, cutting the cost: £63,508 "
        "per young person without specialist support; every £1 invested saves £12.",
        False,
    ),
]

# (kind, unit cost key, quantity, why that quantity, low, central, high, source)
ASSUMPTIONS: list[tuple[str, str, Decimal, str, Decimal, Decimal, Decimal, str]] = [
    (
        "family_stayed_together",
        "looked_after_child",
        Decimal("1"),
        "one year of a looked-after child's support, if the child had come into care.",
        Decimal("0.10"),
        Decimal("0.20"),
        Decimal("0.35"),
        LOCAL_ASSUMPTION,
    ),
    (
        "secure_placement_avoided",
        "secure_childrens_home",
        Decimal("0.5"),
        "six months: a three-month secure welfare order, renewed once.",
        Decimal("0.15"),
        Decimal("0.30"),
        Decimal("0.50"),
        LOCAL_ASSUMPTION,
    ),
    (
        "residential_or_foster_avoided",
        "residential_home",
        Decimal("0.5"),
        "six months of a residential place.",
        Decimal("0.10"),
        Decimal("0.25"),
        Decimal("0.40"),
        LOCAL_ASSUMPTION,
    ),
    (
        "child_attended_court",
        "crown_court_day",
        Decimal("2"),
        "two sitting days lost if a trial collapses because the child witness does not attend.",
        Decimal("0.10"),
        Decimal("0.20"),
        Decimal("0.30"),
        LOCAL_ASSUMPTION,
    ),
    (
        "parent_attended_court",
        "crown_court_day",
        Decimal("2"),
        "two sitting days lost if a trial collapses because the parent witness does not attend.",
        Decimal("0.05"),
        Decimal("0.10"),
        Decimal("0.20"),
        LOCAL_ASSUMPTION,
    ),
    (
        "missing_episodes_down",
        "police_missing_episode",
        Decimal("1"),
        "one police investigation per missing episode fewer than the rate before support.",
        Decimal("0.30"),
        Decimal("0.50"),
        Decimal("0.70"),
        LOCAL_ASSUMPTION,
    ),
    (
        "stepped_down",
        "child_in_need",
        Decimal("0.5"),
        "six months less of child-in-need support.",
        Decimal("0.20"),
        Decimal("0.40"),
        Decimal("0.60"),
        LOCAL_ASSUMPTION,
    ),
]
