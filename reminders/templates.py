"""Message texts in Chinese and English, with ``{variables}``.

``render(kind, language, variables)`` returns the text; a missing variable raises
:class:`TemplateError` naming it, so a broken template fails a test and not a customer.
Marketing texts end with the unsubscribe line (SPEC: every marketing message offers it).
"""

from __future__ import annotations

from collections.abc import Mapping

TEMPLATES: Mapping[str, Mapping[str, str]] = {
    # --- to staff ------------------------------------------------------------------------
    "sla_warning": {
        "zh": "SLA预警：工单 {ticket_id} 的{clock}已用 {percent}%，将于 {due_local} 到期。",
        "en": "SLA warning: ticket {ticket_id} has used {percent}% of its {clock} time; "
        "due {due_local}.",
    },
    "sla_breach": {
        "zh": "SLA超时升级：工单 {ticket_id}（客户分层：{segment}）的{clock}已超时 {minutes_over} "
        "分钟，处理人：{assignee}。",
        "en": "SLA breach: ticket {ticket_id} (segment: {segment}) is {minutes_over} min over its "
        "{clock} target; assignee: {assignee}.",
    },
    "ticket_untouched": {
        "zh": "工单 {ticket_id} 已超过 {hours} 小时未处理，请跟进。",
        "en": "Ticket {ticket_id} has not been touched for {hours} hours; please follow up.",
    },
    "birthday_owner": {
        "zh": "客户 {customer_name}（{customer_id}）将于 {birthday} 过生日，请准备祝福。",
        "en": "Customer {customer_name} ({customer_id}) has a birthday on {birthday}.",
    },
    "quarterly_review": {
        "zh": "请为高价值客户 {customer_name}（{customer_id}）安排本季度深度回访（需求调研）。",
        "en": "Plan this quarter's in-depth review with high-value customer {customer_name} "
        "({customer_id}).",
    },
    "monthly_touch": {
        "zh": "请本月与高价值客户 {customer_name}（{customer_id}）做一次轻度联系。",
        "en": "Make this month's light touch with high-value customer {customer_name} "
        "({customer_id}).",
    },
    "follow_up_due": {
        "zh": "跟进提醒：客户 {customer_id} 的待办「{next_action}」已到期（{due_local}）。",
        "en": "Follow-up due: '{next_action}' for customer {customer_id} ({due_local}).",
    },
    "record_not_updated": {
        "zh": "客户 {customer_id} 的跟进「{next_action}」到期已超过24小时，记录仍未更新。",
        "en": "The record of customer {customer_id} was not updated within 24 hours of the "
        "follow-up '{next_action}'.",
    },
    "lead_follow_up": {
        "zh": "A级线索：客户 {customer_id} 须在 {deadline_local} 前跟进。",
        "en": "A-grade lead: follow up customer {customer_id} before {deadline_local}.",
    },
    "contract_renewal": {
        "zh": "合同 {contract_id}（客户 {customer_id}）将于 {ends_on} 到期，请安排续约。",
        "en": "Contract {contract_id} (customer {customer_id}) ends on {ends_on}; plan renewal.",
    },
    "revisit_due": {
        "zh": "回访提醒：工单 {ticket_id}（客户 {customer_id}）约定的回访时间已到。",
        "en": "Revisit due: ticket {ticket_id} (customer {customer_id}) asked for a revisit.",
    },
    "churn_risk": {
        "zh": "流失预警：高价值客户 {customer_name}（{customer_id}）消费下降且连续未回应，"
        "请在3天内跟进。",
        "en": "Churn risk: high-value customer {customer_name} ({customer_id}) spends less and "
        "has not answered twice; follow up within 3 days.",
    },
    "data_alert": {
        "zh": "数据安全告警：{action}（操作人 {actor}，{occurred_local}）。",
        "en": "Data-protection alert: {action} (by {actor}, {occurred_local}).",
    },
    # --- to customers --------------------------------------------------------------------
    "birthday_greeting": {
        "zh": "{customer_name}，生日快乐！感谢您一直以来的支持。",
        "en": "Happy birthday, {customer_name}! Thank you for being with us.",
    },
    "welcome_coupon": {
        "zh": "欢迎加入，{customer_name}！送您新人优惠券 {coupon}，30天内有效。"
        "退订请点击 {unsubscribe_url}",
        "en": "Welcome, {customer_name}! Here is your new-customer coupon {coupon}, valid for "
        "30 days. Unsubscribe: {unsubscribe_url}",
    },
    "dormant_wakeup": {
        "zh": "{customer_name}，好久不见！为您准备了专属回购折扣 {coupon}。"
        "退订请点击 {unsubscribe_url}",
        "en": "We miss you, {customer_name}! An exclusive discount for your next order: "
        "{coupon}. Unsubscribe: {unsubscribe_url}",
    },
    "satisfaction_survey": {
        "zh": "您的工单 {ticket_id} 已解决。请为本次服务打分（1-5分），帮助我们做得更好。",
        "en": "Your ticket {ticket_id} is resolved. Please rate our service (1-5).",
    },
}
LANGUAGES = ("zh", "en")

TITLES: Mapping[str, Mapping[str, str]] = {
    "sla_warning": {"zh": "SLA预警", "en": "SLA warning"},
    "sla_breach": {"zh": "SLA超时升级", "en": "SLA breach"},
    "ticket_untouched": {"zh": "工单未处理提醒", "en": "Ticket untouched"},
    "birthday_owner": {"zh": "客户生日提醒", "en": "Customer birthday"},
    "quarterly_review": {"zh": "季度深度回访", "en": "Quarterly review"},
    "monthly_touch": {"zh": "月度联系提醒", "en": "Monthly touch"},
    "follow_up_due": {"zh": "跟进提醒", "en": "Follow-up due"},
    "record_not_updated": {"zh": "记录未更新", "en": "Record not updated"},
    "lead_follow_up": {"zh": "A级线索跟进", "en": "A-grade lead"},
    "contract_renewal": {"zh": "合同续约提醒", "en": "Contract renewal"},
    "revisit_due": {"zh": "回访提醒", "en": "Revisit due"},
    "churn_risk": {"zh": "流失预警", "en": "Churn risk"},
    "data_alert": {"zh": "数据安全告警", "en": "Data-protection alert"},
}


def title(kind: str) -> str:
    """A short bilingual title for email subjects and webhook headings."""
    texts = TITLES.get(kind)
    return f"{texts['zh']} / {texts['en']}" if texts else kind


class TemplateError(KeyError):
    """A template or one of its variables is missing."""


def render(kind: str, language: str, variables: Mapping[str, object]) -> str:
    """The text of ``kind`` in ``language`` (``zh`` when unknown) with ``variables`` filled.

    A variable may itself be ``{"zh": ..., "en": ...}``: the value of the language is used.
    """
    texts = TEMPLATES.get(kind)
    if texts is None:
        raise TemplateError(f"no template {kind!r}")
    text = texts.get(language, texts["zh"])
    values = {
        name: value.get(language, value.get("zh")) if isinstance(value, Mapping) else value
        for name, value in variables.items()
    }
    try:
        return text.format(**values)
    except KeyError as error:
        raise TemplateError(f"template {kind!r} needs variable {error.args[0]!r}") from None
