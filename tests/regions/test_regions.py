from lindung.regions.codes import level_of, normalize, parent_of
from lindung.regions.models import Region
from lindung.regions.selectors import get_village


def test_the_hierarchy_ships_with_the_schema(db):
    balikpapan = Region.objects.get(code="64.71")
    assert balikpapan.name == "Kota Balikpapan"
    assert Region.objects.filter(parent_id="64.71").count() == 6
    assert Region.objects.filter(level=4, code__startswith="64.71.").count() == 34
    assert Region.objects.filter(level=4, code__startswith="64.72.").count() == 59
    assert Region.objects.get(code="64.71.05.1010").name == "Sungainangka"


def test_codes_with_gaps_are_stored_not_generated(db):
    assert get_village("64.71.05.1002") is not None
    assert get_village("64.71.05.1001") is None  # a gap in the decree


def test_code_syntax():
    assert [level_of(c) for c in ["64", "64.71", "64.71.01", "64.71.01.1001", "6471", "64.7"]] == [1, 2, 3, 4, None, None]
    assert parent_of("64.71.01.1001") == "64.71.01"
    assert normalize("6471011001") == "64.71.01.1001"
