"""How many people each role's directory lists, kept by the database itself.

A directory page shows its total ("1-50 of 100,000 students"). Counting that many index
entries on every page view costs more than the rest of the page together, and a total kept in
a cache goes stale whenever a write path forgets to drop it. Here triggers on the user
table keep `accounts_directorycount` right for every write, whatever makes it: a form, the
admin, a roster import, `QuerySet.update()`, `bulk_create()` or SQL typed into a shell. Each
write then updates one counter row in its own transaction, so a total is never ahead of or
behind the rows it counts.

The triggers are dropped before every `migrate` (pre_migrate), so that no migration trips over
them (PostgreSQL refuses to change a column a trigger names, SQLite checks triggers when it
rebuilds a table) and a migration rolled back leaves none behind; after it (post_migrate) they
are installed again and everyone is counted again. Should the triggers still be missing (a
`migrate` that failed half-way), a directory page whose kept count is below its rows counts
them instead, and a last page takes its total from its own rows (accounts.pagination).

The cost: every write to a user of a role updates that role's one counter row. On PostgreSQL a
transaction that adds or removes a listed person holds that row until it commits, so a long
import in one transaction makes other writes of that role wait for it (SQLite makes every writer
wait for any open write transaction anyway), and two transactions that change both roles in
opposite orders may deadlock: PostgreSQL then ends one of them, which can be tried again.
"""

from django.db import transaction

# A person is listed when active and approved (UserQuerySet.directory()).
LISTED = "{row}.is_active AND {row}.is_approved"
NEW_LISTED, OLD_LISTED = LISTED.format(row="NEW"), LISTED.format(row="OLD")
ADD = (
    "INSERT INTO accounts_directorycount (role, listed) VALUES (NEW.role, 1) "
    "ON CONFLICT (role) DO UPDATE SET listed = accounts_directorycount.listed + 1"
)
SUBTRACT = "UPDATE accounts_directorycount SET listed = listed - 1 WHERE role = OLD.role"
CHANGED = f"(OLD.role <> NEW.role OR ({OLD_LISTED}) <> ({NEW_LISTED}))"

SQLITE = [
    f"""CREATE TRIGGER accounts_user_listed_insert AFTER INSERT ON accounts_user
        WHEN {NEW_LISTED} BEGIN {ADD}; END""",
    f"""CREATE TRIGGER accounts_user_listed_delete AFTER DELETE ON accounts_user
        WHEN {OLD_LISTED} BEGIN {SUBTRACT}; END""",
    f"""CREATE TRIGGER accounts_user_listed_update
        AFTER UPDATE OF role, is_active, is_approved ON accounts_user WHEN {CHANGED}
        BEGIN
            {SUBTRACT} AND {OLD_LISTED};
            INSERT INTO accounts_directorycount (role, listed) SELECT NEW.role, 1
                WHERE {NEW_LISTED}
                ON CONFLICT (role) DO UPDATE SET listed = accounts_directorycount.listed + 1;
        END""",  # noqa: S608 (only this module's constants)
]

# PostgreSQL counts once per statement, from its transition tables: a bulk write (a roster
# import) moves each counter once per statement, not once per row. Updating one row many
# times in one transaction would leave a chain of row versions that every later update
# walks: a 10,000-person import spent two thirds of its time there.
SIDE = "SELECT role, {sign}COUNT(*) AS n FROM {table} WHERE {listed} GROUP BY role"
NEW_SIDE = SIDE.format(sign="", table="new_rows", listed=LISTED.format(row="new_rows"))
OLD_SIDE = SIDE.format(sign="-", table="old_rows", listed=LISTED.format(row="old_rows"))


def move(*sides):
    """Add each role's net change to its counter; a statement that moves nobody writes nothing
    (a sign-in's UPDATE must not lock the role's counter row)."""
    return f"""INSERT INTO accounts_directorycount AS kept (role, listed)
        SELECT role, SUM(n) FROM ({" UNION ALL ".join(sides)}) AS moved
        GROUP BY role HAVING SUM(n) <> 0
        ON CONFLICT (role) DO UPDATE SET listed = kept.listed + EXCLUDED.listed"""  # noqa: S608


def statement_trigger(event, tables, body):
    name = f"accounts_user_listed_{event.lower()}"
    return [
        f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN {body}; RETURN NULL; END $$""",
        f"""CREATE OR REPLACE TRIGGER {name} AFTER {event} ON accounts_user
            REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION {name}()""",
    ]


POSTGRESQL = [
    *statement_trigger("INSERT", "NEW TABLE AS new_rows", move(NEW_SIDE)),
    *statement_trigger("DELETE", "OLD TABLE AS old_rows", move(OLD_SIDE)),
    # Every UPDATE, not UPDATE OF its columns: PostgreSQL would then refuse to alter them.
    *statement_trigger(
        "UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows", move(OLD_SIDE, NEW_SIDE)
    ),
    """CREATE OR REPLACE FUNCTION accounts_user_truncated() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN DELETE FROM accounts_directorycount; RETURN NULL; END $$""",
    """CREATE OR REPLACE TRIGGER accounts_user_truncated AFTER TRUNCATE ON accounts_user
        FOR EACH STATEMENT EXECUTE FUNCTION accounts_user_truncated()""",
]

DROP = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS accounts_user_listed_insert",
        "DROP TRIGGER IF EXISTS accounts_user_listed_delete",
        "DROP TRIGGER IF EXISTS accounts_user_listed_update",
    ],
    "postgresql": [
        "DROP FUNCTION IF EXISTS accounts_user_listed() CASCADE",  # the row trigger before
        "DROP FUNCTION IF EXISTS accounts_user_listed_insert() CASCADE",
        "DROP FUNCTION IF EXISTS accounts_user_listed_delete() CASCADE",
        "DROP FUNCTION IF EXISTS accounts_user_listed_update() CASCADE",
        "DROP FUNCTION IF EXISTS accounts_user_truncated() CASCADE",
    ],
}

RECOUNT = [
    "DELETE FROM accounts_directorycount",
    f"""INSERT INTO accounts_directorycount (role, listed)
        SELECT role, COUNT(*) FROM accounts_user WHERE {LISTED.format(row="accounts_user")}
        GROUP BY role""",  # noqa: S608 (only this module's constants)
]


def install(connection):
    """Install the triggers on `connection`'s database and count everyone again, atomically.

    Creating a trigger locks the user table against writes until the end of the transaction
    (PostgreSQL) or takes the write lock (SQLite), so no write falls between the recount and
    the trigger that keeps it.
    """
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(connection.vendor)
    if statements is None:
        return  # another database: directory pages count their rows (ProfileQuerySet)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for statement in [*DROP[connection.vendor], *statements, *RECOUNT]:
            cursor.execute(statement)


def uninstall(connection):
    """Drop the triggers (if any) from `connection`'s database."""
    with connection.cursor() as cursor:
        for statement in DROP.get(connection.vendor, []):
            cursor.execute(statement)


def installed(connection):
    """Whether the triggers are in place on `connection`'s database."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name = 'accounts_user' AND name LIKE 'accounts_user_listed_%'"
            )
            return cursor.fetchone()[0] == 3
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT COUNT(*) FROM pg_trigger WHERE tgname LIKE 'accounts_user_listed_%' "
                "AND tgrelid = 'accounts_user'::regclass"
            )
            return cursor.fetchone()[0] == 3
    return False


def supported(connection):
    """Whether counts are kept on `connection`'s database (SQLite and PostgreSQL)."""
    return connection.vendor in DROP


def uninstall_before_migrate(sender, using, **kwargs):
    """pre_migrate receiver: no migration runs with the triggers in place."""
    from django.db import connections

    uninstall(connections[using])


def install_after_migrate(sender, using, **kwargs):
    """post_migrate receiver: put the triggers back and recount, once the tables exist."""
    from django.db import connections

    connection = connections[using]
    if "accounts_directorycount" in connection.introspection.table_names():
        install(connection)
