"""Passwords are salted scrypt hashes; tokens are stored as digests only."""

from ticketing.domain.auth import BOT, Principal
from ticketing.domain.credentials import hash_password, new_token, token_digest, verify_password


def test_a_password_verifies_and_a_wrong_one_does_not() -> None:
    stored = hash_password("kefu-demo")
    assert stored.startswith("scrypt$") and "kefu-demo" not in stored
    assert verify_password("kefu-demo", stored)
    assert not verify_password("kefu-dem0", stored)
    assert not verify_password("kefu-demo", "garbage")


def test_the_same_password_hashes_differently_each_time() -> None:
    assert hash_password("x") != hash_password("x")


def test_tokens_are_random_and_their_digest_is_not_the_token() -> None:
    token = new_token()
    assert token != new_token() and token_digest(token) != token and len(token) >= 40


def test_roles_rank_and_teams_limit_what_a_principal_sees() -> None:
    agent = Principal("agent", "A01", "agent", frozenset({"tech"}))
    admin = Principal("agent", "A99", "admin", frozenset())
    assert agent.sees_team("tech") and not agent.sees_team("billing")
    assert admin.sees_team("billing")
    assert agent.at_least("agent") and not agent.at_least("supervisor")
    assert not BOT.at_least("agent")
