"""The generic tracking source: GET a URL that answers JSON (``[tracking] url``), with an
optional header (an API key), a timeout and a size limit. Implements
``app.services.tracking_sources.TrackingSource``."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Mapping

from app.domain.import_files import MAX_FILE_BYTES
from app.domain.tracking_sources import TrackingSourceFailed


class HttpJsonSource:
    def __init__(
        self,
        name: str,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        timeout_s: float = 30.0,
        limit: int = MAX_FILE_BYTES,
    ) -> None:
        if not url.lower().startswith(("http://", "https://")):
            raise TrackingSourceFailed(f"{name}: {url!r} is not an http:// or https:// URL.")
        self._name = name
        self._url = url
        self._headers = {"Accept": "application/json", **(headers or {})}
        self._timeout = timeout_s
        self._limit = limit

    @property
    def name(self) -> str:
        return self._name

    def fetch(self) -> bytes:
        request = urllib.request.Request(self._url, headers=self._headers)  # noqa: S310 (checked)
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as answer:  # noqa: S310
                data: bytes = answer.read(self._limit + 1)
        except urllib.error.HTTPError as exc:
            raise TrackingSourceFailed(
                f"{self._name}: {self._url} answered {exc.code} {exc.reason}."
            ) from exc
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise TrackingSourceFailed(
                f"{self._name}: cannot reach {self._url} ({reason}); tried again at the next poll."
            ) from exc
        if len(data) > self._limit:
            raise TrackingSourceFailed(
                f"{self._name}: the answer is larger than {self._limit:,} bytes; ask the "
                "carrier for fewer events per answer."
            )
        return data
