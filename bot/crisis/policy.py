"""What Lantern does about a detected message: reply to the member, alert moderators, or both.

Pure: the cog gathers the server's settings and the member's state, asks `decide`, and carries the
decision out. Following the safe-messaging guidance, a member gets at most one automatic reply per
cooldown; later triggers go to moderators as a repeat concern, and harassment never gets a hotline
reply, only a moderator alert.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from bot.crisis.detector import Kind

DEFAULT_COOLDOWN = timedelta(hours=6)
DEFAULT_REPING_AFTER = timedelta(minutes=10)


class DeliveryMode(StrEnum):
    DM = "dm"  # a DM first; a discreet in-channel button when DMs are closed
    CHANNEL = "channel"  # always the in-channel button, never a DM
    ALERTS_ONLY = "alerts_only"  # moderators only
    OFF = "off"


class Reply(StrEnum):
    NONE = "none"
    CRISIS = "crisis"
    CONCERN = "concern"


class Alert(StrEnum):
    NONE = "none"
    CRISIS = "crisis"
    CONCERN = "concern"
    HARASSMENT = "harassment"
    REPEAT = "repeat"
    OPTED_OUT = "opted_out"


@dataclass(frozen=True, slots=True)
class CrisisSettings:
    mode: DeliveryMode = DeliveryMode.DM
    mod_channel_id: int | None = None
    cooldown: timedelta = DEFAULT_COOLDOWN
    reping_after: timedelta = DEFAULT_REPING_AFTER
    alert_opted_out: bool = True
    # Moderators hear about crisis notes in private check-ins of members who were told.
    checkin_alerts: bool = False
    excluded_channel_ids: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True, slots=True)
class MemberState:
    auto_replies: bool = True
    last_reply_at: datetime | None = None
    repeats: int = 0

    def in_cooldown(self, now: datetime, cooldown: timedelta) -> bool:
        return self.last_reply_at is not None and now < self.last_reply_at + cooldown


@dataclass(frozen=True, slots=True)
class Decision:
    reply: Reply
    alert: Alert
    outcome: str
    repeat_count: int = 0


IGNORED = Decision(Reply.NONE, Alert.NONE, "ignored")


def decide(
    kind: Kind,
    settings: CrisisSettings,
    member: MemberState,
    now: datetime,
    *,
    replies_to_flagged_message: bool = False,
) -> Decision:
    """Decide the reply and the alert for one detected message."""
    if kind is Kind.NONE or settings.mode is DeliveryMode.OFF:
        return IGNORED
    if kind is Kind.HARASSMENT:
        return _with_alert_route(Decision(Reply.NONE, Alert.HARASSMENT, "harassment"), settings)
    if kind is Kind.CONCERN and replies_to_flagged_message:
        # Others answering a message that already got a reply: that member was already reached.
        return Decision(Reply.NONE, Alert.NONE, "duplicate")
    if kind is Kind.CRISIS and not member.auto_replies:
        alert = Alert.OPTED_OUT if settings.alert_opted_out else Alert.NONE
        return _with_alert_route(Decision(Reply.NONE, alert, "opted_out"), settings)
    if member.in_cooldown(now, settings.cooldown):
        repeat = Decision(Reply.NONE, Alert.REPEAT, "repeat", repeat_count=member.repeats + 1)
        return _with_alert_route(repeat, settings)
    reply = Reply.CRISIS if kind is Kind.CRISIS else Reply.CONCERN
    alert = Alert.CRISIS if kind is Kind.CRISIS else Alert.CONCERN
    if settings.mode is DeliveryMode.ALERTS_ONLY:
        return _with_alert_route(Decision(Reply.NONE, alert, "alerts_only"), settings)
    return _with_alert_route(Decision(reply, alert, "replied"), settings)


def _with_alert_route(decision: Decision, settings: CrisisSettings) -> Decision:
    """Drop the alert when the server has no moderator channel to send it to."""
    if settings.mod_channel_id is None and decision.alert is not Alert.NONE:
        return Decision(decision.reply, Alert.NONE, decision.outcome, decision.repeat_count)
    return decision
