"""The change log's before and after, as a person reads them: fields and codes in words."""

import json

from directives.queries.audit import readable


def test_a_status_update_reads_in_words() -> None:
    before = json.dumps({"status": "in_progress", "progress": 40, "completed_on": None})
    after = json.dumps({"status": "done", "progress": 100, "completed_on": "2021-06-20"})
    assert readable(before) == "trạng thái: Đang thực hiện; tiến độ: 40; ngày hoàn thành: —"
    assert readable(after) == "trạng thái: Hoàn thành; tiến độ: 100; ngày hoàn thành: 20/06/2021"
    assert readable(after, lang="en") == "status: Done; progress: 100; completed on: 20/06/2021"


def test_roles_kinds_and_unknown_fields() -> None:
    account = json.dumps({"role": "secretary", "is_active": True})
    assert readable(account) == "vai trò: Thư ký đơn vị; đang hoạt động: có"
    assignments = json.dumps({"assignments": [{"unit_id": 3, "role": "lead"}]})
    assert readable(assignments) == "phân công: mã đơn vị=3, vai trò=Chủ trì"
    assert readable(json.dumps({"kind": "commune", "something_new": "x"})) == (
        "loại: Xã; something_new: x"
    )
    assert readable(None) == "" and readable("not json") == "not json"
