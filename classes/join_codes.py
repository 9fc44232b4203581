"""Join codes: short, readable aloud, typed in any case."""

import secrets

# No look-alikes: no 0/O/Q/D, 1/I/L, 2/Z, 5/S, 8/B, U/V; easy to read off a board.
ALPHABET = "ACEFGHJKMNPRTWXY34679"
LENGTH = 7  # 21**7: about 1.8 billion codes, so guessing is hopeless under the rate limit


def new_code():
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(typed):
    """The code as stored, from what a person typed: any case, spaces and dashes ignored."""
    return "".join(typed.split()).replace("-", "").upper()[:16]
