"""Logging filters named in settings.LOGGING."""

import logging


class RefusalsWithoutTraceback(logging.Filter):
    """Log a refused request (a 4xx such as a 403) on one line: the traceback of the
    PermissionDenied or BadRequest behind it says nothing about the site. 5xx keep theirs."""

    def filter(self, record):
        if 400 <= getattr(record, "status_code", 0) < 500:
            record.exc_info = None
            record.exc_text = None
        return True
