"""Errors a user can cause, each with the exit code the README documents.

0 success; 1 a problem with data (missing, unreadable or invalid file); 2 a usage problem
(unknown country, bad option value). The CLI turns these into one line on stderr.
"""


class HedgeError(Exception):
    exit_code = 1


class DataError(HedgeError):
    exit_code = 1


class UsageError(HedgeError):
    exit_code = 2
