"""The 2025 catalog read from vietnam-provinces: 34 provinces and cities, 3,321 communes, wards
and special zones with five-digit GSO codes; provinces and communes found with case, accents
and kind words aside; an unknown name lists the close ones."""

import pytest

from directives.importers.catalog import DATA_VERSION, catalog_rows, find_province, provinces
from directives.models import UnitKind
from directives.services.errors import InvalidInput


def test_the_whole_catalog() -> None:
    everything = provinces()
    assert len(everything) == 34
    divisions = [d for p in everything for d in p.divisions]
    assert len(divisions) == 3_321
    assert {d.kind for d in divisions} == {
        UnitKind.COMMUNE,
        UnitKind.WARD,
        UnitKind.SPECIAL_ZONE,
    }
    assert all(len(d.code) == 5 and d.code.isdigit() for d in divisions)
    assert len({d.code for d in divisions}) == 3_321
    assert DATA_VERSION == "2025-10-18"


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Quảng Trị", "Quảng Trị"),
        ("quang tri", "Quảng Trị"),
        ("Tỉnh Quảng Trị", "Quảng Trị"),
        ("Huế", "Thành phố Huế"),
        ("Thành phố Huế", "Thành phố Huế"),
        ("TP. Hồ Chí Minh", "Thành phố Hồ Chí Minh"),
        ("thanh hoa", "Thanh Hóa"),
    ],
)
def test_a_province_by_any_usual_spelling(written: str, name: str) -> None:
    assert find_province(written).name == name


def test_an_unknown_province_names_close_ones() -> None:
    with pytest.raises(InvalidInput) as caught:
        find_province("Quảng Tri x")
    assert "Quảng Trị" in caught.value.message
    assert "không có tỉnh, thành phố “Quảng Tri x”" in caught.value.message


def test_rows_of_a_province_and_of_one_commune() -> None:
    rows = catalog_rows("Quảng Trị")
    assert len(rows) == 78
    assert {r["kind"] for r in rows} == {"commune", "ward", "special_zone"}
    one = catalog_rows("Ninh Bình", commune="Xã Giao Thủy")
    assert [(r["name"], r["code"], r["kind"]) for r in one] == [
        ("Xã Giao Thuỷ", "14167", "commune")
    ]
    assert catalog_rows("Ninh Bình", commune="giao thuy") == one


def test_communes_that_fold_alike_need_their_accents() -> None:
    assert catalog_rows("Tây Ninh", commune="Tân Thạnh")[0]["name"] == "Xã Tân Thạnh"
    with pytest.raises(InvalidInput, match="ghi đủ dấu"):
        catalog_rows("Tây Ninh", commune="Tan Thanh")
    with pytest.raises(InvalidInput, match="của Ninh Bình"):
        catalog_rows("Ninh Bình", commune="Xã Không Có")
