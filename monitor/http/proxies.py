"""Which requests go through a proxy, and with what credentials."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from ..config import HttpSettings

@dataclass(frozen=True)
class Proxy:
    """One proxy: its URL, and the credentials its URL carried."""

    url: str  # without credentials
    auth: tuple[str, str] | None = None


@dataclass(frozen=True)
class Proxies:
    """Which requests go through a proxy: `[http] proxy` = "env" reads HTTPS_PROXY, HTTP_PROXY,
    ALL_PROXY and NO_PROXY (either case) once, as curl and urllib read them; "none" never; a URL
    for every scheme. NO_PROXY is honoured in both of the first and last."""

    by_scheme: dict[str, str] = field(default_factory=dict)
    environ: dict[str, str] = field(default_factory=dict)  # urllib's form: scheme -> URL, "no" -> NO_PROXY

    @classmethod
    def from_settings(cls, http: HttpSettings) -> Proxies:
        import urllib.request  # here, not at start-up: it brings http.client and email

        if http.proxy == "none":
            return cls()
        found = urllib.request.getproxies_environment()
        if http.proxy == "env":
            by_scheme = {scheme: found.get(scheme) or found.get("all", "") for scheme in ("http", "https")}
        else:
            by_scheme = {"http": http.proxy, "https": http.proxy}
        return cls({k: v for k, v in by_scheme.items() if v}, found)

    def for_url(self, scheme: str, host: str) -> Proxy | None:
        import urllib.request

        url = self.by_scheme.get(scheme)
        # proxy_bypass_environment is CPython's NO_PROXY rule (what urllib uses); typeshed omits it.
        bypass = urllib.request.proxy_bypass_environment  # type: ignore[attr-defined]
        if not url or (self.environ.get("no") and bypass(host, self.environ)):
            return None
        if "://" not in url:
            url = f"http://{url}"  # HTTPS_PROXY=proxy:3128, as curl accepts it
        parts = urlsplit(url)
        auth = None
        if parts.username is not None:
            auth = (unquote(parts.username), unquote(parts.password or ""))
            url = parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()
        return Proxy(url, auth)

