"""The workspace schema as an ordered list of named migrations.

Migrations are never edited once shipped: a change to the schema is a new function at the end.
Each runs in its own transaction together with the record that it was applied.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite3

    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations


class MigrationSet:
    """sqlite-utils' `Migrations`, registered the same way (`@migrations(name=...)`) but made
    only when a workspace needs migrating or asks (`applied`, `pending`, `apply`, … are the
    library's own). Importing sqlite-utils costs the desktop ~40 ms at start-up; opening a
    workspace whose schema is current needs only the names (see `workspace._up_to_date`)."""

    migrations_table = "_sqlite_migrations"  # where sqlite-utils records what was applied

    def __init__(self, name: str) -> None:
        self.name = name
        self._registered: list[tuple[str, Callable[[Database], None], bool]] = []
        self._real: Migrations | None = None

    def __call__(
        self, *, name: str | None = None, transactional: bool = True
    ) -> Callable[[Callable], Callable]:
        def register(fn: Callable[[Database], None]) -> Callable[[Database], None]:
            self._registered.append((name or fn.__name__, fn, transactional))
            self._real = None
            return fn

        return register

    @property
    def names(self) -> list[str]:
        return [name for name, _fn, _t in self._registered]

    def real(self) -> Migrations:
        if self._real is None:
            from sqlite_utils.migrations import Migrations

            real = Migrations(self.name)
            assert real.migrations_table == self.migrations_table
            for name, fn, transactional in self._registered:
                real(name=name, transactional=transactional)(fn)
            self._real = real
        return self._real

    def __getattr__(self, attr: str) -> Any:
        return getattr(self.real(), attr)


migrations = MigrationSet("siteledger")


def last_applied(conn: sqlite3.Connection) -> str | None:
    """The name of the last migration applied to this database (a backup's manifest says it)."""
    row = conn.execute(
        f"SELECT name FROM [{migrations.migrations_table}] ORDER BY rowid DESC LIMIT 1"
    ).fetchone()
    return row[0] if row else None


# Tables whose rows are shared with other devices through sync; `dump` writes exactly these.
SHARED_TABLES = (
    "units",
    "people",
    "projects",
    "stage_changes",
    "assignments",
    "visits",
    "problems",
    "problem_events",
    "notices",
    "form_definitions",
    "settings",
    "photos",
    "photo_links",
    "photo_link_events",
    "notice_events",
    "interviews",
    "review_rounds",
    "review_members",
    "review_stops",
    "review_scores",
    "monthly_reports",
    "reminders",
)


@migrations(name="0001_initial")
def m0001_initial(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE units (
            id TEXT PRIMARY KEY,
            name TEXT,
            kind TEXT,            -- district | park | department | enterprise
            parent_id TEXT
        );
        CREATE TABLE people (
            id TEXT PRIMARY KEY,
            name TEXT,
            role TEXT,            -- leader | commissioner | office | reviewer
            unit_id TEXT,
            title TEXT,
            phone TEXT
        );
        CREATE TABLE projects (
            id TEXT PRIMARY KEY,
            code TEXT,
            name TEXT,
            enterprise TEXT,
            district_id TEXT,
            park TEXT,
            industry_chain TEXT,
            stage TEXT,
            total_investment INTEGER,           -- money is integer yuan
            year_plan_investment INTEGER,
            year_completed_investment INTEGER,
            cumulative_investment INTEGER,
            signed_plan TEXT, signed_actual TEXT,
            filed_plan TEXT, filed_actual TEXT,
            started_plan TEXT, started_actual TEXT,
            completed_plan TEXT, completed_actual TEXT,
            production_plan TEXT, production_actual TEXT,
            capacity_plan TEXT, capacity_actual TEXT,
            lead_unit_id TEXT,
            responsible_units TEXT,             -- JSON list of unit ids
            location TEXT,
            latitude REAL,
            longitude REAL,
            province_key INTEGER,
            city_key INTEGER,
            progress_note TEXT,
            notes TEXT
        );
        CREATE INDEX projects_code ON projects(code);
        CREATE INDEX projects_district ON projects(district_id);
        CREATE TABLE stage_changes (
            id TEXT PRIMARY KEY,
            project_id TEXT NOT NULL REFERENCES projects(id),
            stage TEXT NOT NULL,
            changed_on TEXT,
            author_id TEXT,
            hlc TEXT NOT NULL
        );
        CREATE INDEX stage_changes_project ON stage_changes(project_id);
        CREATE TABLE assignments (
            id TEXT PRIMARY KEY,
            person_id TEXT REFERENCES people(id),
            project_id TEXT REFERENCES projects(id),
            role TEXT,            -- leader | commissioner
            since TEXT,
            active INTEGER
        );
        CREATE INDEX assignments_person ON assignments(person_id);
        CREATE INDEX assignments_project ON assignments(project_id);
        CREATE TABLE visits (
            id TEXT PRIMARY KEY,
            project_id TEXT NOT NULL REFERENCES projects(id),
            author_id TEXT,
            visited_at TEXT NOT NULL,
            kind TEXT,
            latitude REAL,
            longitude REAL,
            progress_text TEXT,
            cumulative_investment INTEGER,
            form_id TEXT NOT NULL,
            form_version INTEGER NOT NULL,
            data TEXT NOT NULL,   -- every value as filled, JSON
            hlc TEXT NOT NULL
        );
        CREATE INDEX visits_project ON visits(project_id, visited_at);
        CREATE TABLE problems (
            id TEXT PRIMARY KEY,
            project_id TEXT NOT NULL REFERENCES projects(id),
            visit_id TEXT REFERENCES visits(id),
            category TEXT,
            description TEXT,
            raised_on TEXT,
            author_id TEXT,
            form_id TEXT NOT NULL,
            form_version INTEGER NOT NULL,
            data TEXT NOT NULL,
            hlc TEXT NOT NULL,
            -- folded from problem_events, deterministic; never written directly
            status TEXT NOT NULL DEFAULT 'registered',
            unit_id TEXT,
            assignee TEXT,
            deadline TEXT,
            reported_by TEXT,
            closed_on TEXT
        );
        CREATE INDEX problems_project ON problems(project_id);
        CREATE INDEX problems_status ON problems(status, deadline);
        CREATE TABLE problem_events (
            id TEXT PRIMARY KEY,
            problem_id TEXT NOT NULL REFERENCES problems(id),
            kind TEXT NOT NULL,
            at TEXT NOT NULL,
            author_id TEXT,
            unit_id TEXT,
            assignee TEXT,
            deadline TEXT,
            note TEXT,
            hlc TEXT NOT NULL
        );
        CREATE INDEX problem_events_problem ON problem_events(problem_id, hlc);
        CREATE TABLE notices (
            id TEXT PRIMARY KEY,
            number TEXT,
            year INTEGER,
            seq INTEGER,
            unit_id TEXT,
            issued_on TEXT,
            deadline TEXT,
            problem_ids TEXT,     -- JSON list
            status TEXT,
            author_id TEXT
        );
        CREATE TABLE form_definitions (
            id TEXT NOT NULL,
            version INTEGER NOT NULL,
            kind TEXT NOT NULL,
            body TEXT NOT NULL,
            PRIMARY KEY (id, version)
        );
        CREATE TABLE settings (
            id TEXT PRIMARY KEY,  -- the setting's key
            value TEXT
        );

        -- Journal of every change applied here, local or received: the history that keeps a
        -- losing write of a mutable field.
        CREATE TABLE changes (
            id TEXT PRIMARY KEY,
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            op TEXT NOT NULL,
            hlc TEXT NOT NULL,
            author_id TEXT,
            device TEXT,
            body TEXT NOT NULL
        );
        CREATE INDEX changes_entity ON changes(entity, entity_id);
        -- Winning stamp per mutable field (last writer wins by HLC).
        CREATE TABLE field_clock (
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            field TEXT NOT NULL,
            hlc TEXT NOT NULL,
            change_id TEXT NOT NULL,
            PRIMARY KEY (entity, entity_id, field)
        ) WITHOUT ROWID;

        -- Device-local: never synced, never dumped.
        CREATE TABLE outbox (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            change_id TEXT NOT NULL UNIQUE REFERENCES changes(id)
        );
        CREATE TABLE local (
            key TEXT PRIMARY KEY,
            value TEXT
        );
        """
    )


@migrations(name="0002_photos")
def m0002_photos(db: Database) -> None:
    db.executescript(
        """
        -- One row per distinct original, keyed by the SHA-256 of its original bytes: the same
        -- photo imported twice (or on two laptops) is one row. Mutable (last writer wins per
        -- field) so two devices that imported the same bytes converge.
        CREATE TABLE photos (
            id TEXT PRIMARY KEY,        -- sha256 of the original bytes (hex)
            working_sha256 TEXT,        -- sha256 of the working copy: the file that syncs
            original_name TEXT,
            original_format TEXT,       -- JPEG | PNG | HEIF | WEBP | TIFF | ...
            original_bytes INTEGER,
            width INTEGER,              -- of the original, orientation applied
            height INTEGER,
            taken_at TEXT,              -- EXIF DateTimeOriginal, ISO, camera local time
            taken_offset TEXT,          -- EXIF OffsetTimeOriginal (+08:00) when the camera wrote it
            latitude REAL,
            longitude REAL,
            camera TEXT,
            imported_at TEXT,           -- this device's wall clock when imported (UTC ISO)
            clock_confirmed_at TEXT,    -- server time of the last clock confirmation (UTC ISO)
            clock_offset_s REAL,        -- monotonic seconds since that confirmation
            clock_drift_s REAL,         -- wall clock minus confirmed time (+ offset), seconds
            time_trusted INTEGER,       -- 0: 时间待核验
            time_note TEXT,
            flags TEXT                  -- JSON list: unverified, exif_time_invalid, gps_invalid, ...
        );
        -- Which visit / problem / project a photo belongs to. Append-only: a later caption or a
        -- removal is a photo_link_events record; the file stays while any live link names it.
        CREATE TABLE photo_links (
            id TEXT PRIMARY KEY,
            photo_id TEXT NOT NULL,     -- no FK: the link may arrive by sync before the photo
            target_kind TEXT NOT NULL,  -- visit | problem | project
            target_id TEXT NOT NULL,
            project_id TEXT,
            caption TEXT,
            linked_at TEXT,
            flags TEXT,                 -- JSON list: outside_visit_day, far_from_project
            distance_m REAL,
            author_id TEXT,
            hlc TEXT NOT NULL
        );
        CREATE INDEX photo_links_target ON photo_links(target_kind, target_id);
        CREATE INDEX photo_links_photo ON photo_links(photo_id);
        CREATE TABLE photo_link_events (
            id TEXT PRIMARY KEY,
            link_id TEXT NOT NULL,
            kind TEXT NOT NULL,         -- caption | removed
            caption TEXT,
            at TEXT,
            author_id TEXT,
            hlc TEXT NOT NULL
        );
        CREATE INDEX photo_link_events_link ON photo_link_events(link_id, hlc);
        """
    )


@migrations(name="0003_sync")
def m0003_sync(db: Database) -> None:
    # Device-local sync state: never in SHARED_TABLES, never dumped.
    db.executescript(
        """
        CREATE TABLE sync_state (
            key TEXT PRIMARY KEY,  -- server_url, token, device_id, user_id, cursor, last_sync ...
            value TEXT
        );
        -- Changes the server refused: out of the outbox, kept with the reason and shown.
        CREATE TABLE sync_set_aside (
            change_id TEXT PRIMARY KEY REFERENCES changes(id),
            status INTEGER NOT NULL,
            reason TEXT NOT NULL,
            set_aside_at TEXT NOT NULL
        );
        -- Photos the server confirmed whole and matching their hash.
        CREATE TABLE sync_photos_sent (
            sha256 TEXT PRIMARY KEY,
            sent_at TEXT NOT NULL
        );
        -- Sync by file: what each peer confirmed having of our journal, and bundles applied.
        CREATE TABLE sync_peers (
            device TEXT PRIMARY KEY,
            acked_through INTEGER NOT NULL DEFAULT 0,   -- our changes.rowid the peer holds
            received_through INTEGER NOT NULL DEFAULT 0 -- their journal position we hold
        );
        CREATE TABLE sync_bundles (
            bundle_id TEXT PRIMARY KEY,
            from_device TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            new_changes INTEGER NOT NULL
        );
        -- Conflicts the office settled (by choosing a value or keeping the winner).
        CREATE TABLE sync_resolved (
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            field TEXT NOT NULL,
            through_hlc TEXT NOT NULL,
            PRIMARY KEY (entity, entity_id, field)
        );
        """
    )


@migrations(name="0004_hostile")
def m0004_hostile(db: Database) -> None:
    # Device-local, never dumped.
    db.executescript(
        """
        -- Changes received (pulled or from a bundle) that failed the entity schema: never
        -- applied, kept with the reason (and a cut of the body) to be shown.
        CREATE TABLE sync_refused_in (
            change_id TEXT PRIMARY KEY,
            source TEXT NOT NULL,        -- pull | bundle
            reason TEXT NOT NULL,
            body TEXT NOT NULL,
            refused_at TEXT NOT NULL
        );
        -- Devices of this workspace's server that were revoked (learned at each online sync):
        -- a bundle they signed is refused even though the server attested them once.
        CREATE TABLE sync_revoked_devices (
            device_id TEXT PRIMARY KEY,   -- the server's id of the device
            revoked_at TEXT NOT NULL
        );
        """
    )


@migrations(name="0005_follow_through")
def m0005_follow_through(db: Database) -> None:
    db.executescript(
        """
        -- The problem's human number (Q26-07-0123), given once on the device that registered
        -- it; problems from before this migration have none (shown by their id's tail).
        ALTER TABLE problems ADD COLUMN number TEXT;
        CREATE INDEX problems_number ON problems(number);

        -- Notices: what kind of document, which notice a 催办 cites, whether the 文号 is a
        -- provisional one (临) that the numbering office confirms, and its lane.
        ALTER TABLE notices ADD COLUMN kind TEXT;
        ALTER TABLE notices ADD COLUMN cites_id TEXT;
        ALTER TABLE notices ADD COLUMN provisional INTEGER;
        ALTER TABLE notices ADD COLUMN lane INTEGER;
        ALTER TABLE notices ADD COLUMN remarks TEXT;   -- a paragraph added before issuing
        -- Folded from notice_events, deterministic; never written directly.
        ALTER TABLE notices ADD COLUMN delivered_on TEXT;
        ALTER TABLE notices ADD COLUMN replied_on TEXT;
        ALTER TABLE notices ADD COLUMN closed_on TEXT;
        ALTER TABLE notices ADD COLUMN close_reason TEXT;
        ALTER TABLE notices ADD COLUMN confirmed_number TEXT;
        ALTER TABLE notices ADD COLUMN confirmed_seq INTEGER;
        CREATE INDEX notices_unit ON notices(unit_id);
        CREATE INDEX notices_number ON notices(number);

        -- A notice's life, append-only: delivered (签收), replied, closed, numbered (the office
        -- confirmed a provisional 文号).
        CREATE TABLE notice_events (
            id TEXT PRIMARY KEY,
            notice_id TEXT NOT NULL,    -- no FK: may arrive by sync before the notice
            kind TEXT NOT NULL,
            at TEXT NOT NULL,
            note TEXT,
            reply_text TEXT,
            photo_id TEXT,              -- sha256 of the signed 回执's scan
            number TEXT,
            seq INTEGER,
            author_id TEXT,
            hlc TEXT NOT NULL
        );
        CREATE INDEX notice_events_notice ON notice_events(notice_id, hlc);

        -- 约谈 records: the last rung of the escalation ladder.
        CREATE TABLE interviews (
            id TEXT PRIMARY KEY,
            unit_id TEXT,
            problem_ids TEXT,           -- JSON list
            held_on TEXT NOT NULL,
            convened_by TEXT,
            attendees TEXT,
            outcome TEXT,
            author_id TEXT,
            hlc TEXT NOT NULL
        );
        """
    )


@migrations(name="0006_monthly_reports")
def m0006_monthly_reports(db: Database) -> None:
    # Append-only: a correction is a new report for the same project and month; the latest
    # (by clock stamp) gives the figures, the first says whether it came by the 20th.
    db.executescript(
        """
        CREATE TABLE monthly_reports (
            id TEXT PRIMARY KEY,
            project_id TEXT NOT NULL REFERENCES projects(id),
            month TEXT NOT NULL,            -- YYYY-MM the figures are for
            reported_at TEXT NOT NULL,      -- when it was filled in (the device's clock)
            investment_month INTEGER,       -- yuan completed in the month
            investment_to_date INTEGER,     -- yuan completed since the project began
            progress_text TEXT,
            problems_text TEXT,
            form_id TEXT NOT NULL,
            form_version INTEGER NOT NULL,
            data TEXT NOT NULL,
            author_id TEXT,
            hlc TEXT NOT NULL
        );
        CREATE INDEX monthly_reports_month ON monthly_reports(month, project_id);
        """
    )


@migrations(name="0007_review_rounds")
def m0007_review_rounds(db: Database) -> None:
    db.executescript(
        """
        -- Published form definitions arrive as append-only changes: stamp and author.
        ALTER TABLE form_definitions ADD COLUMN hlc TEXT;
        ALTER TABLE form_definitions ADD COLUMN author_id TEXT;
        -- Quarterly review rounds (季度观摩点评). No foreign keys: a score may arrive by
        -- sync or bundle before its round or its project.
        CREATE TABLE review_rounds (
            id TEXT PRIMARY KEY,
            quarter TEXT,               -- 2026-Q4
            title TEXT,
            form_id TEXT,               -- the scorecard (a form definition)
            form_version INTEGER,
            red_rule TEXT,              -- JSON: {"top": 5, "require": "target_exceeded", ...}
            black_rule TEXT,
            tie_rule TEXT,
            district_rule TEXT,
            exempt_projects TEXT,       -- JSON list of project ids (不可抗力)
            closed_at TEXT
        );
        CREATE TABLE review_members (
            id TEXT PRIMARY KEY,
            round_id TEXT NOT NULL,
            person_id TEXT NOT NULL,
            author_id TEXT,
            hlc TEXT NOT NULL
        );
        CREATE INDEX review_members_round ON review_members(round_id);
        CREATE TABLE review_stops (
            id TEXT PRIMARY KEY,
            round_id TEXT NOT NULL,
            project_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            planned_day TEXT,
            author_id TEXT,
            hlc TEXT NOT NULL
        );
        CREATE INDEX review_stops_round ON review_stops(round_id, position);
        CREATE TABLE review_scores (
            id TEXT PRIMARY KEY,
            round_id TEXT NOT NULL,
            project_id TEXT NOT NULL,
            member_id TEXT NOT NULL,
            form_id TEXT NOT NULL,
            form_version INTEGER NOT NULL,
            points TEXT NOT NULL,       -- JSON {criterion key: points}
            comment TEXT,
            scored_at TEXT,
            author_id TEXT,
            hlc TEXT NOT NULL
        );
        CREATE INDEX review_scores_round ON review_scores(round_id, project_id, member_id, hlc);
        """
    )


@migrations(name="0008_sign_in")
def m0008_sign_in(db: Database) -> None:
    # Device-local, never in SHARED_TABLES: each laptop keeps the passwords of the people who
    # sign in on it (set at enrolment or by the office there) and its own audit trail.
    db.executescript(
        """
        CREATE TABLE sign_in (
            person_id TEXT PRIMARY KEY,
            password_hash TEXT NOT NULL,      -- argon2id, with its salt and parameters
            set_by TEXT,                      -- the person who set it (NULL: at the machine)
            set_at TEXT NOT NULL,
            failed INTEGER NOT NULL DEFAULT 0,
            last_failed_at TEXT
        );
        -- Who did what, when, on which device, beside the changes journal (which holds every
        -- record): sign-ins, failures, locks, passwords, backups. Append-only.
        CREATE TABLE audit_events (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            device TEXT NOT NULL,
            person_id TEXT,
            action TEXT NOT NULL,
            detail TEXT
        );
        CREATE TRIGGER audit_events_append_only_update BEFORE UPDATE ON audit_events
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
        CREATE TRIGGER audit_events_append_only_delete BEFORE DELETE ON audit_events
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
        -- The journal is the audit trail of records: never deleted, and what a change did never
        -- rewritten (sync may still fill in the author the server assigned).
        CREATE TRIGGER changes_append_only_delete BEFORE DELETE ON changes
        BEGIN SELECT RAISE(ABORT, 'the changes journal is append-only'); END;
        CREATE TRIGGER changes_append_only_update
        BEFORE UPDATE OF id, entity, entity_id, op, hlc, device ON changes
        BEGIN SELECT RAISE(ABORT, 'the changes journal is append-only'); END;
        """
    )


@migrations(name="0009_field_stamps")
def m0009_field_stamps(db: Database) -> None:
    # The winning stamps of mutable fields, one row per record and change whose values the
    # record still shows, instead of one row per field: a project imported from the ledger is
    # one row, not thirty. Last writer wins per field by HLC as before; losing writes stay in
    # the journal. Statement by statement (not executescript): the copy and the drop commit
    # together with the migration's record.
    db.execute(
        """
        CREATE TABLE field_stamps (
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            change_id TEXT NOT NULL,
            hlc TEXT NOT NULL,
            fields TEXT NOT NULL,      -- JSON list of the field names this change's values hold
            PRIMARY KEY (entity, entity_id, change_id)
        ) WITHOUT ROWID
        """
    )
    db.execute(
        """
        INSERT INTO field_stamps (entity, entity_id, change_id, hlc, fields)
        SELECT entity, entity_id, change_id, max(hlc), json_group_array(field)
        FROM (SELECT * FROM field_clock ORDER BY entity, entity_id, change_id, field)
        GROUP BY entity, entity_id, change_id
        """
    )
    db.execute("DROP TABLE field_clock")


@migrations(name="0010_reminders")
def m0010_reminders(db: Database) -> None:
    # 提醒 of the people who owe something that is not a problem (a monthly report): the
    # ladder's first rung for problems is their `reminded` event. Append-only, office-written.
    db.executescript(
        """
        CREATE TABLE reminders (
            id TEXT PRIMARY KEY,
            project_id TEXT NOT NULL,
            month TEXT,                 -- YYYY-MM of the monthly report owed
            person_ids TEXT,            -- JSON list: the commissioners reminded
            note TEXT,
            reminded_on TEXT NOT NULL,
            author_id TEXT,
            hlc TEXT NOT NULL
        );
        CREATE INDEX reminders_month ON reminders(month, project_id);
        """
    )
