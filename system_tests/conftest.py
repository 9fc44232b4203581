"""The scale-out test needs PostgreSQL and Redis: absent here, it is left out, unless CI is set."""

import os

from system_tests.services import missing_services

SCALE_OUT = "test_scale_out.py"
NEED_SERVICES = [SCALE_OUT, "test_database_backend.py"]
MISSING = missing_services()

collect_ignore = NEED_SERVICES if MISSING and "CI" not in os.environ else []


def pytest_report_collectionfinish(config, start_path, items):
    if collect_ignore:
        return (
            f"system_tests/{', '.join(NEED_SERVICES)} left out, not reachable: "
            f"{'; '.join(MISSING)} "
            "(with CI set, this is a failure)"
        )
    return None
