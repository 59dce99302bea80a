import pytest

from hedgecli.countries import resolve
from hedgecli.errors import UsageError


@pytest.mark.parametrize("query, code", [
    ("germany", "DEU"), ("DEU", "DEU"), ("DE", "DEU"), ("Germany", "DEU"), ("de", "DEU"),
    ("south korea", "KOR"), ("korea", "KOR"), ("Korea, Republic of", "KOR"),
    ("uk", "GBR"), ("United Kingdom", "GBR"), ("britain", "GBR"),
    ("asean", "ASEAN"), ("ASEAN", "ASEAN"), ("vietnam", "VNM"), ("Viet Nam", "VNM"),
    ("burma", "MMR"), ("turkiye", "TUR"), ("Türkiye", "TUR"), ("  japan ", "JPN"),
])
def test_names_codes_and_aliases_resolve(shipped, query, code):
    assert resolve(query, shipped) == code


def test_a_typo_gets_a_suggestion(shipped):
    with pytest.raises(UsageError, match=r"unknown country 'germny'; did you mean Germany\?"):
        resolve("germny", shipped)


def test_a_real_country_outside_the_dataset_is_named(shipped):
    with pytest.raises(UsageError, match="Chile is not in the dataset"):
        resolve("Chile", shipped)


def test_nonsense_is_unknown(shipped):
    with pytest.raises(UsageError, match="unknown country 'atlantis'"):
        resolve("atlantis", shipped)
