"""``packbench scale read`` as a real subprocess against a scale on a pseudo-terminal, per
serial protocol; its refusals (one line, exit 2); ``packbench ports`` with HID scales; and the
``[scale]`` settings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.main import main
from app.settings import ConfigError, load_settings
from tests.support.fake_scale import FakeScale


def packbench(*args: str, tmp_path: Path, config: str = "") -> subprocess.CompletedProcess[str]:
    path = tmp_path / "station.toml"
    path.write_text(config, encoding="utf-8")
    env = dict(os.environ, PACKBENCH_DATA_DIR=str(tmp_path / "data"), PACKBENCH_CONFIG=str(path))
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("protocol", ["mt-sics", "sma", "nci", "pattern"])
def test_scale_read_prints_one_stable_weight(protocol: str, tmp_path: Path) -> None:
    with FakeScale(protocol, parity_bits=protocol == "nci") as fake:
        fake.settle(1234)
        port = ("--port", str(fake.path), "--protocol", protocol)
        plain = packbench("scale", "read", *port, tmp_path=tmp_path)
        as_json = packbench("scale", "read", *port, "--baud", "9600", "--json", tmp_path=tmp_path)
    assert (plain.returncode, plain.stdout, plain.stderr) == (0, "1234 g\n", "")
    assert as_json.returncode == 0, as_json.stderr
    assert json.loads(as_json.stdout) == {"grams": 1234, "stable": True}


def test_scale_read_takes_the_port_from_the_settings(tmp_path: Path) -> None:
    with FakeScale("sma", unit="lb") as fake:
        fake.settle(1247)
        config = f'[scale]\nprotocol = "sma"\nport = "{fake.path}"\nbaud = 9600\n'
        result = packbench("scale", "read", tmp_path=tmp_path, config=config)
    assert (result.returncode, result.stdout) == (0, "1247 g\n"), result.stderr


def test_scale_read_times_out_while_moving(tmp_path: Path) -> None:
    with FakeScale("mt-sics") as fake:
        fake.set("moving", 900)
        result = packbench(
            "scale",
            "read",
            "--port",
            str(fake.path),
            "--protocol",
            "mt-sics",
            "--timeout",
            "0.5",
            tmp_path=tmp_path,
        )
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == (
        f"packbench: scale {fake.path} (mt-sics): no stable weight within 0.5 s "
        "(moving (900 g): keep the platter still)\n"
    )


def test_scale_read_overload_and_no_answer(tmp_path: Path) -> None:
    with FakeScale("nci") as fake:
        fake.set("overload")
        over = packbench(
            "scale",
            "read",
            "--port",
            str(fake.path),
            "--protocol",
            "nci",
            "--timeout",
            "0.5",
            tmp_path=tmp_path,
        )
        fake.set("silent")
        silent = packbench(
            "scale",
            "read",
            "--port",
            str(fake.path),
            "--protocol",
            "nci",
            "--timeout",
            "2",
            tmp_path=tmp_path,
        )
    assert over.returncode == 2 and "overload: over capacity" in over.stderr
    assert silent.returncode == 2
    # (a pty refuses 7E1: the driver reads it as 8N1, and says so in the framing)
    assert silent.stderr.startswith(
        f"packbench: scale {fake.path} (nci): no reply within 2 s from {fake.path} at 9600 "
    )
    assert silent.stderr.endswith(
        ": check the protocol, the speed, the cable and that the scale is on\n"
    )
    for result in (over, silent):
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_scale_read_no_such_port(tmp_path: Path) -> None:
    result = packbench(
        "scale",
        "read",
        "--port",
        str(tmp_path / "ttyUSB9"),
        "--protocol",
        "sma",
        tmp_path=tmp_path,
    )
    assert result.returncode == 2
    assert result.stderr == (
        f"packbench: scale {tmp_path / 'ttyUSB9'} (sma): no such port (see packbench ports)\n"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["scale", "read", "--port", "/dev/x"], "no scale protocol: give --protocol"),
        (["scale", "read", "--protocol", "sma"], "no scale port: give --port"),
        (
            ["scale", "read", "--port", "/dev/x", "--protocol", "pattern", "--pattern", "(\\d+)"],
            "needs the named groups",
        ),
        (["scale", "read", "--port", "x", "--protocol", "sma", "--timeout", "0"], "--timeout 0"),
    ],
)
def test_scale_read_refusals(
    argv: list[str],
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("PACKBENCH_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("PACKBENCH_CONFIG", str(tmp_path / "none.toml"))
    (tmp_path / "none.toml").write_text("", encoding="utf-8")
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    with pytest.raises(SystemExit) as ended:
        main(["scale", "read", "--port", "x", "--protocol", "cas"])
    assert ended.value.code == 2
    assert "invalid choice: 'cas'" in capsys.readouterr().err


def test_scale_read_hid_without_hidapi(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PACKBENCH_DATA_DIR", str(tmp_path))
    monkeypatch.setitem(sys.modules, "hid", None)
    assert main(["scale", "read", "--port", "0922:8003", "--protocol", "hid"]) == 2
    assert "USB HID scales need the hidapi package" in capsys.readouterr().err


def test_ports_lists_hid_scales(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import hid

    monkeypatch.setattr("serial.tools.list_ports.comports", lambda: [])
    scale = {
        "path": b"/dev/hidraw4",
        "vendor_id": 0x0922,
        "product_id": 0x8004,
        "usage_page": 0x8D,
        "product_string": "M25 25 lb Digital Postal Scale",
    }
    monkeypatch.setattr(hid, "enumerate", lambda *args: [scale])
    assert main(["ports"]) == 0
    out = capsys.readouterr().out
    assert out == (
        "no serial ports found\n0922:8004 — M25 25 lb Digital Postal Scale (USB HID scale): "
        "--protocol hid --port 0922:8004\n"
    )
    monkeypatch.setitem(sys.modules, "hid", None)
    assert main(["ports"]) == 0
    assert "not listed (the hidapi package is not installed)" in capsys.readouterr().out


def test_scale_settings(tmp_path: Path) -> None:
    path = tmp_path / "station.toml"
    path.write_text('[scale]\nprotocol = "nci"\nport = "/dev/ttyUSB0"\nbaud = 9600\n', "utf-8")
    settings = load_settings(path, environ={})
    assert (settings.scale_protocol, settings.scale_port, settings.scale_baudrate) == (
        "nci",
        "/dev/ttyUSB0",
        9600,
    )
    for body, message in [
        ('[scale]\nprotocol = "cas"\n', "use one of none, mt-sics"),
        ('[scale]\nprotocol = "sma"\n', "a sma scale needs [scale] port"),
        ("[scale]\nbaud = 1234\n", "[scale] baud = 1234: use one of"),
        ('[scale]\npattern = "(?P<weight>\\\\d+)"\n', "needs the named groups"),
    ]:
        path.write_text(body, "utf-8")
        with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
            load_settings(path, environ={})


@pytest.mark.parametrize("protocol", ["mt-sics", "sma", "nci", "pattern"])
def test_scale_read_names_garbage_as_not_a_reading_of_the_protocol(
    protocol: str, tmp_path: Path
) -> None:
    with FakeScale(protocol) as fake:
        fake.set("garbage")
        result = packbench(
            "scale",
            "read",
            *("--port", str(fake.path), "--protocol", protocol, "--timeout", "1"),
            tmp_path=tmp_path,
        )
    assert result.returncode == 2 and result.stdout == ""
    what = (
        "matches no frame of the pattern"
        if protocol == "pattern"
        else f"is not a reading of the {protocol} protocol"
    )
    assert result.stderr.startswith(f"packbench: scale {fake.path} ({protocol}): what came from")
    assert what in result.stderr and "garbage" in result.stderr
    assert result.stderr.endswith("check --protocol and --baud\n")
    assert "disconnected" not in result.stderr and "stopped" not in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_scale_read_of_something_that_is_no_serial_port(tmp_path: Path) -> None:
    plain = tmp_path / "plain-file"
    plain.write_bytes(b"")
    for port in ("/dev/null", str(plain)):
        started = time.monotonic()
        result = packbench(
            "scale",
            "read",
            "--port",
            port,
            "--protocol",
            "sma",
            "--timeout",
            "10",
            tmp_path=tmp_path,
        )
        assert result.returncode == 2 and result.stdout == ""
        assert result.stderr == (
            f"packbench: scale {port} (sma): {port} is not a serial port, so no scale can "
            "reply on it (see packbench ports)\n"
        )
        assert time.monotonic() - started < 8  # said at once, not after the 10 s timeout


@pytest.mark.parametrize(
    "config",
    ['[scale]\nprotocol = "sma"\n', '[scale]\nport = "/dev/ttyUSB7"\n', "[scale]\nbaud = 9600\n"],
)
def test_scale_read_options_are_enough_when_the_settings_are_half_set(
    config: str, tmp_path: Path
) -> None:
    with FakeScale("sma") as fake:
        fake.settle(2500)
        result = packbench(
            "scale",
            "read",
            "--port",
            str(fake.path),
            "--protocol",
            "sma",
            tmp_path=tmp_path,
            config=config,
        )
    assert (result.returncode, result.stdout, result.stderr) == (0, "2500 g\n", "")
    # the station itself still refuses a scale protocol without its port
    if "protocol" in config:
        with pytest.raises(ConfigError, match="needs"):
            load_settings(tmp_path / "station.toml", environ={})
