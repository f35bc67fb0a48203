"""Client of OUR portal JSON API (docs/portal-api.yaml): idempotent upsert of an article by
UUID and version, withdrawal, content-addressed image upload, bearer-token auth."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx

from app import __version__
from app.core.domain import ArticleData
from app.publish.targets.base import (
    Delivered,
    DeliveryError,
    PermanentError,
    RemoteRef,
    raise_for,
    transport_error,
)
from app.publish.targets.payload import portal_article

if TYPE_CHECKING:
    from app.core.services import Services
    from app.core.services.targets import TargetData

WHAT = "门户"


class PortalClient:
    def __init__(self, services: Services, target: TargetData, token: str, *,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.services = services
        self.target = target
        timeout = float(target.option("timeout"))
        self.asset_base = str(target.option("asset_base"))
        self.http = httpx.Client(
            base_url=target.url, timeout=httpx.Timeout(timeout), transport=transport,
            headers={"Authorization": f"Bearer {token}", "User-Agent": f"NewsDesk/{__version__}",
                     "Accept": "application/json"},
            follow_redirects=False,
        )

    def close(self) -> None:
        self.http.close()

    def _request(self, method: str, url: str, **kw) -> httpx.Response:  # type: ignore[no-untyped-def]
        try:
            return self.http.request(method, url, **kw)
        except httpx.HTTPError as exc:  # timeouts, resets, refused connections, broken bodies
            raise transport_error(exc, WHAT) from None

    def _upload_assets(self, assets: list[dict]) -> None:
        for a in assets:
            sha = a["sha256"]
            head = self._request("HEAD", f"v1/assets/{sha}")
            if head.status_code == 200:
                continue
            if head.status_code != 404:
                raise_for(head, WHAT)
            mime, data = self.services.assets.data(sha)
            r = self._request("PUT", f"v1/assets/{sha}", content=data, headers={"Content-Type": mime})
            raise_for(r, WHAT)

    def publish(self, article: ArticleData, ref: RemoteRef | None) -> Delivered:
        payload = portal_article(self.services, article, asset_base=self.asset_base)
        self._upload_assets(payload["assets"])
        r = self._request("PUT", f"v1/articles/{article.uuid}", json=payload)
        if r.status_code == 409:
            body = _json(r)
            err = body["error"] if isinstance(body.get("error"), dict) else {}
            if err.get("code") == "stale_version":  # the portal has a newer version already
                return Delivered(str(err.get("remote_id") or (ref.remote_id if ref else "")),
                                 note=f"portal has version {err.get('current_version')}")
        raise_for(r, WHAT)
        body = _json(r)
        remote_id = str(body.get("remote_id") or "")
        if not remote_id:
            raise PermanentError("门户的回应缺少 remote_id，不符合接口约定。",
                                 "The portal's answer lacks remote_id (contract violation).", status=r.status_code)
        return Delivered(remote_id, str(body.get("url") or ""), str(body.get("result") or ""))

    def withdraw(self, article: ArticleData, ref: RemoteRef | None) -> Delivered:
        r = self._request("DELETE", f"v1/articles/{article.uuid}", params={"version": article.version})
        if r.status_code == 404:  # never reached the portal: nothing to take down
            return Delivered(ref.remote_id if ref else "", note="not on portal")
        raise_for(r, WHAT)
        body = _json(r)
        return Delivered(str(body.get("remote_id") or (ref.remote_id if ref else "")), note="withdrawn")

    def check(self) -> str:
        """Try the token against the portal (for the admin's "test connection")."""
        r = self._request("GET", "v1/ping")
        raise_for(r, WHAT)
        return str(_json(r).get("portal") or "ok")


def _json(r: httpx.Response) -> dict:
    try:
        body = r.json()
    except ValueError:
        raise DeliveryError("门户返回的内容不是 JSON。", "The portal answered something that is not JSON.",
                            status=r.status_code) from None
    return body if isinstance(body, dict) else {}
