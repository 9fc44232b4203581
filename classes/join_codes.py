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


# Lower case for passwords: easier to type for a child; still no look-alikes.
PASSWORD_ALPHABET = ALPHABET.lower()
PASSWORD_GROUPS = 3  # "xk7m-3prw-h9at": 12 characters of 21, about 53 bits


def readable_password():
    """A new password a teacher can read out: three groups of four, no look-alikes."""
    groups = (
        "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(4)) for _ in range(PASSWORD_GROUPS)
    )
    return "-".join(groups)
