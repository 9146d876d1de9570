"""Bilingual labels of service values that the customer sees inside domain responses."""

from __future__ import annotations

TICKET_STATUS = {
    "new": ("已受理，等待分配", "received and waiting for an agent"),
    "open": ("已受理，等待处理", "open and waiting to be handled"),
    "assigned": ("已分配给客服", "assigned to an agent"),
    "in_progress": ("正在处理中", "being worked on"),
    "pending": ("等待您的回复", "waiting for your reply"),
    "waiting_customer": ("等待您的回复", "waiting for your reply"),
    "escalated": ("已升级加急处理", "escalated for priority handling"),
    "resolved": ("已解决，等待您确认", "resolved, waiting for your confirmation"),
    "confirmed": ("已确认解决", "confirmed as solved"),
    "closed": ("已关闭", "closed"),
    "archived": ("已归档", "archived"),
}

TICKET_CATEGORY = {
    "delivery": ("物流配送", "delivery"),
    "payment": ("支付问题", "payment"),
    "invoice": ("发票", "invoice"),
    "refund": ("退款", "refund"),
    "return_exchange": ("退换货", "return/exchange"),
    "product_issue": ("商品问题", "product issue"),
    "complaint": ("投诉", "complaint"),
    "account": ("账号", "account"),
    "other": ("其他咨询", "other"),
}

FINISHED_STATUSES = frozenset({"resolved", "confirmed", "closed", "archived"})


def bilingual(table: dict[str, tuple[str, str]], key: str) -> tuple[str, str]:
    """(zh, en) label of ``key``; an unknown key is shown as it is in both languages."""
    return table.get(key, (key, key))
