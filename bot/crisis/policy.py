"""What Lantern does about a detected message: reply to the member, alert moderators, or both.

Pure: the cog gathers the server's settings and the member's state, asks `decide`, and carries the
decision out. Following the safe-messaging guidance, a member gets at most one full card per
cooldown, but a cooldown only holds back the same or a lesser card: a crisis after a "worried about
someone" card is answered in full. Later triggers go to moderators as a repeat; where there are no
moderators to tell, the member gets one short "still here" line per cooldown instead, so a crisis
never ends with nobody told. Harassment never gets a hotline reply, only a moderator alert.
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
    # One short line with the support button: for a repeat nobody else will hear about.
    STILL_HERE = "still_here"


# Which card a cooldown holds back: only the same or a lesser one.
_CARD_WEIGHT = {Reply.CONCERN: 1, Reply.CRISIS: 2}


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
    # The card the cooldown started with; older rows that didn't say count as the lesser one.
    last_reply: Reply = Reply.CONCERN
    repeats: int = 0
    still_here_at: datetime | None = None

    def holds_back(self, reply: Reply, now: datetime, cooldown: timedelta) -> bool:
        """Whether the cooldown keeps `reply` from being sent again now."""
        in_cooldown = self.last_reply_at is not None and now < self.last_reply_at + cooldown
        return in_cooldown and _CARD_WEIGHT[reply] <= _CARD_WEIGHT[self.last_reply]

    def may_hear_still_here(self, now: datetime, cooldown: timedelta) -> bool:
        return self.still_here_at is None or now >= self.still_here_at + cooldown


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
    has_moderators = settings.mod_channel_id is not None
    if kind is Kind.CRISIS and not member.auto_replies:
        if has_moderators and settings.alert_opted_out:
            return Decision(Reply.NONE, Alert.OPTED_OUT, "opted_out")
        # Nobody else will hear of it: the gentlest reply they can get, once per cooldown.
        return _still_here_or_quiet(member, settings, now, "opted_out", member.repeats)
    reply = Reply.CRISIS if kind is Kind.CRISIS else Reply.CONCERN
    alert = Alert.CRISIS if kind is Kind.CRISIS else Alert.CONCERN
    if member.holds_back(reply, now, settings.cooldown):
        repeats = member.repeats + 1
        if has_moderators:
            return Decision(Reply.NONE, Alert.REPEAT, "repeat", repeat_count=repeats)
        if kind is Kind.CRISIS:
            return _still_here_or_quiet(member, settings, now, "repeat", repeats)
        return Decision(Reply.NONE, Alert.NONE, "repeat", repeat_count=repeats)
    if settings.mode is DeliveryMode.ALERTS_ONLY and has_moderators:
        return Decision(Reply.NONE, alert, "alerts_only")
    # Alerts-only with no moderator channel would tell nobody: the member is answered instead.
    return _with_alert_route(Decision(reply, alert, "replied"), settings)


def _still_here_or_quiet(
    member: MemberState, settings: CrisisSettings, now: datetime, quiet: str, repeats: int
) -> Decision:
    """One short line per cooldown; past it the member heard from Lantern within the cooldown."""
    if member.may_hear_still_here(now, settings.cooldown):
        return Decision(Reply.STILL_HERE, Alert.NONE, "still_here", repeat_count=repeats)
    return Decision(Reply.NONE, Alert.NONE, quiet, repeat_count=repeats)


def _with_alert_route(decision: Decision, settings: CrisisSettings) -> Decision:
    """Drop the alert when the server has no moderator channel to send it to."""
    if settings.mod_channel_id is None and decision.alert is not Alert.NONE:
        return Decision(decision.reply, Alert.NONE, decision.outcome, decision.repeat_count)
    return decision
