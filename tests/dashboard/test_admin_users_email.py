"""The accounts page shows each account's email address and changes one."""

from sqlmodel import select

from directives.db import make_engine, session_scope
from directives.models import User
from tests.dashboard.conftest import admin_on, errors


def test_the_accounts_page_shows_and_changes_an_address(demo_env: str) -> None:
    at = admin_on(demo_env, "admin_users")
    table = at.dataframe[0].value
    assert "thuky.giao-an@example.org" in set(table["Thư điện tử"])
    picked = at.selectbox(key="users_pick").value
    field = at.text_input(key=f"admin_users.email.{picked}.0")
    field.set_value("khong-phai-thu")
    save = next(b for b in at.button if b.label == "Lưu thư điện tử")
    save.click().run()
    assert any("không phải là địa chỉ thư" in e for e in errors(at))
    at.text_input(key=f"admin_users.email.{picked}.0").set_value("moi@example.org")
    next(b for b in at.button if b.label == "Lưu thư điện tử").click().run()
    assert not at.exception, at.exception
    assert at.success[0].value.startswith("Đã lưu thư điện tử của ")
    engine = make_engine(demo_env)
    with session_scope(engine) as session:
        user = session.exec(select(User).where(User.id == picked)).one()
    engine.dispose()
    assert user.email == "moi@example.org"
