"""The workspace schema as an ordered list of named migrations.

Migrations are never edited once shipped: a change to the schema is a new function at the end.
Each runs in its own transaction together with the record that it was applied.
"""

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("siteledger")

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
