"""One run: plan what is due at an instant, apply the contact policy, claim, deliver, report.

For each planned notice, in batches: skip it when its key is in the sent log; for a customer,
ask the contact policy (a hold-back is recorded with its reason); for staff, route it to whoever
is on duty; then claim the key in the sent log (committed before anything goes out) and deliver.
A dry run decides everything the same way and writes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, tzinfo
from itertools import islice

from sqlalchemy.engine import Connection, Engine

from reminders import sent_log
from reminders.channels import console
from reminders.channels.customers import (
    CustomerGateway,
    CustomerMessage,
    LogOnlyGateway,
    WidgetSender,
)
from reminders.channels.email import SmtpMailer
from reminders.channels.webhooks import Webhook
from reminders.messages import Notice
from reminders.plan import GROUPS, PlanContext, plan
from reminders.policy import ContactFacts, ContactPolicy
from reminders.reads_customers import Presence, contact_facts
from reminders.reads_sla import load_staff
from reminders.report import Outcome, Report
from reminders.templates import LANGUAGES, render
from reminders.templates import title as template_title

log = logging.getLogger(__name__)
BATCH = 500


@dataclass
class Delivery:
    """The channels a run delivers through."""

    bus: console.NotificationBus | None = None
    mailer: SmtpMailer | None = None
    webhooks: tuple[Webhook, ...] = ()
    gateway: CustomerGateway = field(default_factory=LogOnlyGateway)
    widget: WidgetSender | None = None
    presence: Presence | None = None


@dataclass(frozen=True)
class RunContext:
    """Everything a run needs besides the engine and the instant."""

    plan: PlanContext
    zone: tzinfo
    default_language: str = "zh"
    policy: ContactPolicy = field(default_factory=ContactPolicy)


def run(
    engine: Engine,
    now: datetime,
    context: RunContext,
    delivery: Delivery,
    dry_run: bool = False,
    groups: tuple[str, ...] = GROUPS,
    report: Report | None = None,
) -> Report:
    """Run every rule of ``groups`` due at ``now`` once; safe to repeat (the sent log dedups)."""
    report = report if report is not None else Report()
    with engine.connect() as reader, engine.connect() as writer:
        staff = load_staff(reader)
        ctx = replace(context, plan=replace(context.plan, staff=staff))
        notices = plan(reader, now, ctx.plan, groups)
        _Run(writer, now, ctx, delivery, dry_run, report).process(notices)
    return report


class _Run:
    def __init__(
        self,
        writer: Connection,
        now: datetime,
        context: RunContext,
        delivery: Delivery,
        dry_run: bool,
        report: Report,
    ) -> None:
        self.writer, self.now, self.context = writer, now, context
        self.delivery, self.dry_run, self.report = delivery, dry_run, report
        self.staff = context.plan.staff
        self.seen: set[tuple[str, str, datetime]] = set()
        self.touched: dict[str, list[datetime]] = {}

    @contextmanager
    def _tx(self) -> Iterator[Connection]:
        """One short transaction on the run's write connection (committed on success)."""
        with self.writer.begin():
            yield self.writer

    def process(self, notices: Iterable[Notice]) -> None:
        """Decide and claim a batch in one transaction; deliver after it is committed, so a
        crash can lose a message but never send one twice (at most once)."""
        iterator = iter(notices)
        while batch := list(islice(iterator, BATCH)):
            if not self.dry_run:
                # Earlier batches' touches are committed and read back with the facts; only
                # this batch's own touches need remembering (a dry run keeps them all).
                self.touched.clear()
            deliveries: list[Callable[[], None]] = []
            with self._tx() as connection:
                handled = sent_log.already_handled(connection, batch)
                facts = self._facts(connection, batch, handled)
                for notice in batch:
                    if notice.key in handled or notice.key in self.seen:
                        self.report.add(Outcome(notice, "duplicate", notice.recipient))
                        continue
                    self.seen.add(notice.key)
                    if notice.audience == "customer":
                        found = facts.get(notice.recipient)
                        deliver = self._to_customer(connection, notice, found)
                    else:
                        deliver = self._to_staff(connection, notice)
                    if deliver is not None:
                        deliveries.append(deliver)
            for deliver in deliveries:
                deliver()

    def _facts(
        self, connection: Connection, batch: list[Notice], handled: set
    ) -> dict[str, ContactFacts]:
        ids = [n.recipient for n in batch if n.audience == "customer" and n.key not in handled]
        if not ids:
            return {}
        return contact_facts(
            connection,
            ids,
            self.now,
            self.context.zone,
            self.context.default_language,
            self.delivery.presence,
        )

    # --- customers -----------------------------------------------------------------------

    def _to_customer(
        self, connection: Connection, notice: Notice, facts: ContactFacts | None
    ) -> Callable[[], None] | None:
        if facts is None:
            return self._suppress(connection, notice, "unknown_customer")
        extra = self.touched.get(facts.customer_id)
        if extra:
            facts = replace(facts, recent_touches=(*facts.recent_touches, *extra))
        decision = self.context.policy.decide(notice.purpose, facts, self.now)
        if not decision.allowed:
            return self._suppress(connection, notice, decision.reason or "policy")
        channel = decision.channel or "sms"
        if self.dry_run:
            self._touch(notice)
            self.report.add(Outcome(notice, "would_send", notice.recipient, channel))
            return None
        if not sent_log.claim(connection, notice, notice.recipient, channel, self.now):
            self.report.add(Outcome(notice, "duplicate", notice.recipient))
            return None
        self._touch(notice)
        if notice.after_send is not None:
            notice.after_send(connection, self.now)
        language = notice.language or facts.language
        text = render(notice.kind, language, notice.variables)
        message = CustomerMessage(notice.recipient, channel, notice.kind, language, text)
        return lambda: self._deliver_to_customer(notice, message)

    def _deliver_to_customer(self, notice: Notice, message: CustomerMessage) -> None:
        try:
            if message.channel == "widget":
                widget = self.delivery.widget
                if widget is None or not widget(message.customer_id, message.text):
                    raise ConnectionError("the customer's widget is not connected")
            else:
                self.delivery.gateway.send(message)
        except Exception as error:
            log.warning("customer message %s failed: %s", notice.kind, type(error).__name__)
            with self._tx() as connection:
                sent_log.set_outcome(connection, notice, "failed", {"error": str(error)[:500]})
            self.report.add(
                Outcome(notice, "failed", notice.recipient, message.channel, "delivery")
            )
            return
        self.report.add(Outcome(notice, "sent", notice.recipient, message.channel))

    def _touch(self, notice: Notice) -> None:
        if notice.proactive and notice.customer_id:
            self.touched.setdefault(notice.customer_id, []).append(self.now)

    def _suppress(self, connection: Connection, notice: Notice, reason: str) -> None:
        if not self.dry_run:
            sent_log.record_suppression(connection, notice, reason, self.now)
        self.report.add(Outcome(notice, "suppressed", notice.recipient, reason=reason))

    # --- staff ---------------------------------------------------------------------------

    def _to_staff(self, connection: Connection, notice: Notice) -> Callable[[], None] | None:
        route = self.staff.route(notice.recipient, self.now, notice.team_id, notice.escalation)
        channels = self._staff_channels(route.recipient, route.wake, notice.escalation)
        joined = "+".join(channels)
        if self.dry_run:
            self.report.add(Outcome(notice, "would_send", route.recipient, joined))
            return None
        if not sent_log.claim(connection, notice, route.recipient, joined, self.now):
            self.report.add(Outcome(notice, "duplicate", route.recipient))
            return None
        texts = {
            language: render(notice.kind, language, notice.variables) for language in LANGUAGES
        }
        args = (notice.kind, texts, self.now, notice.ticket_id, notice.customer_id)
        payload = console.store(connection, route.recipient, *args)
        if route.fallback_of:
            console.store(connection, route.fallback_of, *args)
        if notice.after_send is not None:
            notice.after_send(connection, self.now)

        def deliver() -> None:
            if self.delivery.bus is not None:
                self.delivery.bus.publish(route.recipient, payload)
            errors = self._loud_channels(notice, route.recipient, channels, texts)
            if errors:
                with self._tx() as write:
                    sent_log.set_outcome(write, notice, "sent", {"errors": errors})
            self.report.add(Outcome(notice, "sent", route.recipient, joined))

        return deliver

    def _staff_channels(self, recipient: str, wake: bool, escalation: bool) -> list[str]:
        channels = ["console"]
        mailer = self.delivery.mailer
        if wake and mailer is not None and mailer.address_of(recipient):
            channels.append("email")
        if wake and escalation and self.delivery.webhooks:
            channels.append("webhook")
        return channels

    def _loud_channels(
        self, notice: Notice, recipient: str, channels: list[str], texts: dict[str, str]
    ) -> list[str]:
        errors: list[str] = []
        title = template_title(notice.kind)
        if "email" in channels and self.delivery.mailer is not None:
            try:
                self.delivery.mailer.send(recipient, f"[kefu] {title}", texts)
            except OSError as error:
                errors.append(f"email: {type(error).__name__}")
        if "webhook" in channels:
            for hook in self.delivery.webhooks:
                try:
                    hook.post(title, texts)
                except Exception as error:
                    errors.append(f"webhook {hook.format}: {error}")
        for error in errors:
            log.warning("staff notice %s: %s", notice.kind, error)
        return errors
