"""The scheduler: SLA watch, care messages and follow-up reminders under the contact policy."""
