"""What the gateway itself says to a customer, in Chinese and English.

Everything else the customer reads comes from the bot (domain.yml) or from an agent.
"""

from __future__ import annotations

from ticketing.domain.conversations_relay import BotReply

HANDOFF_PAYLOAD = "/kefu_handoff"
"""A button payload the gateway handles itself (never sent to Rasa): hand over to a person
even while Rasa is unreachable."""

TEXTS: dict[str, dict[str, str]] = {
    "rasa_down": {
        "zh": "抱歉，智能助手暂时无法回复。您的消息已经保存，您可以转人工客服，我们会尽快处理。",
        "en": "Sorry, the assistant can't answer right now. Your message is saved; "
        "you can ask for a person and we'll get back to you soon.",
    },
    "fallback": {
        "zh": "抱歉，我刚才没能处理好您的请求。请换个说法再试一次，或者转人工客服。",
        "en": "Sorry, I couldn't handle that just now. Please try rephrasing, or ask for a person.",
    },
    "to_person": {"zh": "转人工客服", "en": "Talk to a person"},
    "handed_off": {
        "zh": "已为您转接人工客服（工单 {ticket_id}），请稍候，客服会在这里回复您。",
        "en": "You're being put through to a person (ticket {ticket_id}); "
        "an agent will answer you here.",
    },
    "handoff_failed": {
        "zh": "抱歉，暂时无法转接人工客服，请稍后再试或拨打客服热线 400-800-1234。",
        "en": "Sorry, we can't put you through right now; please try again shortly "
        "or call 400-800-1234.",
    },
    "back_to_bot": {
        "zh": "人工客服已结束本次服务，智能助手继续为您服务。还有什么可以帮您？",
        "en": "The agent has finished; the assistant is back. Anything else I can help with?",
    },
    "too_long": {
        "zh": "消息太长了（最多 {limit} 个字），请分几条发送。",
        "en": "That message is too long (at most {limit} characters); please split it up.",
    },
    "too_fast": {
        "zh": "您发送得太快了，请稍等几秒再发。",
        "en": "You're sending messages too quickly; please wait a few seconds.",
    },
}


def say(key: str, language: str, **values: object) -> str:
    """The text ``key`` in ``language`` (Chinese unless "en"), with ``values`` filled in."""
    variants = TEXTS[key]
    return variants["en" if language == "en" else "zh"].format(**values)


def rasa_down_reply(language: str) -> BotReply:
    """The polite message when Rasa does not answer, with a button to reach a person."""
    button = {"title": say("to_person", language), "payload": HANDOFF_PAYLOAD}
    return BotReply(say("rasa_down", language), (button,))


def fallback_reply(language: str) -> BotReply:
    """The reply when Rasa answered nothing (e.g. a custom action failed)."""
    button = {"title": say("to_person", language), "payload": HANDOFF_PAYLOAD}
    return BotReply(say("fallback", language), (button,))
