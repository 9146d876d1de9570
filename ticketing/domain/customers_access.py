"""Who may do what with customer data: permissions derived from the principal's role.

| role       | view (masked) | log interactions | reveal | change | export, erase | orders |
|------------|---------------|------------------|--------|--------|---------------|--------|
| agent      | yes           | yes              | no     | no     | no            | yes    |
| supervisor | yes           | yes              | yes    | yes    | no            | yes    |
| admin      | yes           | yes              | yes    | yes    | yes           | yes    |
| bot        | no            | no               | no     | no     | no            | lookup |

"View" never shows a full phone or email; "reveal" does, one customer at a time, audited.
"Export" covers bulk export and a customer's own data request (export everything, erase).
"""

from __future__ import annotations

from enum import Enum


class Permission(str, Enum):
    """A separate right over customer data (SPEC: view, change, export)."""

    VIEW = "customers.view"
    LOG_INTERACTION = "customers.log_interaction"
    REVEAL = "customers.reveal"
    CHANGE = "customers.change"
    EXPORT = "customers.export"
    ERASE = "customers.erase"
    ORDER_LOOKUP = "orders.lookup"


_ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    "agent": frozenset({Permission.VIEW, Permission.LOG_INTERACTION, Permission.ORDER_LOOKUP}),
    "supervisor": frozenset(
        {
            Permission.VIEW,
            Permission.LOG_INTERACTION,
            Permission.REVEAL,
            Permission.CHANGE,
            Permission.ORDER_LOOKUP,
        }
    ),
    "admin": frozenset(Permission),
    "bot": frozenset({Permission.ORDER_LOOKUP}),
}


class PermissionDenied(Exception):
    """The principal's role lacks a permission; carries both for the audit and the reply."""

    def __init__(self, role: str, permission: Permission) -> None:
        super().__init__(f"role {role!r} lacks {permission.value}")
        self.role = role
        self.permission = permission


def permissions_of(role: str) -> frozenset[Permission]:
    """The permissions of ``role`` (an unknown role has none)."""
    return _ROLE_PERMISSIONS.get(role, frozenset())


def require(role: str, permission: Permission) -> None:
    """Raise :class:`PermissionDenied` unless ``role`` has ``permission``."""
    if permission not in permissions_of(role):
        raise PermissionDenied(role, permission)
