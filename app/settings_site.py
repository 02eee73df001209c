"""The site's flows among a station's settings: the shipments export, the intake watch folder,
hand-off (manifests, pick-ups, service groups), tracking in, customer emails and return labels.
``app.settings.Settings`` inherits them; they are read and checked like every other setting."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app import setting_checks as checks
from app.domain.handoff import pickups_problem
from app.domain.handoff import service_groups_problem as groups_problem
from app.domain.tracking_events import status_map_problem
from app.domain.tracking_sources import field_map_problem
from app.setting_rules import Rule, _setting


@dataclass(frozen=True)
class SiteSettings:
    # Automatic export (``packbench export shipments --watch``): a batch file of the shipments
    # not yet exported into this folder every ``interval_s`` seconds. No folder: give --to.
    export_folder: Path | None = field(
        default=None, metadata={"rule": Rule("export", "folder", "PACKBENCH_EXPORT_DIR")}
    )
    export_interval_s: int = _setting(300, Rule("export", "interval_s", low=10, high=86400))
    export_format: str = _setting("csv", Rule("export", "format", choices=("csv", "json")))
    # The intake watch folder (``packbench intake``): order files dropped there are imported.
    intake_watch_dir: Path | None = _setting(  # noqa: RUF009 (None is immutable)
        None, Rule("intake", "watch_dir", "PACKBENCH_INTAKE_DIR")
    )
    intake_poll_s: float = _setting(2.0, Rule("intake", "poll_s", low=0.05, high=600))
    # Hand-off: manifest files; daily pick-ups ("UPS 17:00");
    # service groups ("UPS: Express=EXPRESS"); tracking codes ("DHL: DLV=delivered, ADR=exception").
    manifest_folder: Path | None = field(default=None, metadata={"rule": Rule("handoff", "folder")})
    manifest_format: str = _setting("csv", Rule("handoff", "format", choices=("csv", "json")))
    pickups: str = _setting("", Rule("handoff", "pickups", check=pickups_problem))
    service_groups: str = _setting("", Rule("handoff", "service_groups", check=groups_problem))
    status_map: str = _setting("", Rule("tracking", "status_map", check=status_map_problem))
    # Customer emails (mail send; password: app.mail_password) and return labels ("UPS, DHL").
    smtp_host: str = _setting("", Rule("smtp", "host", check=checks.text(255)))
    smtp_port: int = _setting(587, Rule("smtp", "port", low=1, high=65535))
    smtp_from: str = _setting("", Rule("smtp", "from", check=checks.text(254)))
    smtp_starttls: bool = _setting(True, Rule("smtp", "starttls"))
    smtp_user: str = _setting("", Rule("smtp", "user", check=checks.text(254)))
    return_carriers: str = _setting("", Rule("returns", "carriers", check=checks.return_carriers))
    return_address: str = _setting("", Rule("returns", "address", check=checks.return_address))
    # Tracking in (``packbench import tracking --watch`` / ``--poll``): a folder carriers drop
    # files into, and a carrier's web API answering JSON, its events found by ``fields``
    # ("events=data; tracking_number=id; time=ts; status_code=code"; app.domain.tracking_sources).
    tracking_watch_dir: Path | None = _setting(None, Rule("tracking", "watch_dir"))  # noqa: RUF009
    tracking_url: str = _setting("", Rule("tracking", "url"))
    tracking_fields: str = _setting("", Rule("tracking", "fields", check=field_map_problem))
    # The key is a secret: from the environment only, never the config file.
    tracking_api_key: str = _setting("", Rule(None, "tracking_api_key", "PACKBENCH_TRACKING_KEY"))
    tracking_poll_s: float = _setting(300.0, Rule("tracking", "poll_s", low=1, high=86400))
