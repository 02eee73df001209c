"""``packbench users badge-sheet``: a real PDF, rendered back to pixels and read by a real
decoder, whose every badge signs its person in at a station; badges no active user holds are
refused with nothing written."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from PIL import Image
from sqlalchemy import Engine

from app.adapters.db.uow import SqlUnitOfWork
from app.adapters.documents.badge_sheet import PER_PAGE
from app.adapters.security import Argon2CredentialHasher
from app.domain.model import Role
from app.main import main
from app.services.clock import SystemClock
from app.services.site_admin import SiteAdminService
from tests.support.station import make_station

PEOPLE = [(f"Packer Nummer {n}", "packer", f"BDG{2000 + n}") for n in range(PER_PAGE)] + [
    ("Jürgen Weiß-Schäfer", "supervisor", "BDG9001")
]


@pytest.fixture
def site(engine: Engine, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The site's admin (BDG0001) and ``PEOPLE``, added through the service."""
    monkeypatch.setenv("PACKBENCH_DATA_DIR", str(tmp_path))
    (tmp_path / "station.toml").write_text("")
    monkeypatch.setenv("PACKBENCH_CONFIG", str(tmp_path / "station.toml"))
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    service = SiteAdminService(
        SqlUnitOfWork.factory(engine), SystemClock(), Argon2CredentialHasher()
    )
    service.add_user(None, "Ada Admin", Role.ADMIN, "BDG0001")
    admin = service.identify("BDG0001")
    for name, role, badge in PEOPLE:
        service.add_user(admin, name, Role(role), badge)
    service.add_user(admin, "Gone Packer", Role.PACKER, "BDG3000")
    service.deactivate(admin, "BDG3000")
    return database_url


def _decoded(pdf: Path) -> list[list[str]]:
    """The Code 128 texts on each page of ``pdf``, rendered at 300 dpi as a printer would."""
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        pages = []
        for index in range(len(document)):
            image: Image.Image = document[index].render(scale=300 / 72).to_pil()
            results = zxingcpp.read_barcodes(image.convert("L"))
            assert {r.format for r in results} <= {zxingcpp.BarcodeFormat.Code128}
            pages.append(sorted(r.text for r in results))
        return pages
    finally:
        document.close()


def test_every_badge_on_the_sheet_signs_its_person_in(
    site: str, engine: Engine, now: datetime, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    codes = [badge for _, _, badge in PEOPLE]
    listed = tmp_path / "badges.csv"
    listed.write_text("name,badge\n" + "".join(f"x,{c}\n" for c in codes[1:]), "utf-8")
    out = tmp_path / "badges.pdf"
    args = ["users", "badge-sheet", codes[0].lower(), "--from", str(listed), "--out", str(out)]
    assert main(["--db", site, *args, "--admin-badge", "BDG0001"]) == 0
    assert f"{len(codes)} badge(s) written to {out}" in capsys.readouterr().out

    pages = _decoded(out)
    assert len(pages) == 2  # PER_PAGE on the first, the last one on the second
    assert len(pages[0]) == PER_PAGE
    assert sorted(code for page in pages for code in page) == sorted(codes)

    station = make_station(engine, now)
    names = {badge: name for name, _, badge in PEOPLE}
    for code in (code for page in pages for code in page):
        session = station.sign_in(code)
        assert session.user_name == names[code]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["BDG2001", "BDG3000", "BDG4444", "--admin-badge", "BDG0001"],
            "No active user has the badge(s) BDG3000, BDG4444; nothing was written.",
        ),
        (
            ["BDG2001", "--admin-badge", "BDG2001"],
            "Only an admin can manage users and numbers; Packer Nummer 1 is a packer.",
        ),
        (["--admin-badge", "BDG0001"], "no badges to print: give badge codes, or --from FILE"),
        (
            ["SKU-1", "--admin-badge", "BDG0001"],
            "'SKU-1' is not a badge code: a badge code starts with the site's badge prefix BDG "
            "(for example BDG1001) and has no spaces.",
        ),
    ],
)
def test_a_sheet_that_cannot_be_made_is_refused_whole(
    site: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], said: str
) -> None:
    out = tmp_path / "badges.pdf"
    assert main(["--db", site, "users", "badge-sheet", *args, "--out", str(out)]) == 2
    assert capsys.readouterr().err.strip() == f"packbench: {said}"
    assert not out.exists()
