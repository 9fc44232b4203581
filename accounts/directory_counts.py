"""How many people each role's directory lists, kept by the database itself.

A directory page shows its total ("1-50 of 100,000 students"). Counting that many index
entries on every page view costs more than the rest of the page together, and a total kept in
a cache goes stale whenever a write path forgets to drop it. Here row triggers on the user
table keep `accounts_directorycount` right for every write, whatever makes it: a form, the
admin, a roster import, `QuerySet.update()`, `bulk_create()` or SQL typed into a shell. Each
write then updates one counter row in its own transaction, so a total is never ahead of or
behind the rows it counts.

The triggers are (re)installed and the counts rebuilt after every `migrate` (post_migrate):
SQLite drops a table's triggers whenever a migration rebuilds that table.
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
    "DROP TRIGGER IF EXISTS accounts_user_listed_insert",
    "DROP TRIGGER IF EXISTS accounts_user_listed_delete",
    "DROP TRIGGER IF EXISTS accounts_user_listed_update",
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

POSTGRESQL = [
    f"""CREATE OR REPLACE FUNCTION accounts_user_listed() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'DELETE' THEN
                IF {OLD_LISTED} THEN {SUBTRACT}; END IF;
            ELSIF TG_OP = 'INSERT' THEN
                IF {NEW_LISTED} THEN {ADD}; END IF;
            ELSIF {CHANGED} THEN
                IF {OLD_LISTED} THEN {SUBTRACT}; END IF;
                IF {NEW_LISTED} THEN {ADD}; END IF;
            END IF;
            RETURN NULL;
        END $$""",
    """CREATE OR REPLACE TRIGGER accounts_user_listed
        AFTER INSERT OR DELETE OR UPDATE OF role, is_active, is_approved ON accounts_user
        FOR EACH ROW EXECUTE FUNCTION accounts_user_listed()""",
]

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
        return  # another database: directory pages count their rows (DirectoryCount.total)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for statement in [*statements, *RECOUNT]:
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
                "SELECT COUNT(*) FROM pg_trigger WHERE tgname = 'accounts_user_listed' "
                "AND tgrelid = 'accounts_user'::regclass"
            )
            return cursor.fetchone()[0] == 1
    return False


def install_after_migrate(sender, using, plan=None, **kwargs):
    """post_migrate receiver: put the triggers back and recount, once the tables exist."""
    from django.db import connections

    connection = connections[using]
    if "accounts_directorycount" in connection.introspection.table_names():
        install(connection)
