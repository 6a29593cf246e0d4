"""Hosts of links, and registrable domains: a site's own links told from foreign ones."""

from __future__ import annotations

from urllib.parse import urlsplit


def host(url: str) -> str | None:
    u = url.strip()
    if not u.startswith(("http:", "https:", "//", "HTTP:", "HTTPS:", "Http")):
        return None
    try:
        host = urlsplit(u).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.rstrip(".")
    return host.removeprefix("www.") if host.count(".") >= 2 else host


def site_key(name: str) -> str:
    """A host's registrable domain, roughly (``a.b.example.com.cn`` -> ``example.com.cn``)."""
    labels = name.split(".")
    if (
        len(labels) >= 3
        and len(labels[-1]) == 2
        and labels[-2]
        in (
            "com",
            "net",
            "org",
            "gov",
            "edu",
            "co",
            "ac",
            "or",
            "ne",
            "go",
        )
    ):
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])
