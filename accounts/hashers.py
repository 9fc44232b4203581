"""The site's password hasher: Argon2id at OWASP's minimum cost, upgrading older hashes."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class OwaspArgon2PasswordHasher(Argon2PasswordHasher):
    """Hash with Argon2id at the OWASP Password Storage Cheat Sheet's minimum parameters.

    Django's defaults (100 MiB, 8 lanes) cost about 240 ms of CPU per sign-in, which makes a
    class signing in at once queue for tens of seconds. 19 MiB, 2 iterations and 1 lane is
    the cheat sheet's first recommended configuration. The algorithm name stays "argon2",
    so every stored Argon2 hash still verifies, and Django's `must_update()` rehashes one
    made with other parameters, or by another hasher, at its next successful sign-in.
    """

    memory_cost = 19 * 1024  # KiB
    time_cost = 2
    parallelism = 1
