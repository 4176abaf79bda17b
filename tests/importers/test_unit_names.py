"""Unit names in running text, against a directory built from plain records (no database)."""

from datetime import date

from directives.domain import GROUPS
from directives.importers.notice import extract
from directives.importers.unit_names import UnitDirectory, UnitRecord, words_of

DAY = date(2023, 5, 1)


def _province(communes: int) -> list[UnitRecord]:
    records = [
        UnitRecord("Sở Nông nghiệp và Môi trường", short_name="Sở NN&MT", id=1),
        UnitRecord("Ủy ban nhân dân tỉnh", short_name="UBND tỉnh", id=2),
    ]
    records += [UnitRecord(f"Xã Tân Số {n}", kind="commune", id=10 + n) for n in range(communes)]
    return records


def test_every_group_of_the_domain_is_a_name() -> None:
    directory = UnitDirectory(_province(3), DAY)
    for group in GROUPS:
        for spelling in group.spellings:
            found = directory.lookup(spelling)
            assert found is not None and found.collective and found.name == group.name


def test_short_forms_accents_and_committees_name_the_unit() -> None:
    directory = UnitDirectory(_province(3), DAY)
    found = directory.lookup("SỞ NN&MT")
    assert found is not None and found.unit_id == 1
    commune = directory.lookup("UBND xã Tân Số 2")
    assert commune is not None and commune.name == "Xã Tân Số 2"
    assert directory.match(list(words_of("Công an xã Tân Số 2")), 0) is None


def test_a_province_of_communes_and_a_list_of_1600_names() -> None:
    """The longest name at a place is one walk down a trie, not a scan of every name sharing its
    first word: 5,000 communes all begin "ủy ban nhân dân xã …" in one of their forms."""
    directory = UnitDirectory(_province(5_000), DAY)
    listed = ", ".join(f"UBND xã Tân Số {n}" for n in range(0, 4_800, 3))
    proposal = extract(f"Kết luận:\n1. Giao {listed} chủ trì kiểm tra.\n", directory)
    [task] = proposal.tasks
    assert len(task.leads) == 1_600
    assert all(named.known for named in task.leads)
    assert task.text == "Kiểm tra"
