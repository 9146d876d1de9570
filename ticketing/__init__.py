"""The service desk: tickets, SLA, routing, customers, the chat gateway, console and API."""
