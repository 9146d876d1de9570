"""Teams, team memberships and SLA policies, cached per process and checked on every use.

Every escalation needs the teams (routing by skills, calendars) and the SLA policies; reading
them costs three or four queries, yet they change only when an admin edits them. The
repositories that write them (:mod:`ticketing.storage.people_repository`,
:mod:`ticketing.storage.policies_repository`) replace ``config_revisions.revision`` with a new
random token in the same transaction, so a reader compares one indexed row with the revision of
its cached copy and reloads on any difference: a change made by another process (a second
service instance, the CLI, the demo loader) is seen by the next unit of work, never later.

Why it is safe: the copy is loaded after the revision was read, so it is at least as new as the
revision it is filed under; an uncommitted revision (a writer reading its own change) never
becomes visible to others, so at worst it causes one more reload. Changes made with raw SQL
outside these repositories must call :func:`bump_revision` too.
"""

from __future__ import annotations

import threading
import uuid
import weakref
from collections.abc import Mapping
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from ticketing.domain.errors import NotFound
from ticketing.domain.sla_policies import SlaPolicy
from ticketing.domain.teams import Team
from ticketing.storage.schema.configuration import config_revisions
from ticketing.storage.schema.tickets import team_members

_ROW = 1
_READ_REVISION = sa.select(config_revisions.c.revision).where(config_revisions.c.id == _ROW)
_BUMP = sa.text(
    f"INSERT INTO {config_revisions.name} (id, revision) VALUES ({_ROW}, :revision) "
    "ON CONFLICT (id) DO UPDATE SET revision = excluded.revision"
)
_MEMBERSHIPS = sa.select(team_members.c.agent_id, team_members.c.team_id)


def bump_revision(connection: Connection) -> None:
    """Mark the configuration as changed (in the caller's transaction)."""
    connection.execute(_BUMP, {"revision": uuid.uuid4().hex})


@dataclass(frozen=True)
class Configuration:
    """Teams (by id), configured SLA policies and who belongs to which team, at ``revision``."""

    revision: str | None
    teams: tuple[Team, ...]
    policies: tuple[SlaPolicy, ...]
    memberships: Mapping[str, frozenset[str]]  # agent id -> team ids

    def team(self, team_id: str) -> Team:
        """The team; raises :class:`NotFound`."""
        for team in self.teams:
            if team.id == team_id:
                return team
        raise NotFound(f"team {team_id} does not exist", team_id=team_id)


class ConfigurationCache:
    """The last configuration one engine's units of work read (thread-safe: one reference)."""

    def __init__(self) -> None:
        self._current: Configuration | None = None

    def read(self, connection: Connection) -> Configuration:
        """The configuration as of now: the cached copy if its revision is current."""
        return self.at(connection, connection.execute(_READ_REVISION).scalar_one_or_none())

    def at(self, connection: Connection, revision: str | None) -> Configuration:
        """The configuration of ``revision``, just read from ``config_revisions``."""
        current = self._current
        if current is not None and current.revision == revision:
            return current
        loaded = _load(connection, revision)
        self._current = loaded
        return loaded


def _load(connection: Connection, revision: str | None) -> Configuration:
    # Imported here: the repositories import this module for bump_revision.
    from ticketing.storage.people_repository import TeamRepository
    from ticketing.storage.policies_repository import PolicyRepository

    memberships: dict[str, set[str]] = {}
    for row in connection.execute(_MEMBERSHIPS):
        memberships.setdefault(row.agent_id, set()).add(row.team_id)
    return Configuration(
        revision,
        tuple(TeamRepository(connection).list()),
        tuple(PolicyRepository(connection).list()),
        {agent_id: frozenset(team_ids) for agent_id, team_ids in memberships.items()},
    )


_CACHES: weakref.WeakKeyDictionary[Engine, ConfigurationCache] = weakref.WeakKeyDictionary()
_CACHES_GUARD = threading.Lock()


def cache_for(engine: Engine) -> ConfigurationCache:
    """The configuration cache of ``engine`` (one per engine, i.e. per database and process)."""
    with _CACHES_GUARD:
        cache = _CACHES.get(engine)
        if cache is None:
            cache = _CACHES[engine] = ConfigurationCache()
        return cache
