"""Everything timed runs through one scheduler (scheduler.py, which states the delivery guarantee).

recurrence.py says when a repeat runs, parsing.py reads the times and days members type, and
pacer.py spreads sends under a global rate. Import from those modules: bot.storage.jobs depends on
recurrence.py, so this package imports nothing, keeping that dependency one-way.
"""
