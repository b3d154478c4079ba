"""The workspace's queries by name: one module per kind of record, the only place in `forms`
where SQL text is written (as ODK Central's `lib/model/query/`). A caller writes
`store.notices.open_for_unit(db, unit_id)`, never SQL.

Each function takes a sqlite-utils `Database` (or the bare `sqlite3.Connection` under it) so
the desktop can run reads on its reader connection. Writes of shared records still go through
`Workspace.record` (one change, journaled and queued in the same transaction).
"""
