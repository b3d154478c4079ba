"""Quarterly review rounds (季度观摩点评), Qt-free.

The office makes a round (`rounds.new_round`): a quarter, a scorecard published as a form
definition, a route of projects in visiting order, members and the red/black list rules as data
(`rules`). Each member scores each project on their own laptop, offline (`rounds.score`): every
score is an append-only record; a later one by the same member for the same project amends it,
the history kept. Scores reach the office by sync or bundle; `results.compute` merges and ranks
them, `bulletin.build` prints the 观摩点评通报 and `export.write` every raw score.
"""
