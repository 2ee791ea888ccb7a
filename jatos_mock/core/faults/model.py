"""The typed fault model: one small dataclass per kind, sharing where it applies, how often, and its id.

`as_dict()` is the JSON form the control API shows: the shared fields first, then the kind's own.
"""

import math
import random
from dataclasses import dataclass
from typing import ClassVar


@dataclass(kw_only=True)
class Fault:
    target: str | None = None  # an operationId or 'METHOD /path' (wildcards allowed); None: every API request
    probability: float = 1.0
    times: int | None = None  # only the first N matching requests
    id: int = 0
    hits: int = 0  # matching requests it fired on so far

    kind: ClassVar[str]

    def as_dict(self) -> dict:
        return {"id": self.id, "kind": self.kind, "target": self.target, "probability": self.probability,
                "times": self.times, "hits": self.hits, **self.arguments()}

    def arguments(self) -> dict:
        """The kind's own fields, in the order the JSON form shows them."""
        return {}


# --- latency distributions (milliseconds) ---

@dataclass(frozen=True)
class Fixed:
    name: ClassVar[str] = "fixed"
    ms: float = 0.0

    def draw(self, rng: random.Random) -> float:
        return self.ms

    def as_dict(self) -> dict:
        return {"ms": self.ms}


@dataclass(frozen=True)
class Uniform:
    name: ClassVar[str] = "uniform"
    min: float = 0.0
    max: float = 0.0

    def draw(self, rng: random.Random) -> float:
        return rng.uniform(self.min, self.max)

    def as_dict(self) -> dict:
        return {"min": self.min, "max": self.max}


@dataclass(frozen=True)
class LogNormal:
    name: ClassVar[str] = "lognormal"
    median: float = 0.0
    sigma: float = 0.0

    def draw(self, rng: random.Random) -> float:
        return rng.lognormvariate(math.log(self.median), self.sigma)  # the median of a log-normal is e^mu

    def as_dict(self) -> dict:
        return {"median": self.median, "sigma": self.sigma}


DISTRIBUTIONS = {d.name: d for d in (Fixed, Uniform, LogNormal)}


# --- the kinds ---

@dataclass(kw_only=True)
class Latency(Fault):
    kind: ClassVar[str] = "latency"
    distribution: Fixed | Uniform | LogNormal = Fixed()

    def arguments(self) -> dict:
        return {"distribution": self.distribution.name, **self.distribution.as_dict()}


@dataclass(kw_only=True)
class ErrorAnswer(Fault):
    kind: ClassVar[str] = "error"
    status: int = 500
    code: str = ""
    message: str = ""

    def arguments(self) -> dict:
        return {"status": self.status, "code": self.code, "message": self.message}


@dataclass(kw_only=True)
class RateLimit(Fault):
    kind: ClassVar[str] = "ratelimit"
    limit: int = 1
    window: float = 60.0  # seconds of the mock's clock

    def arguments(self) -> dict:
        return {"limit": self.limit, "window": self.window}


@dataclass(kw_only=True)
class Drop(Fault):
    kind: ClassVar[str] = "drop"


@dataclass(kw_only=True)
class Truncate(Fault):
    kind: ClassVar[str] = "truncate"
    bytes: int | None = None  # None: half the body

    def arguments(self) -> dict:
        return {"bytes": self.bytes}


KINDS = {k.kind: k for k in (Latency, ErrorAnswer, RateLimit, Drop, Truncate)}  # in the order refusals list them
