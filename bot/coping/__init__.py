"""Coping strategies: the content, its validation, the cards it renders to, and picking."""

from bot.coping.awareness import AwarenessCalendar, AwarenessDay, themed_card, themed_pick
from bot.coping.cards import Card, CardField, strategy_card
from bot.coping.categories import Category
from bot.coping.picking import FAVOURITE_WEIGHT, pick
from bot.coping.rotation import RotationPick, next_daily
from bot.coping.strategies import CopingLibrary, Strategy

__all__ = [
    "FAVOURITE_WEIGHT",
    "AwarenessCalendar",
    "AwarenessDay",
    "Card",
    "CardField",
    "Category",
    "CopingLibrary",
    "RotationPick",
    "Strategy",
    "next_daily",
    "pick",
    "strategy_card",
    "themed_card",
    "themed_pick",
]
