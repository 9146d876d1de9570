"""The contact policy in front of every customer message: pure, one decision per message.

Order of the checks (the first that fails is the recorded reason):

1. ``erased`` — the customer's data was erased: nothing, ever.
2. ``do_not_disturb`` — no proactive message (care, marketing, survey) at all.
3. ``unsubscribed`` — opted out of marketing (the bot's ``unsubscribe`` intent or the link).
4. ``no_marketing_consent`` — marketing needs the customer's marketing consent.
5. ``no_channel`` — no channel the customer agreed to for this purpose (SMS needs SMS consent and
   a mobile, email needs email consent and an address; the widget only while they are online).
6. ``quiet_hours`` — marketing and care are not sent 21:00–09:00 in the customer's time zone
   (the decision says when to retry; the message is deferred, not lost).
7. ``frequency_cap`` — proactive touches (care and marketing) in a rolling window, per segment:
   high-value ≤ 2 a week and dormant ≤ 1 a month (SPEC), potential ≤ 1 a week and ≤ 4 a month,
   regular and the unsegmented ≤ 2 a month.

Service messages (a satisfaction survey about the customer's own ticket) obey 1, 2 and 5 only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, tzinfo

from reminders.messages import PROACTIVE_PURPOSES, Purpose

WEEK = timedelta(days=7)
MONTH = timedelta(days=30)


@dataclass(frozen=True)
class FrequencyCap:
    """At most ``limit`` proactive touches in any rolling ``window``."""

    limit: int
    window: timedelta


DEFAULT_CAPS: Mapping[str | None, tuple[FrequencyCap, ...]] = {
    "high_value_active": (FrequencyCap(2, WEEK),),
    "high_value_at_risk": (FrequencyCap(2, WEEK),),
    "potential_growth": (FrequencyCap(1, WEEK), FrequencyCap(4, MONTH)),
    "regular": (FrequencyCap(2, MONTH),),
    "dormant": (FrequencyCap(1, MONTH),),
    None: (FrequencyCap(2, MONTH),),
}
LONGEST_WINDOW = MONTH


@dataclass(frozen=True)
class ContactFacts:
    """What the policy needs to know about one customer at the moment of sending."""

    customer_id: str
    segment: str | None
    timezone: tzinfo
    language: str = "zh"
    consent_marketing: bool = False
    consent_sms: bool = False
    consent_email: bool = False
    has_mobile: bool = False
    has_email: bool = False
    preferred_channel: str | None = None
    online: bool = False
    marketing_opt_out: bool = False
    do_not_disturb: bool = False
    erased: bool = False
    recent_touches: Sequence[datetime] = field(default_factory=tuple)
    """When proactive touches were sent in the last :data:`LONGEST_WINDOW` (any order)."""


@dataclass(frozen=True)
class Decision:
    """Send on ``channel``, or hold back for ``reason`` (retry at ``retry_at`` when deferred)."""

    channel: str | None
    reason: str | None = None
    retry_at: datetime | None = None

    @property
    def allowed(self) -> bool:
        """True when the message may go out now."""
        return self.reason is None


@dataclass(frozen=True)
class ContactPolicy:
    """Caps per segment and the quiet hours; :meth:`decide` applies them."""

    caps: Mapping[str | None, tuple[FrequencyCap, ...]] = field(
        default_factory=lambda: dict(DEFAULT_CAPS)
    )
    quiet_start: time = time(21, 0)
    quiet_end: time = time(9, 0)
    quiet_purposes: frozenset[str] = frozenset({"marketing", "care"})

    def caps_for(self, segment: str | None) -> tuple[FrequencyCap, ...]:
        """The caps of ``segment`` (the unsegmented caps for an unknown one)."""
        return self.caps.get(segment, self.caps[None])

    def decide(self, purpose: Purpose, facts: ContactFacts, now: datetime) -> Decision:
        """May a ``purpose`` message reach this customer at ``now``, and on which channel?"""
        if facts.erased:
            return Decision(None, "erased")
        if facts.do_not_disturb:
            return Decision(None, "do_not_disturb")
        if purpose == "marketing":
            if facts.marketing_opt_out:
                return Decision(None, "unsubscribed")
            if not facts.consent_marketing:
                return Decision(None, "no_marketing_consent")
        channel = choose_channel(facts)
        if channel is None:
            return Decision(None, "no_channel")
        if purpose in self.quiet_purposes and self.in_quiet_hours(now, facts.timezone):
            return Decision(channel, "quiet_hours", self.quiet_hours_end(now, facts.timezone))
        if purpose in PROACTIVE_PURPOSES and self.over_cap(facts, now):
            return Decision(channel, "frequency_cap")
        return Decision(channel)

    def in_quiet_hours(self, now: datetime, zone: tzinfo) -> bool:
        """True from ``quiet_start`` (inclusive) to ``quiet_end`` (exclusive), local time."""
        local = now.astimezone(zone).time()
        if self.quiet_start > self.quiet_end:
            return local >= self.quiet_start or local < self.quiet_end
        return self.quiet_start <= local < self.quiet_end

    def quiet_hours_end(self, now: datetime, zone: tzinfo) -> datetime:
        """The next local ``quiet_end`` after ``now`` (when a deferred message may go)."""
        local = now.astimezone(zone)
        end = datetime.combine(local.date(), self.quiet_end, tzinfo=zone)
        if end <= local:
            end = datetime.combine(local.date() + timedelta(days=1), self.quiet_end, tzinfo=zone)
        return end

    def over_cap(self, facts: ContactFacts, now: datetime) -> bool:
        """True when one more touch now would exceed a cap of the customer's segment."""
        for cap in self.caps_for(facts.segment):
            since = now - cap.window
            if sum(1 for sent in facts.recent_touches if since < sent <= now) >= cap.limit:
                return True
        return False


def choose_channel(facts: ContactFacts) -> str | None:
    """The first channel the customer agreed to: the widget while online, then their preferred
    channel, then SMS, then email."""
    order = ["widget"] if facts.online else []
    if facts.preferred_channel in ("sms", "email"):
        order.append(facts.preferred_channel)
    order += ["sms", "email"]
    for channel in order:
        if channel == "widget":
            return channel
        if channel == "sms" and facts.consent_sms and facts.has_mobile:
            return channel
        if channel == "email" and facts.consent_email and facts.has_email:
            return channel
    return None
