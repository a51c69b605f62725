"""The Fetcher: one URL in, one FetchResult out, never an exception for the web's faults.

One transport per run (GuardedTransport: a pool per site), given httpx.Requests directly. A bad
page or a bad network is data (error_kind + error), while our own bugs still raise.

- GET only (some servers answer HEAD wrongly; LESSONS.md), redirects followed by hand so every
  hop is recorded, cookies kept per site across hops and requests (sites that redirect to
  themselves to set a cookie).
- Retries and the per-URL deadline: budget.py. Politeness per site: politeness.py. robots.txt:
  robots.py. Capped bodies and bounded decompression: body.py. The address guard: guard.py,
  in the network backend of transport.py.
- Conditional requests: given the last run's validators, If-None-Match / If-Modified-Since go to
  the same final URL reached by the same chain; a 304 comes back as `not_modified`.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from urllib.parse import urljoin

import httpx

from ..config import HttpSettings
from ..decoding import decode_text, sniff_content_type
from ..models import ErrorKind, FetchResult, Hop
from .body import BodyError, read_capped
from .budget import CURRENT, RETRY_STATUSES, Deadline, Retry, with_retries
from .errors import classify_error
from .guard import judge
from .politeness import RETRY_AFTER_STATUSES, Politeness, retry_after, site_key
from .robots import Robots
from .tls import certificate_warnings
from .transport import GuardedTransport

# Same URL this many times in one chain is a loop; twice is allowed (a cookie-setting bounce).
LOOP_VISITS = 3
_RETRIED_KINDS = frozenset({ErrorKind.CONNECT, ErrorKind.TIMEOUT, ErrorKind.PROTOCOL})


@dataclass(frozen=True)
class Validators:
    """What the last run saw, sent back as a conditional GET.

    chain: the URLs of the last run's redirect chain, the final (validated) URL last. The headers
    go only to that final URL, and only when this run got there by the same chain: a 304 says the
    representation is unchanged, not that the redirects are.
    """

    chain: tuple[str, ...]
    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


class Fetcher:
    """Fetch URLs politely and safely. Use as `async with Fetcher(settings.http) as fetcher:`."""

    def __init__(self, http: HttpSettings, *, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.settings = http
        self._politeness = Politeness(http.per_host_limit, http.per_host_delay, http.global_limit, http.retry_after_cap)
        self._robots = Robots(http.user_agent_header, http.total_timeout, self._get_robots)
        # Requests go straight to the transport. httpx's AsyncClient added nothing we use (we follow
        # redirects, keep cookies per site and time out per URL ourselves) and cost a fifth of a
        # request's CPU: merging headers, parsing the URL again, a cookie jar written on every
        # response, and the next request of every redirect built (which raised on a Location such
        # as `mailto:` or a bad "xn--" host, so a hook had to hide it).
        self._transport = transport or GuardedTransport(http)
        # Built once: every request sends the same headers, in this order, and the same timeouts.
        self._headers = httpx.Headers({
            "User-Agent": http.user_agent_header,
            "Accept": "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8",
            "Accept-Encoding": "gzip, deflate",
            "Accept-Language": "en-GB,en;q=0.9,cy;q=0.8",
            "Connection": "keep-alive",
        })
        self._timeouts = httpx.Timeout(http.read_timeout, connect=http.connect_timeout).as_dict()
        # Cookies per site (host name), like a browser's, kept across hops and across the run's
        # requests to that site (sites that redirect to themselves to set a cookie).
        self._jars: dict[str, httpx.Cookies] = {}

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._transport.aclose()

    async def close_site(self, url: str) -> None:
        """Done with `url`'s site for this run: close its connections now, not at the run's end.
        Its robots.txt rules and cookies stay, should a later link lead there again."""
        close = getattr(self._transport, "close_site", None)
        if close is not None:
            await close(url)

    def open_sites(self) -> list[str]:
        """The sites whose connections are open (empty for a transport that does not say)."""
        sites = getattr(self._transport, "open_sites", None)
        return sites() if sites is not None else []

    async def fetch(
        self,
        url: str,
        *,
        document: bool = False,
        respect_robots: bool | None = None,
        validators: Validators | None = None,
        follow_up: bool = False,
    ) -> FetchResult:
        """GET one URL with redirects, retries and every guard; never raises for the web's faults.

        follow_up: a fetched page is waiting on this one (its probe, its plan documents), so it
        goes before new pages queued for the same site (see politeness._Slots).
        """
        deadline = Deadline(self.settings.total_timeout)
        robots = self.settings.respect_robots if respect_robots is None else respect_robots
        attempts = 0

        async def attempt() -> FetchResult:
            nonlocal attempts
            attempts += 1
            result = await self._follow(url, document=document, robots=robots, validators=validators, follow_up=follow_up)
            return self._judge_attempt(result, deadline)

        token = CURRENT.set(deadline)
        try:
            # No deadline until the first request starts (deadline.start() sets it).
            async with asyncio.timeout(None) as scope:
                deadline.bind(scope)
                result = await with_retries(attempt, retries=self.settings.retries,
                                            backoff=self.settings.retry_backoff, deadline=deadline)
        except TimeoutError:
            result = FetchResult(
                url=url,
                final_url=url,
                error_kind=ErrorKind.TIMEOUT,
                error=f"timed out: no complete answer within the {self.settings.total_timeout:g} s total deadline "
                      f"({attempts} attempt{'s' if attempts != 1 else ''})",
            )
        finally:
            CURRENT.reset(token)
        elapsed = int(deadline.elapsed() * 1000)
        warnings = result.warnings
        if elapsed > self.settings.slow_ms and result.error_kind is None:
            warnings = tuple(dict.fromkeys((*warnings, "slow")))
        return replace(result, elapsed_ms=elapsed, attempts=attempts, warnings=warnings)

    def _judge_attempt(self, result: FetchResult, deadline: Deadline) -> FetchResult:
        """The attempt's result, or Retry when it is worth another (after Retry-After, if given)."""
        if result.error_kind in _RETRIED_KINDS:
            raise Retry(result)
        if result.error_kind is not None:
            return result
        wait = retry_after(result.headers.get("retry-after")) if result.status_code in RETRY_AFTER_STATUSES else None
        if wait is not None:
            cap, left = self.settings.retry_after_cap, deadline.left()
            if wait > cap or wait > left:
                limit = f"the {cap:g} s cap" if wait > cap else f"the {max(left, 0):.0f} s left for this URL"
                return replace(result, error_kind=ErrorKind.RETRY_AFTER,
                               error=f"the server asked us to wait {wait:.0f} s (Retry-After on {result.status_code}), "
                                     f"more than {limit}: not retried in this run")
            raise Retry(result, wait)
        if result.status_code in RETRY_STATUSES:
            raise Retry(result)
        return result

    async def _follow(self, url: str, *, document: bool, robots: bool, validators: Validators | None,
                      follow_up: bool) -> FetchResult:
        hops: list[Hop] = []
        visits: dict[str, int] = {}
        warnings: list[str] = []
        current = url
        while True:
            parts, problem = judge(current)
            if parts is None:
                what = f"redirects to {problem}" if hops else f"cannot fetch {problem}"
                return FetchResult(url=url, final_url=current, hops=tuple(hops), error_kind=ErrorKind.BAD_URL,
                                   error=what, warnings=tuple(warnings))
            if parts.scheme == "http":
                warnings.append("insecure")
            stopped = await self._stopped(url, current, parts, hops, visits, warnings, robots)
            if stopped is not None:
                return stopped
            conditional = None
            if validators is not None and (*(hop.url for hop in hops), current) == validators.chain:
                conditional = validators.headers() or None
            result = await self._get_once(current, parts, document=document, headers=conditional, follow_up=follow_up)
            is_redirect = result.status_code is not None and 300 <= result.status_code < 400
            hops.append(Hop(url=current, status=result.status_code or 0,
                            location=result.headers.get("location") if is_redirect else None))
            result = replace(result, url=url, hops=tuple(hops),
                             warnings=tuple(dict.fromkeys([*warnings, *result.warnings])))
            if result.status_code == 304 and conditional is not None and result.error_kind is None:
                return replace(result, not_modified=True)
            if result.error_kind is not None or not is_redirect:
                return result
            location = result.headers.get("location")
            if not location:
                return result  # a 3xx with nowhere to go is the page's answer; verify calls it broken
            if len(hops) > self.settings.max_redirects:
                return replace(result, error_kind=ErrorKind.TOO_MANY_REDIRECTS,
                               error=f"more than {self.settings.max_redirects} redirects")
            try:
                next_url = urljoin(current, location.strip())
            except ValueError:  # "http://[oops/": urljoin parses the Location before we can judge it
                next_url = location.strip()
            if parts.scheme == "https" and next_url.startswith("http:"):
                warnings.append("downgraded to http")
            current = next_url

    async def _stopped(self, url: str, current: str, parts: httpx.URL, hops: list[Hop], visits: dict[str, int],
                       warnings: list[str], robots: bool) -> FetchResult | None:
        """Why the chain stops before requesting `current`: a redirect loop, or robots.txt."""
        visits[current] = visits.get(current, 0) + 1
        if visits[current] >= LOOP_VISITS:
            return FetchResult(url=url, final_url=current, hops=tuple(hops), status_code=hops[-1].status,
                               error_kind=ErrorKind.REDIRECT_LOOP,
                               error=f"redirect loop: {current} came round {visits[current]} times", warnings=tuple(warnings))
        if robots and not await self._robots.allowed(current, parts):
            return FetchResult(url=url, final_url=current, hops=tuple(hops), error_kind=ErrorKind.ROBOTS,
                               error="robots.txt disallows this URL for our user agent", warnings=tuple(warnings))
        return None

    async def allowed_by_robots(self, url: str) -> bool:
        return await self._robots.allowed(url)

    async def _get_robots(self, url: str) -> FetchResult:
        # Robots judged the URL already (a redirect's target too); a page waits on it.
        return await self._get_once(url, httpx.URL(url), document=False, follow_up=True, robots=True)

    async def _get_once(self, url: str, parts: httpx.URL, *, document: bool, headers: dict[str, str] | None = None,
                        follow_up: bool = False, robots: bool = False) -> FetchResult:
        cap = self.settings.max_document_bytes if document else self.settings.max_page_bytes
        site = site_key(parts.scheme, parts.host, parts.port)
        try:
            async with self._politeness.turn(site, follow_up, robots):
                deadline = CURRENT.get()
                if deadline is not None:
                    deadline.start()  # the URL's time starts now, not while it queued
                response, body, truncated, warnings = await self._exchange(parts, headers, cap)
        except httpx.HTTPError as exc:
            kind, message = classify_error(exc)
            return FetchResult(url=url, final_url=url, error_kind=kind, error=message)
        except BodyError as exc:
            return FetchResult(url=url, final_url=url, status_code=exc.status, error_kind=exc.kind, error=str(exc))
        headers_seen = {k.lower(): v for k, v in response.headers.items()}
        self._politeness.note_retry_after(site, response.status_code, headers_seen.get("retry-after"))
        content_type = sniff_content_type(headers_seen.get("content-type"), body)
        result = FetchResult(
            url=url, final_url=url, status_code=response.status_code, headers=headers_seen,
            content_type=content_type, body=body, truncated=truncated, warnings=tuple(warnings),
            text=decode_text(body, headers_seen.get("content-type"), content_type),
        )
        if truncated:
            limit = f"{cap / 1_000_000:g} MB"
            what = " once decompressed" if headers_seen.get("content-encoding") else ""
            return replace(result, error_kind=ErrorKind.TOO_LARGE, error=f"the body is larger than the {limit} limit{what}")
        return result

    async def _exchange(self, url: httpx.URL, headers: dict[str, str] | None,
                        cap: int) -> tuple[httpx.Response, bytes, bool, list[str]]:
        """One request and its capped body, with the site's cookies sent and kept."""
        jar = self._jars.get(url.host)
        if jar is None:
            jar = self._jars[url.host] = httpx.Cookies()
        if headers:
            sent = self._headers.copy()
            sent.update(headers)
        else:
            sent = self._headers
        request = httpx.Request("GET", url, headers=sent, extensions={"timeout": self._timeouts})
        if jar:
            jar.set_cookie_header(request)
        response = await self._transport.handle_async_request(request)
        response.request = request
        try:
            if "set-cookie" in response.headers:
                jar.extract_cookies(response)
            body, truncated = await read_capped(response, cap)
            warnings = certificate_warnings(response)
        finally:
            await response.aclose()
        return response, body, truncated, warnings
