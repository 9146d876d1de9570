"""Separate permissions to view, change, reveal and export, by role."""

import pytest

from ticketing.domain.customers_access import Permission, PermissionDenied, permissions_of, require


def test_agents_view_masked_and_log_interactions_but_cannot_reveal_change_or_export() -> None:
    assert permissions_of("agent") == {
        Permission.VIEW,
        Permission.LOG_INTERACTION,
        Permission.ORDER_LOOKUP,
    }


def test_supervisors_reveal_and_change_but_do_not_export() -> None:
    assert {Permission.REVEAL, Permission.CHANGE} <= permissions_of("supervisor")
    assert Permission.EXPORT not in permissions_of("supervisor")


def test_admins_have_every_permission_and_the_bot_only_looks_up_orders() -> None:
    assert permissions_of("admin") == set(Permission)
    assert permissions_of("bot") == {Permission.ORDER_LOOKUP}
    assert permissions_of("stranger") == set()


def test_require_names_the_role_and_the_missing_permission() -> None:
    with pytest.raises(PermissionDenied, match=r"'supervisor' lacks customers\.export"):
        require("supervisor", Permission.EXPORT)
