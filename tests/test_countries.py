import pytest

from hedgecli.countries import completions, resolve
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
    with pytest.raises(UsageError, match=r"Uruguay \(URY\) is not in the dataset"):
        resolve("Uruguay", shipped)


def test_nonsense_is_unknown(shipped):
    with pytest.raises(UsageError, match="unknown country 'atlantis'"):
        resolve("atlantis", shipped)


US = "the United States is the reference the others are measured against, not a country scored"


@pytest.mark.parametrize("query, message", [
    ("usa", US), ("us", US), ("USA", US), ("united states", US), ("United States of America", US), ("america", US),
    ("north korea", "North Korea (PRK) is not in the dataset"),
    ("russia", "Russia (RUS) is not in the dataset"),
    ("taiwan", "Taiwan is a Major Non-NATO Ally in US law, but it is absent from the UN and World Bank series"),
    ("china", "China is the other pole the allies hedge toward, not a country scored"),
])
def test_real_countries_outside_the_dataset_are_not_mistaken_for_covered_ones(shipped, query, message):
    with pytest.raises(UsageError) as info:
        resolve(query, shipped)
    assert message in str(info.value) and "did you mean" not in str(info.value)


def test_a_typo_of_a_country_outside_the_dataset_suggests_it_and_says_so(shipped):
    with pytest.raises(UsageError, match=r"did you mean North Korea \(PRK\)\? It is not in the dataset"):
        resolve("north koera", shipped)
    with pytest.raises(UsageError, match=r"did you mean Uruguay \(URY\)\?"):
        resolve("urugauy", shipped)


def test_an_iso_name_of_a_covered_country_resolves(shipped):
    assert resolve("Federal Republic of Germany", shipped) == "DEU"
    assert resolve("Republic of Korea", shipped) == "KOR"


def test_completions_offer_one_word_names_and_codes_that_resolve(shipped):
    words = dict(completions(shipped, "sou"))
    assert words == {"south-korea": "South Korea (KOR)"}
    assert [w for w, _ in completions(shipped, "de")] == ["denmark", "deu"]
    assert [w for w, _ in completions(shipped, "DE")] == ["Denmark", "DEU"]  # the shell keeps DEU
    assert [w for w, _ in completions(shipped, "Sou")] == ["South-Korea"]
    for word, _ in completions(shipped, ""):
        assert resolve(word, shipped) in shipped.entities
