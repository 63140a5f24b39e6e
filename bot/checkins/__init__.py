"""Mood check-ins: moods and tags, streaks, history, the chart and the words Lantern answers with.

Pure domain logic that never imports discord; the cog is thin glue over it.
"""
