"""Circulation's workflows: the tracker and its targets. Views and tasks call these."""

from campaigns.circulation.services.standing import tracker
from campaigns.circulation.services.targets import (
    MANUAL_STATUSES,
    Totals,
    committee_members,
    committees_of,
    offices_matching,
    target_list_apply,
    target_list_save,
    target_update,
    targets_add,
    targets_remove,
    targets_set_status,
    tracker_totals,
)

__all__ = [
    "MANUAL_STATUSES",
    "Totals",
    "committee_members",
    "committees_of",
    "offices_matching",
    "target_list_apply",
    "target_list_save",
    "target_update",
    "targets_add",
    "targets_remove",
    "targets_set_status",
    "tracker",
    "tracker_totals",
]
