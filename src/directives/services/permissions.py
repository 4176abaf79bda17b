"""Who may act: the checks every write service makes before touching anything."""

from directives.models import Role, User
from directives.services.errors import PermissionDenied


def require_active(actor: User) -> None:
    if not actor.is_active:
        raise PermissionDenied("Tài khoản này đã bị khóa, không thực hiện được thao tác.")


def require_admin(actor: User, what: str) -> None:
    """An active administrator, or PermissionDenied saying what only administrators may do."""
    require_active(actor)
    if actor.role != Role.ADMIN.value:
        raise PermissionDenied(f"Chỉ quản trị viên được {what}.")
