"""The site's numbers: S10 tracking ranges per carrier and the SSCC range, with what is used
and left of each (a range 90 % used is listed with a warning). Admins only; every change and
every refusal is audited (``AdminAccess``)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Final

from app.domain import text
from app.domain.countries import is_country
from app.domain.errors import DomainError
from app.domain.message import Message
from app.domain.sscc import MAX_PREFIX_LENGTH, MIN_PREFIX_LENGTH
from app.services.admin_access import Admin, AdminAccess
from app.services.ports import UnitOfWork
from app.services.tracking_ports import TrackingRangeRecord

CARRIER_MAX: Final = 32
S10_LAST_SERIAL: Final = 99_999_999
#: A range this much used (or more) is listed with a warning.
WARN_USED: Final = 0.9
SSCC_CARRIER: Final = "SSCC"  # tracking_ranges.carrier of the SSCC row (the column is unique)


@dataclass(frozen=True)
class RangeView:
    """A range with its use: ``first`` is where it started (the first number of the range as
    added, or for a range made by hand the next number less the numbers parcels carry)."""

    record: TrackingRangeRecord
    first: int

    @property
    def total(self) -> int:
        return max(0, self.record.last_serial - self.first + 1)

    @property
    def used(self) -> int:
        return min(self.total, max(0, self.record.next_serial - self.first))

    @property
    def remaining(self) -> int:
        return self.total - self.used

    @property
    def warning(self) -> bool:
        return self.total == 0 or self.used >= WARN_USED * self.total

    @property
    def label(self) -> str:
        r = self.record
        if r.scheme == "sscc":
            return f"SSCC {r.extension_digit} {r.company_prefix}"
        return f"{r.carrier} S10 {r.service_indicator}…{r.country}"


def _first_key(range_id: int) -> str:
    return f"tracking_range.{range_id}.first"


class RangeAdmin(AdminAccess):
    """The numbers part of site administration."""

    # -- numbers -----------------------------------------------------------------------------

    def ranges(self, admin: Admin) -> list[RangeView]:
        self._require(admin)
        with self._uow(read_only=True) as uow:
            return [self._view(uow, record) for record in uow.tracking.ranges()]

    def range_warnings(self) -> list[str]:
        """One line per range 90 % used or more, for anyone (a station's banner, the
        supervisor board): the numbers left, and who can add more."""
        with self._uow(read_only=True) as uow:
            views = [self._view(uow, record) for record in uow.tracking.ranges()]
        return [_warning(view) for view in views if view.warning]

    def add_s10_range(
        self,
        admin: Admin,
        carrier: str,
        service_indicator: str,
        country: str,
        first: int,
        last: int,
    ) -> RangeView:
        def change(uow: UnitOfWork, acting: Admin) -> RangeView:
            name = text.checked(carrier, "carrier", CARRIER_MAX)
            if name.upper() == SSCC_CARRIER:
                raise InvalidRange(
                    f"{name!r} names the site's SSCC range; add that with 'ranges add sscc'."
                )
            indicator = service_indicator.strip().upper()
            if not (len(indicator) == 2 and indicator.isascii() and indicator.isalpha()):
                raise InvalidRange(
                    f"Service indicator {service_indicator!r}: an S10 service indicator is two "
                    "letters (for example JJ)."
                )
            code = country.strip().upper()
            if not is_country(code):
                raise InvalidRange(
                    f"Country {country!r} is not an ISO 3166 country code (two letters, such "
                    "as DE, NL or GB)."
                )
            _check_serials(first, last, S10_LAST_SERIAL, "an S10 serial number has 8 digits")
            new = TrackingRangeRecord(0, name, "s10", indicator, code, first, last)
            existing = [r for r in uow.tracking.ranges() if r.carrier == name]
            return self._store(uow, acting, new, existing[0] if existing else None)

        return self._change(admin, change)

    def add_sscc_range(
        self, admin: Admin, company_prefix: str, extension: int, first: int, last: int
    ) -> RangeView:
        def change(uow: UnitOfWork, acting: Admin) -> RangeView:
            prefix = company_prefix.strip()
            if not (
                prefix.isascii()
                and prefix.isdigit()
                and MIN_PREFIX_LENGTH <= len(prefix) <= MAX_PREFIX_LENGTH
            ):
                raise InvalidRange(
                    f"Company prefix {company_prefix!r}: a GS1 company prefix is "
                    f"{MIN_PREFIX_LENGTH} to {MAX_PREFIX_LENGTH} digits."
                )
            if not 0 <= extension <= 9:
                raise InvalidRange(f"Extension digit {extension}: it is one digit, 0 to 9.")
            digits = 16 - len(prefix)
            _check_serials(
                first,
                last,
                10**digits - 1,
                f"with a {len(prefix)}-digit company prefix an SSCC serial has {digits} digits "
                "(17 digits in all)",
            )
            new = TrackingRangeRecord(
                0, SSCC_CARRIER, "sscc", "--", "--", first, last, prefix, extension
            )
            existing = [r for r in uow.tracking.ranges() if r.scheme == "sscc"]
            return self._store(uow, acting, new, existing[0] if existing else None)

        return self._change(admin, change)

    def _store(
        self,
        uow: UnitOfWork,
        acting: Admin,
        new: TrackingRangeRecord,
        current: TrackingRangeRecord | None,
    ) -> RangeView:
        """Add ``new``; the carrier's (or the site's SSCC) range ``current`` can only be
        continued by it, or replaced once used up (one row each: the column is unique)."""
        first, last = new.next_serial, new.last_serial
        for other in uow.tracking.ranges():
            if (current is not None and other.id == current.id) or not _same_numbers(other, new):
                continue
            view = self._view(uow, other)
            if first <= other.last_serial and view.first <= last:
                raise InvalidRange(
                    f"{first}-{last} overlaps the range {view.first}-{other.last_serial} of "
                    f"{view.label}: the same numbers would be issued twice."
                )
        taken = uow.tracking.numbers_issued(new, first, last)
        if taken:
            raise InvalidRange(
                f"{first}-{last}: {taken} parcel(s) already carry numbers of this range; "
                "numbers are never issued twice."
            )
        if current is None:
            range_id = uow.tracking.add_range(new)
            action, detail = "range_add", f"{first}-{last}"
        else:
            view = self._view(uow, current)
            continues = _same_numbers(current, new) and first == current.last_serial + 1
            if continues:
                new = replace(current, last_serial=last)
                first = view.first
                action, detail = "range_extend", f"{current.last_serial + 1}-{last}"
            elif view.remaining == 0:
                overlaps = view.first <= last and first <= current.last_serial
                if overlaps and _same_numbers(current, new):
                    raise InvalidRange(
                        f"{first}-{last} overlaps the used-up range "
                        f"{view.first}-{current.last_serial} of {view.label}."
                    )
                new = replace(new, id=current.id)
                action, detail = "range_renew", f"{first}-{last}"
            else:
                raise InvalidRange(
                    f"{view.label} still has {view.remaining} of {view.first}-"
                    f"{current.last_serial} left. A second range can only continue it "
                    f"(--first {current.last_serial + 1}) or replace it once it is used up "
                    "(one range per carrier)."
                )
            uow.tracking.replace_range(new)
            range_id = current.id
        uow.site_settings.put(_first_key(range_id), str(first), self._clock.now())
        stored = replace(new, id=range_id)
        view = RangeView(stored, first)
        detail = f"{view.label} {detail}"
        self._record(uow, acting.user_id, action, "tracking_range", detail, range_id)
        return view

    def _view(self, uow: UnitOfWork, record: TrackingRangeRecord) -> RangeView:
        recorded = uow.site_settings.get(_first_key(record.id))
        if recorded is not None and recorded.isdigit():
            return RangeView(record, int(recorded))
        # A range made by hand: every number below next_serial that a parcel carries is used.
        issued = 0
        if record.next_serial > 0:
            issued = uow.tracking.numbers_issued(record, 0, record.next_serial - 1)
        return RangeView(record, record.next_serial - issued)


class InvalidRange(DomainError):
    """A range that cannot be added: its numbers, or how it meets the ranges there are."""


def _check_serials(first: int, last: int, highest: int, rule: str) -> None:
    if first < 0 or last < 0:
        raise InvalidRange(f"Serial numbers are not negative ({first}-{last}).")
    if first > last:
        raise InvalidRange(f"The range {first}-{last} is reversed: --first is after --last.")
    if last > highest:
        raise InvalidRange(f"--last {last} is too large: {rule} (at most {highest}).")


def _same_numbers(a: TrackingRangeRecord, b: TrackingRangeRecord) -> bool:
    """Whether two ranges draw from the same number space (overlaps would clash)."""
    if a.scheme != b.scheme:
        return False
    if a.scheme == "sscc":
        return (a.company_prefix, a.extension_digit) == (b.company_prefix, b.extension_digit)
    return (a.service_indicator, a.country) == (b.service_indicator, b.country)


def _warning(view: RangeView) -> str:
    """A range running out, in words a station shows in its language."""
    if view.remaining == 0:
        return Message(
            "{range}: 0 numbers left (used up); an admin adds more with 'packbench ranges add'.",
            range=view.label,
        )
    if view.remaining == 1:
        return Message(
            "{range}: 1 number left ({percent}% used); an admin adds more with "
            "'packbench ranges add'.",
            range=view.label,
            percent=100 * view.used // view.total,
        )
    return Message(
        "{range}: {count} numbers left ({percent}% used); an admin adds more with "
        "'packbench ranges add'.",
        range=view.label,
        count=view.remaining,
        percent=100 * view.used // view.total,
    )
