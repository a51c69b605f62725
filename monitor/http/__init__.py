"""The only package that talks HTTP; `Fetcher` is its one entry point (re-exports only).

    fetcher     Fetcher, Validators: one URL in, one FetchResult out
    budget      the per-URL deadline and the retries that spend it (tenacity)
    politeness  per-site slots and gaps, the global limit, Retry-After
    robots      robots.txt, once per site per run
    body        capped reading, bounded decompression
    errors      httpx's errors -> ErrorKind and a sentence
    transport   httpcore pools per site over the guarded network backend (public API only)
    guard       the address guard and the URL judge (unfetchable)
    network     httpcore's network backend on asyncio streams (the guard's inner backend)
    tls, proxies  trust and certificate warnings; which requests go through a proxy
"""

from .fetcher import Fetcher, Validators
from .guard import GuardedBackend, refusal, unfetchable

__all__ = ["Fetcher", "GuardedBackend", "Validators", "refusal", "unfetchable"]
