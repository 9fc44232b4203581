"""The database keeps enrolments true to accounts: a student enrolment only for a student
account, a teacher enrolment only for a teacher.

A check constraint cannot look at another table, so triggers do it: one refuses an enrolment
whose role is not its account's, another refuses changing the role of an account that has
enrolments. Like accounts.directory_counts, they are dropped before every `migrate` and put
back after it, so that no migration trips over them.
"""

from django.db import transaction

MISMATCH = "enrolment role differs from the account role"
ENROLMENT_MISMATCH = "NEW.role <> (SELECT role FROM accounts_user WHERE id = NEW.user_id)"
ACCOUNT_MISMATCH = (
    "EXISTS (SELECT 1 FROM classes_enrollment WHERE user_id = NEW.id AND role <> NEW.role)"
)

SQLITE = [
    f"""CREATE TRIGGER classes_enrollment_role_insert BEFORE INSERT ON classes_enrollment
        WHEN {ENROLMENT_MISMATCH} BEGIN SELECT RAISE(ABORT, '{MISMATCH}'); END""",
    f"""CREATE TRIGGER classes_enrollment_role_update
        BEFORE UPDATE OF role, user_id ON classes_enrollment
        WHEN {ENROLMENT_MISMATCH} BEGIN SELECT RAISE(ABORT, '{MISMATCH}'); END""",
    f"""CREATE TRIGGER classes_account_role_update BEFORE UPDATE OF role ON accounts_user
        WHEN {ACCOUNT_MISMATCH} BEGIN SELECT RAISE(ABORT, '{MISMATCH}'); END""",
]

POSTGRESQL = [
    f"""CREATE OR REPLACE FUNCTION classes_enrollment_role() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF {ENROLMENT_MISMATCH} THEN
                RAISE EXCEPTION '{MISMATCH}' USING ERRCODE = 'check_violation';
            END IF;
            RETURN NEW;
        END $$""",
    """CREATE OR REPLACE TRIGGER classes_enrollment_role
        BEFORE INSERT OR UPDATE ON classes_enrollment
        FOR EACH ROW EXECUTE FUNCTION classes_enrollment_role()""",
    f"""CREATE OR REPLACE FUNCTION classes_account_role() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.role <> OLD.role AND {ACCOUNT_MISMATCH} THEN
                RAISE EXCEPTION '{MISMATCH}' USING ERRCODE = 'check_violation';
            END IF;
            RETURN NEW;
        END $$""",
    """CREATE OR REPLACE TRIGGER classes_account_role BEFORE UPDATE ON accounts_user
        FOR EACH ROW EXECUTE FUNCTION classes_account_role()""",
]

DROP = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS classes_enrollment_role_insert",
        "DROP TRIGGER IF EXISTS classes_enrollment_role_update",
        "DROP TRIGGER IF EXISTS classes_account_role_update",
    ],
    "postgresql": [
        "DROP FUNCTION IF EXISTS classes_enrollment_role() CASCADE",
        "DROP FUNCTION IF EXISTS classes_account_role() CASCADE",
    ],
}


def install(connection):
    """Install the triggers on `connection`'s database (SQLite and PostgreSQL)."""
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(connection.vendor)
    if statements is None:
        return  # another database: the services' checks alone keep the rule
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for statement in [*DROP[connection.vendor], *statements]:
            cursor.execute(statement)


def uninstall(connection):
    with connection.cursor() as cursor:
        for statement in DROP.get(connection.vendor, []):
            cursor.execute(statement)


def uninstall_before_migrate(sender, using, **kwargs):
    """pre_migrate receiver: no migration runs with the triggers in place."""
    from django.db import connections

    uninstall(connections[using])


def install_after_migrate(sender, using, **kwargs):
    """post_migrate receiver: put the triggers back once both tables exist."""
    from django.db import connections

    connection = connections[using]
    tables = connection.introspection.table_names()
    if {"classes_enrollment", "accounts_user"} <= set(tables):
        install(connection)
