"""Delivering the letter: the plan, the workflows, and each attempt by email."""

from campaigns.delivery.services.packet import delivery_packet_make
from campaigns.delivery.services.sending import delivery_send
from campaigns.delivery.services.workflows import (
    DeliveryPlan,
    deliver_after_render,
    delivered_emails_add,
    deliveries_sweep,
    delivery_cancel,
    delivery_plan,
    delivery_record,
    delivery_retry,
    delivery_schedule,
    delivery_start,
)

__all__ = [
    "DeliveryPlan",
    "deliver_after_render",
    "delivered_emails_add",
    "deliveries_sweep",
    "delivery_cancel",
    "delivery_packet_make",
    "delivery_plan",
    "delivery_record",
    "delivery_retry",
    "delivery_schedule",
    "delivery_send",
    "delivery_start",
]
