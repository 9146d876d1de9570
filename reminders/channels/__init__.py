"""Notification channels behind small interfaces: staff (console, email, webhooks) and
customers (widget, SMS, email through a gateway adapter)."""
