"""The scan sounds: the WAV files themselves, and the player that plays them.

The files are measured, not trusted: format, length, loudness, no click at either end, and
for every pair of sounds a difference in pitch *and* in rhythm that a packer can hear. The
player is exercised without an audio device (as in CI) and without Qt Multimedia at all.
"""

from __future__ import annotations

import importlib.util
import logging
import math
import sys
import wave
from array import array
from dataclasses import dataclass
from itertools import combinations, pairwise
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.domain.model import ScanOutcome
from app.ui.sounds import Sound, SoundPlayer, sound_for_outcome, sounds_dir

ROOT = Path(__file__).resolve().parents[2]
FULL_SCALE = 32768


# -- measuring a sound -----------------------------------------------------------------------


@dataclass(frozen=True)
class Measured:
    rate: int
    samples: array[int]
    segments: tuple[tuple[int, int], ...]  # (start, end) sample index of every burst

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.rate

    @property
    def peak_dbfs(self) -> float:
        return 20 * math.log10(max(abs(s) for s in self.samples) / FULL_SCALE)

    @property
    def rhythm(self) -> tuple[float, ...]:
        """The length in seconds of every burst, in order."""
        return tuple((end - start) / self.rate for start, end in self.segments)

    def pitches(self) -> list[float]:
        """Frequency (Hz, from the zero-crossing rate) of each ~20 ms frame of every burst."""
        frame = round(0.020 * self.rate)
        out = []
        for start, end in self.segments:
            count = max(1, (end - start) // frame)
            size = (end - start) // count
            for i in range(count):
                part = self.samples[start + i * size : start + (i + 1) * size]
                crossings = sum(1 for a, b in pairwise(part) if (a < 0) != (b < 0))
                out.append(crossings * self.rate / (2 * len(part)))
        return out

    @property
    def contour(self) -> str:
        """'rising', 'falling' or 'flat': the last third of the frames against the first."""
        pitches = self.pitches()
        third = max(1, len(pitches) // 3)
        first = sum(pitches[:third]) / third
        last = sum(pitches[-third:]) / third
        if last > first * 1.15:
            return "rising"
        if last < first / 1.15:
            return "falling"
        return "flat"


def measure(path: Path) -> Measured:
    with wave.open(str(path), "rb") as wav:
        assert wav.getcomptype() == "NONE"
        assert wav.getnchannels() == 1
        assert wav.getsampwidth() == 2
        assert wav.getframerate() == 44_100
        samples = array("h", wav.readframes(wav.getnframes()))
        rate = wav.getframerate()
    if sys.byteorder != "little":
        samples.byteswap()
    # A burst: a run of 5 ms windows whose peak is at least 10 % of the sound's peak.
    window = round(0.005 * rate)
    threshold = 0.1 * max(abs(s) for s in samples)
    segments: list[tuple[int, int]] = []
    start: int | None = None
    for at in range(0, len(samples), window):
        loud = max(abs(s) for s in samples[at : at + window]) >= threshold
        if loud and start is None:
            start = at
        elif not loud and start is not None:
            segments.append((start, at))
            start = None
    if start is not None:
        segments.append((start, len(samples)))
    return Measured(rate, samples, tuple(segments))


def _differ(a: float, b: float, ratio: float) -> bool:
    return max(a, b) >= ratio * min(a, b)


def pitch_differs(a: Measured, b: Measured) -> bool:
    """Different contour, or lowest or highest pitch at least 15 % (over two semitones) apart."""
    return (
        a.contour != b.contour
        or _differ(min(a.pitches()), min(b.pitches()), 1.15)
        or _differ(max(a.pitches()), max(b.pitches()), 1.15)
    )


def rhythm_differs(a: Measured, b: Measured) -> bool:
    """A different number of bursts, or a burst at least 30 % longer than its counterpart."""
    if len(a.rhythm) != len(b.rhythm):
        return True
    return any(_differ(x, y, 1.3) for x, y in zip(a.rhythm, b.rhythm, strict=True))


@pytest.fixture(scope="module")
def measured() -> dict[Sound, Measured]:
    return {sound: measure(sounds_dir() / f"{sound}.wav") for sound in Sound}


# -- the files -------------------------------------------------------------------------------


@pytest.mark.parametrize("sound", list(Sound))
def test_every_sound_is_a_short_pcm_wav_at_about_minus_3_dbfs(
    sound: Sound, measured: dict[Sound, Measured]
) -> None:
    m = measured[sound]
    assert 0.02 < m.seconds < 0.8
    assert -6.0 <= m.peak_dbfs <= 0.0
    assert m.peak_dbfs == pytest.approx(-3.0, abs=0.1)
    # faded in and out: no click at either end
    assert abs(m.samples[0]) < 0.01 * FULL_SCALE
    assert abs(m.samples[-1]) < 0.01 * FULL_SCALE
    assert m.segments


def test_the_sounds_have_the_designed_shapes(measured: dict[Sound, Measured]) -> None:
    shape = {sound: (len(m.rhythm), m.contour) for sound, m in measured.items()}
    assert shape == {
        Sound.ACCEPTED: (1, "flat"),
        Sound.WRONG_ITEM: (2, "flat"),
        Sound.OVER_SCAN: (1, "falling"),
        Sound.UNKNOWN: (3, "flat"),
        Sound.INVALID: (8, "flat"),
        Sound.DATA_NEEDED: (2, "rising"),
        Sound.COMMAND: (1, "flat"),
        Sound.COMPLETE: (3, "rising"),
        Sound.REFUSED: (2, "flat"),
        Sound.WEIGHT: (4, "falling"),
    }
    assert (
        1500
        <= sum(measured[Sound.ACCEPTED].pitches()) / len(measured[Sound.ACCEPTED].pitches())
        <= 2000
    )
    assert max(measured[Sound.WRONG_ITEM].pitches()) < 350  # low buzz


@pytest.mark.parametrize(("a", "b"), list(combinations(Sound, 2)), ids=str)
def test_every_two_sounds_differ_in_pitch_and_in_rhythm(
    a: Sound, b: Sound, measured: dict[Sound, Measured]
) -> None:
    assert pitch_differs(measured[a], measured[b]), (a, b, "same pitch")
    assert rhythm_differs(measured[a], measured[b]), (a, b, "same rhythm")


def _make_sounds() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_sounds", ROOT / "packaging" / "make_sounds.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_files_are_what_the_script_generates(tmp_path: Path) -> None:
    written = _make_sounds().write_sounds(tmp_path)
    assert sorted(path.name for path in written) == sorted(f"{sound}.wav" for sound in Sound)
    for path in written:
        assert path.read_bytes() == (sounds_dir() / path.name).read_bytes(), (
            f"{path.name} is stale: run packaging/make_sounds.py"
        )


# -- the player ------------------------------------------------------------------------------


@pytest.fixture
def no_audio_device(monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtMultimedia import QMediaDevices

    monkeypatch.setattr(QMediaDevices, "audioOutputs", staticmethod(lambda: []))


def _warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.name == "app.ui.sounds" and record.levelno == logging.WARNING
    ]


def test_without_an_audio_device_the_player_works_and_warns_once(
    qapp: QApplication, qtbot: QtBot, no_audio_device: None, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, "app.ui.sounds")
    player = SoundPlayer()
    assert not player.available
    assert _warnings(caplog) == ["Sounds are off: this machine has no audio output device"]
    for sound in Sound:
        with qtbot.waitSignal(player.played, timeout=1000) as blocker:
            player.play(sound)
        assert blocker.args == [sound.value]
        assert player.last_played is sound
    assert len(_warnings(caplog)) == 1


def test_without_qt_multimedia_the_player_works_and_warns_once(
    qapp: QApplication,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, "app.ui.sounds")
    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", None)  # import fails
    player = SoundPlayer(volume=0.5)
    assert not player.available
    (warning,) = _warnings(caplog)
    assert warning.startswith("Sounds are off: Qt Multimedia cannot be loaded")
    with qtbot.waitSignal(player.played, timeout=1000) as blocker:
        player.play(Sound.WRONG_ITEM)
    assert blocker.args == ["wrong_item"]
    player.volume = 0.2
    assert player.volume == 0.2


def test_with_an_audio_output_the_effects_load_and_play_without_raising(
    qapp: QApplication, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Claim an output exists: the QSoundEffects are made and fed the files. On a machine with
    # no real device they end in an error status, which must only be logged.
    from PySide6.QtMultimedia import QMediaDevices

    default = QMediaDevices.defaultAudioOutput()
    monkeypatch.setattr(QMediaDevices, "audioOutputs", staticmethod(lambda: [default]))
    player = SoundPlayer(volume=0.0)
    assert player.available
    qtbot.wait(200)
    for sound in Sound:
        with qtbot.waitSignal(player.played, timeout=1000):
            player.play(sound)
    player.muted = True
    player.volume = 0.7
    assert player.volume == 0.7


def test_muted_player_records_but_does_not_emit(
    qapp: QApplication, qtbot: QtBot, no_audio_device: None
) -> None:
    player = SoundPlayer(muted=True)
    assert player.muted
    with qtbot.assertNotEmitted(player.played):
        player.play(Sound.ACCEPTED)
    assert player.last_played is Sound.ACCEPTED
    player.muted = False
    with qtbot.waitSignal(player.played, timeout=1000) as blocker:
        player.play("over_scan")
    assert blocker.args == ["over_scan"]
    assert player.last_played in {Sound.OVER_SCAN}  # (`is` would upset mypy's narrowing)


def test_volume_is_clamped_to_0_1(qapp: QApplication, no_audio_device: None) -> None:
    player = SoundPlayer(volume=5.0)
    assert player.volume == 1.0
    player.volume = -0.5
    assert player.volume == 0.0
    player.volume = 0.25
    assert player.volume == 0.25
    player.volume = math.inf
    assert player.volume == 1.0
    player.volume = math.nan  # ignored
    assert player.volume == 1.0


def test_an_unknown_sound_name_is_a_programming_error(
    qapp: QApplication, no_audio_device: None
) -> None:
    with pytest.raises(ValueError):
        SoundPlayer().play("fanfare")


def test_sound_for_every_scan_outcome() -> None:
    expected = {
        "accepted": Sound.ACCEPTED,
        "wrong_item": Sound.WRONG_ITEM,
        "over_scan": Sound.OVER_SCAN,
        "unknown_barcode": Sound.UNKNOWN,
        "invalid_barcode": Sound.INVALID,
        "data_needed": Sound.DATA_NEEDED,
        "expired": Sound.WRONG_ITEM,
        "duplicate_serial": Sound.WRONG_ITEM,
        "unexpected_serial": Sound.WRONG_ITEM,
        "not_an_item": Sound.INVALID,
        "undo": Sound.COMMAND,
        "refused_unacknowledged": Sound.REFUSED,
        "refused_keyed": Sound.INVALID,
        "weight_refused": Sound.WEIGHT,
    }
    assert {outcome: sound_for_outcome(outcome) for outcome in expected} == expected
    # every outcome the domain knows has a sound, and the enum works as well as its value
    assert {o.value for o in ScanOutcome} == set(expected)
    assert all(sound_for_outcome(o) is expected[o.value] for o in ScanOutcome)
    with pytest.raises(ValueError):
        sound_for_outcome("fanfare")


def test_play_outcome(qapp: QApplication, qtbot: QtBot, no_audio_device: None) -> None:
    player = SoundPlayer()
    with qtbot.waitSignal(player.played, timeout=1000) as blocker:
        player.play_outcome(ScanOutcome.UNKNOWN_BARCODE)
    assert blocker.args == ["unknown"]
