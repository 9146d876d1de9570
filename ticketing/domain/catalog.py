"""The fixed vocabularies of a ticket: categories, channels, languages, priorities, segments."""

from __future__ import annotations

from enum import Enum

CATEGORIES = (
    "delivery",
    "payment",
    "invoice",
    "refund",
    "return_exchange",
    "product_issue",
    "complaint",
    "account",
    "other",
)
CHANNELS = ("chat", "email", "phone", "web")
LANGUAGES = ("zh", "en")

# Segments come from the customers area (ticketing.domain.segments); here they are plain strings.
SEGMENTS = (
    "high_value_active",
    "high_value_at_risk",
    "potential_growth",
    "regular",
    "dormant",
)
HIGH_VALUE_SEGMENTS = frozenset({"high_value_active", "high_value_at_risk"})


class Priority(str, Enum):
    """P1 is the most urgent; values sort the same way as urgency (``"P1" < "P2"``)."""

    P1 = "P1"
    P2 = "P2"
    P3 = "P3"
    P4 = "P4"

    def raised(self, levels: int = 1) -> Priority:
        """This priority made more urgent by ``levels`` steps, never beyond P1."""
        return Priority(f"P{max(1, int(self.value[1]) - levels)}")

    @staticmethod
    def most_urgent(*priorities: Priority) -> Priority:
        """The most urgent of the given priorities."""
        return min(priorities, key=lambda priority: priority.value)
