"""The one exception type users see: a message that names the problem and the fix."""


class MmdpError(Exception):
    """A user-facing error (bad input, missing data folder, failed check).

    The command line prints its message on one line and exits with code 2.
    """
