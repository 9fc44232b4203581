"""The ceiling the password hasher puts on sign-ins: cores / CPU time of one verification."""

import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context

from django.contrib.auth.hashers import check_password, identify_hasher, make_password

from bench.dataset import PASSWORD


@dataclass
class HasherCost:
    algorithm: str
    cpu_seconds: float  # CPU time of one verification, summed over the hasher's threads
    wall_seconds: float
    cores: int
    side_by_side: float = 0.0  # verifications/s with one process per core verifying at once
    cpu_share: float = 0.0  # the share of a core each of those processes got (others run too)

    @property
    def bound(self):
        """Sign-ins per second the machine could verify if it did nothing else."""
        return self.cores / self.cpu_seconds


def measure(cores, encoded=None, rounds=10, side_by_side_seconds=3.0):
    """Time verifying `encoded` (by default a hash from the project's default hasher) in this
    process, then on every core at once. Argon2 reads its cost from the hash itself."""
    encoded = encoded or make_password(PASSWORD)
    check_password(PASSWORD, encoded)  # warm-up
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(rounds):
        if not check_password(PASSWORD, encoded):
            raise RuntimeError("the password does not verify against its own hash")
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    cost = HasherCost(describe(encoded), cpu / rounds, wall / rounds, cores)
    with ProcessPoolExecutor(cores, mp_context=get_context("fork")) as pool:
        results = list(pool.map(verify_for, [encoded] * cores, [side_by_side_seconds] * cores))
    cost.side_by_side = sum(rate for rate, _ in results)
    cost.cpu_share = sum(share for _, share in results) / cores
    return cost


def describe(encoded):
    """Name the hasher, with Argon2's variant and cost (as the hash itself states them)."""
    algorithm = identify_hasher(encoded).algorithm
    if algorithm != "argon2":
        return algorithm
    variant, _version, cost = encoded.split("$")[1:4]
    return f"{variant} {cost}"


def verify_for(encoded, seconds, most=1000):
    """Verify again and again for `seconds`; return (verifications/s, CPU time / wall time)."""
    began, cpu, count = time.perf_counter(), time.process_time(), 0
    while True:
        check_password(PASSWORD, encoded)
        count += 1
        elapsed = time.perf_counter() - began
        if elapsed >= seconds or count >= most:
            return count / elapsed, (time.process_time() - cpu) / elapsed
