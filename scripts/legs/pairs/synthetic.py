"""A synthetic census, for `legs bench` and the tests: reproducible, realistic in shape."""

from __future__ import annotations

import datetime as dt
import random

from .census import DAYS, LEARNER, PASSEUR, RHYTHMS, Census, Site, Volunteer


def census(passeurs: int, learners: int, competences: list[str], seed: int = 7, sites: int = 40,
           refusal_rate: float = 0.05) -> Census:
    """`passeurs` and `learners` volunteers over `sites` sites in ten towns, a few without their N+1's agreement."""
    rng = random.Random(seed)
    result = Census("recensement-synthetique.yml")
    for n in range(sites):
        town = n % 10
        result.sites[f"site-{n}"] = Site(f"site-{n}", f"Site {n}", f"Ville {town}",
                                         48.0 + 0.15 * town + rng.uniform(-0.02, 0.02), 0.1 * town + rng.uniform(-0.02, 0.02))
    site_ids = list(result.sites)

    def volunteer(role: str, n: int) -> Volunteer:
        held = rng.sample(competences, rng.randint(1, min(4, len(competences))))
        leaving = dt.date(2027 + rng.randint(0, 4), rng.randint(1, 12), 1) if role == PASSEUR and rng.random() < 0.7 else None
        return Volunteer(id=f"{role[0]}{n:04d}", role=role, site=rng.choice(site_ids), competences=tuple(held),
                         days=frozenset(rng.sample(DAYS[:5], rng.randint(1, 3))), rhythm=rng.choice(RHYTHMS),
                         manager=f"{role[0]}{rng.randrange(max(1, passeurs if role == PASSEUR else learners)):04d}",
                         manager_agrees=rng.random() >= refusal_rate, departure=leaving, line=n + 2)

    result.passeurs = [volunteer(PASSEUR, n) for n in range(passeurs)]
    result.learners = [volunteer(LEARNER, n) for n in range(learners)]
    return result
