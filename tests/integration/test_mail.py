"""Customer emails on SQLite and PostgreSQL, through a real SMTP conversation with a local
server on 127.0.0.1 (``tests/support/smtp_server.py``): each outbox event's email sent once,
with its Message-ID made from the event id; "try later" retried with backoff and still sent
once; refusals, missing addresses and a server away; ``packbench mail send`` with the password
kept out of the config file."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, update

from app.adapters.db import tables as t
from app.adapters.db.tables_outbox import outbox_events
from app.adapters.db.uow import SqlUnitOfWork
from app.adapters.mail_smtp import SmtpServer, load_templates
from app.mail_password import PASSWORD_VARIABLE, save_smtp_password, smtp_password
from app.main import main
from app.services.mail import MailService, MailSetupError
from tests.integration.test_outbox import ORDERS, make_events
from tests.support.factories import World, add_sscc_range, seed
from tests.support.smtp_server import LocalSmtpServer
from tests.support.station import StationUnderTest, StepClock, make_station

SENDER = "Packbench Shop <shop@example.com>"


@pytest.fixture
def world(engine: Engine, now: datetime) -> World:
    made = seed(engine, now, orders=ORDERS)
    add_sscc_range(engine)
    with engine.begin() as conn:
        for reference, _ in ORDERS:
            conn.execute(
                update(t.orders)
                .where(t.orders.c.reference == reference)
                .values(ship_to_email=f"{reference.lower()}@example.com")
            )
    return made


@pytest.fixture
def station(engine: Engine, now: datetime, world: World) -> StationUnderTest:
    return make_station(engine, now)


@pytest.fixture
def smtp() -> Iterator[LocalSmtpServer]:
    with LocalSmtpServer() as server:
        yield server


def mailer(engine: Engine, clock: StepClock, port: int, tmp_path: Path) -> MailService:
    server = SmtpServer("127.0.0.1", port, False, "", None, SENDER, timeout_s=10)
    templates = load_templates(tmp_path / "no-site-templates")
    return MailService(SqlUnitOfWork.factory(engine), clock, server, templates, SENDER)


def mail_rows(engine: Engine) -> list[tuple[int, str, int]]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                outbox_events.c.id, outbox_events.c.mail_state, outbox_events.c.mail_attempts
            ).order_by(outbox_events.c.id)
        )
        return [(row.id, row.mail_state, row.mail_attempts) for row in rows]


def test_each_event_is_emailed_once_with_its_own_message_id(
    engine: Engine,
    now: datetime,
    world: World,
    station: StationUnderTest,
    smtp: LocalSmtpServer,
    tmp_path: Path,
) -> None:
    numbers = make_events(engine, now, world, station)
    service = mailer(engine, StepClock(now + timedelta(days=1, hours=3)), smtp.port, tmp_path)
    assert service.send_due().summary == "5 email(s) sent, 0 to retry, 0 skipped, 0 failed"
    ids = [row[0] for row in mail_rows(engine)]
    assert [state for _, state, _ in mail_rows(engine)] == ["sent"] * 5
    messages = smtp.messages
    assert [m["Message-ID"] for _, m in messages] == [
        f"<packbench-event-{i}@example.com>" for i in ids
    ]
    assert [to for to, _ in messages] == [
        ["shop-1@example.com"],
        ["shop-2@example.com"],
        ["shop-3@example.com"],
        ["shop-2@example.com"],
        ["shop-1@example.com"],
    ]
    handed, _, _, problem, delivered = (m for _, m in messages)
    assert handed["Subject"] == "Your order SHOP-1 is on its way"
    assert f"Tracking number: {numbers[0]}" in handed.get_content()
    assert problem["Subject"] == "A problem with the delivery of your order SHOP-2"
    assert "Address problem: recipient unknown" in problem.get_content()
    assert delivered["Subject"] == "Your order SHOP-1 has been delivered"
    assert handed["From"] == SENDER

    # Never twice: another round sends nothing.
    assert service.send_due().sent == 0
    assert len(smtp.messages) == 5


def test_try_later_is_retried_with_backoff_and_still_sent_once(
    engine: Engine,
    now: datetime,
    world: World,
    station: StationUnderTest,
    smtp: LocalSmtpServer,
    tmp_path: Path,
) -> None:
    make_events(engine, now, world, station)
    clock = StepClock(now + timedelta(days=1, hours=3))
    service = mailer(engine, clock, smtp.port, tmp_path)
    smtp.answer_next("451 4.3.0 try again later")
    first = service.send_due()
    assert (first.sent, first.retried) == (0, 1)  # the round ends at a server saying "later"
    first_id = mail_rows(engine)[0][0]
    assert mail_rows(engine)[0] == (first_id, "waiting", 1)
    with engine.connect() as conn:
        retry_at = conn.execute(
            select(outbox_events.c.mail_next_at).where(outbox_events.c.id == first_id)
        ).scalar_one()
    assert timedelta(seconds=59) <= retry_at - clock.current <= timedelta(minutes=1)

    # Before its time the first waits while the others go; then it goes too.
    assert service.send_due().sent == 4
    clock.current = retry_at
    assert service.send_due().sent == 1
    ids = [m["Message-ID"] for _, m in smtp.messages]
    assert len(ids) == 5 and len(set(ids)) == 5
    assert [state for _, state, _ in mail_rows(engine)] == ["sent"] * 5


def test_refused_missing_and_old_addresses_and_a_server_away(
    engine: Engine,
    now: datetime,
    world: World,
    station: StationUnderTest,
    smtp: LocalSmtpServer,
    tmp_path: Path,
) -> None:
    make_events(engine, now, world, station)
    with engine.begin() as conn:
        conn.execute(
            update(t.orders).where(t.orders.c.reference == "SHOP-3").values(ship_to_email="")
        )
    clock = StepClock(now + timedelta(days=1, hours=3))
    service = mailer(engine, clock, smtp.port, tmp_path)
    smtp.answer_next("550 5.1.1 no such user")
    run = service.send_due()
    assert (run.sent, run.skipped, run.failed) == (3, 1, 1)
    states = [state for _, state, _ in mail_rows(engine)]
    assert states == ["failed", "sent", "skipped", "sent", "sent"]

    # A server away: the next event waits, counted, for the next round.
    with SqlUnitOfWork(engine) as uow:
        from app.domain.outbox import delivered

        uow.outbox.add([delivered(world.orders["SHOP-2"], clock.current)], clock.current)
        uow.commit()
    smtp.stop()
    away = service.send_due()
    assert (away.sent, away.retried) == (0, 1)
    assert mail_rows(engine)[-1][1:] == ("waiting", 1)

    # An event older than three days when first seen is not mailed.
    late = mailer(engine, StepClock(clock.current + timedelta(days=4)), smtp.port, tmp_path)
    assert late.send_due().skipped == 1


def test_the_password_is_never_in_the_config_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(PASSWORD_VARIABLE, raising=False)
    assert smtp_password(tmp_path) is None
    path = save_smtp_password(tmp_path, "s3cret word")
    assert path.stat().st_mode & 0o777 == 0o600
    assert smtp_password(tmp_path) == "s3cret word"
    assert smtp_password(tmp_path, {PASSWORD_VARIABLE: "from-env"}) == "from-env"
    path.chmod(0o644)
    with pytest.raises(MailSetupError, match="others may read the SMTP password"):
        smtp_password(tmp_path)


def test_mail_send_from_the_command_line(
    engine: Engine,
    database_url: str,
    now: datetime,
    world: World,
    station: StationUnderTest,
    smtp: LocalSmtpServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    make_events(engine, now, world, station)
    with engine.begin() as conn:  # events of today: the command runs on the real clock
        conn.execute(update(outbox_events).values(at=datetime.now(UTC)))
    config = tmp_path / "station.toml"
    monkeypatch.setenv("PACKBENCH_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("PACKBENCH_CONFIG", str(config))
    monkeypatch.delenv(PASSWORD_VARIABLE, raising=False)

    config.write_text("[smtp]\nport = 25\n", encoding="utf-8")
    assert main(["--db", database_url, "mail", "send"]) == 2
    assert capsys.readouterr().err.startswith("packbench: No mail server: set [smtp] host")

    config.write_text(
        f'[smtp]\nhost = "127.0.0.1"\nport = {smtp.port}\nfrom = "{SENDER}"\nstarttls = false\n',
        encoding="utf-8",
    )
    (tmp_path / "mail").mkdir()
    (tmp_path / "mail" / "delivered.txt").write_text("Subject: $oops\n\nbody\n", encoding="utf-8")
    assert main(["--db", database_url, "mail", "send"]) == 2
    err = capsys.readouterr().err
    assert "delivered.txt: unknown placeholder $oops" in err and "Traceback" not in err

    (tmp_path / "mail" / "delivered.txt").write_text(
        "Subject: Delivered: $order_reference\n\nDelivered, $customer_name.\n", encoding="utf-8"
    )
    # [smtp] user set and no password anywhere: said at the start, nothing sent.
    user_conf = config.read_text(encoding="utf-8") + 'user = "shop"\n'
    config.write_text(user_conf, encoding="utf-8")
    assert main(["--db", database_url, "mail", "send"]) == 2
    err = capsys.readouterr().err
    assert "[smtp] user is shop, but there is no SMTP password" in err
    assert "packbench mail password" in err and not smtp.messages
    # An empty password is refused, nothing stored.
    monkeypatch.setattr("sys.stdin", io.StringIO("\n"))
    assert main(["--db", database_url, "mail", "password"]) == 2
    assert "The SMTP password is empty: nothing stored" in capsys.readouterr().err
    assert not (tmp_path / "smtp-password").exists()
    config.write_text(user_conf.replace('user = "shop"\n', ""), encoding="utf-8")

    monkeypatch.setattr("sys.stdin", io.StringIO("pass word\n"))
    assert main(["--db", database_url, "mail", "password"]) == 0
    assert (tmp_path / "smtp-password").stat().st_mode & 0o777 == 0o600
    assert "pass word" not in config.read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["--db", database_url, "mail", "send"]) == 0
    assert "5 email(s) sent" in capsys.readouterr().out
    subjects = [m["Subject"] for _, m in smtp.messages]
    assert subjects[-1] == "Delivered: SHOP-1"  # the site's own template
    assert main(["--db", database_url, "mail", "send"]) == 0
    assert "0 email(s) sent" in capsys.readouterr().out
    assert len(smtp.messages) == 5
    assert os.environ.get(PASSWORD_VARIABLE) is None


def test_a_wrong_set_up_fails_once_clearly_and_a_retry_says_why(
    engine: Engine,
    database_url: str,
    now: datetime,
    world: World,
    station: StationUnderTest,
    smtp: LocalSmtpServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    make_events(engine, now, world, station)
    with engine.begin() as conn:  # events of today: the command runs on the real clock
        conn.execute(update(outbox_events).values(at=datetime.now(UTC)))
    config = tmp_path / "station.toml"
    monkeypatch.setenv("PACKBENCH_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("PACKBENCH_CONFIG", str(config))
    monkeypatch.setenv(PASSWORD_VARIABLE, "hunter2-secret")
    smtp_conf = f'[smtp]\nhost = "127.0.0.1"\nport = {smtp.port}\nstarttls = false\n'

    # A malformed sender: refused at the start, before any server is asked.
    config.write_text(smtp_conf + 'from = "shop at example"\n', encoding="utf-8")
    assert main(["--db", database_url, "mail", "send", "--watch"]) == 2
    err = capsys.readouterr().err
    assert "[smtp] from 'shop at example' is not an email address" in err
    assert "Traceback" not in err

    # A login refused: said once, even with --watch (not retried forever), nothing counted.
    config.write_text(smtp_conf + f'from = "{SENDER}"\nuser = "shop"\n', encoding="utf-8")
    smtp.answer_auth("535 5.7.8 authentication failed")
    assert main(["--db", database_url, "mail", "send", "--watch", "--every", "1"]) == 2
    err = capsys.readouterr().err
    assert "login refused (535): check [smtp] user and the SMTP password" in err
    assert "Nothing is retried until this is fixed" in err
    assert "hunter2" not in err and "Traceback" not in err
    assert [(state, tries) for _, state, tries in mail_rows(engine)] == [("waiting", 0)] * 5

    # A sender the server refuses: the same.
    smtp.answer_auth("235 2.7.0 accepted")
    smtp.answer_mail_from("553 5.1.8 sender address rejected")
    assert main(["--db", database_url, "mail", "send"]) == 2
    assert "refused the sender 'shop@example.com' (553): check [smtp] from" in (
        capsys.readouterr().err
    )

    # "Try later": retried, and the reason printed (without the password).
    smtp.answer_mail_from(None)
    smtp.answer_next("451 4.3.0 greylisted, try again later")
    assert main(["--db", database_url, "mail", "send"]) == 0
    out, err = capsys.readouterr()
    assert "0 email(s) sent, 1 to retry" in out
    assert "to retry: mail server 127.0.0.1" in err and "451" in err and "greylisted" in err
    assert "hunter2" not in out + err
