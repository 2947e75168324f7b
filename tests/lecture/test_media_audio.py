"""Joining clips with sound: copied when every clip has it, silence laid where a clip has
none, re-encoded when a clip's format differs; each clip's sound stays with its picture."""

import av
import pytest

from scenes.lecture import media
from tests.lecture.conftest import onsets, tiny_clip

#: how far a clip's sound may be from its picture: one AAC frame of encoder delay plus
#: half a frame of rounding at the clip's start (at 44.1 kHz)
SYNC = 0.040


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    folder = tmp_path_factory.mktemp("clips")
    return {
        "silent": tiny_clip(folder / "silent.mp4", seconds=1.0),
        "a": tiny_clip(folder / "a.mp4", seconds=1.4, sound=(48000, "stereo", 0.3, 0.4)),
        "b": tiny_clip(folder / "b.mp4", seconds=2.0, sound=(48000, "stereo", 0.5, 0.4)),
        "mono": tiny_clip(folder / "mono.mp4", seconds=1.2, sound=(44100, "mono", 0.4, 0.3)),
    }


def assert_sound_at(out, joined, expected, late=SYNC):
    """The joined sound lasts as long as the picture and each tone starts where expected
    (at most ``late`` seconds after)."""
    assert media.audio_duration(out) == pytest.approx(joined.seconds, abs=0.03)
    found = onsets(out)
    assert len(found) == len(expected), found
    assert all(0 <= g - w <= late for g, w in zip(found, expected)), found


def test_has_audio_and_audio_duration(clips):
    assert media.has_audio(clips["a"]) and not media.has_audio(clips["silent"])
    assert media.audio_duration(clips["silent"]) == 0.0
    assert media.audio_duration(clips["a"]) == pytest.approx(1.4, abs=0.05)


def test_clips_that_all_have_sound_are_copied(clips, tmp_path):
    out = tmp_path / "all.mp4"
    joined = media.concatenate([clips["a"], clips["b"], clips["a"]], out, [(0, "One"), (2, "Two")])
    assert joined.audio == "copied" and joined.starts == pytest.approx((0.0, 1.4, 3.4))
    assert joined.seconds == pytest.approx(4.8, abs=0.01)
    assert_sound_at(out, joined, [0.3, 1.4 + 0.5, 3.4 + 0.3])
    assert [t for _, _, t in media.chapters_of(out)] == ["One", "Two"]
    with av.open(str(out)) as box:
        assert box.streams.audio[0].sample_rate == 48000
        assert box.streams.audio[0].codec_context.name == "aac"


def test_silent_clips_get_silence_and_the_sound_covers_the_whole_lecture(clips, tmp_path):
    out = tmp_path / "mixed.mp4"
    joined = media.concatenate([clips["silent"], clips["a"], clips["silent"], clips["b"]], out)
    assert joined.audio == "mixed" and joined.starts == pytest.approx((0.0, 1.0, 2.4, 3.4))
    assert media.has_audio(out)
    assert_sound_at(out, joined, [1.0 + 0.3, 3.4 + 0.5])


def test_a_clip_in_another_format_is_reencoded_to_the_first(clips, tmp_path):
    out = tmp_path / "formats.mp4"
    joined = media.concatenate([clips["a"], clips["mono"], clips["b"]], out)
    assert joined.audio == "mixed"
    with av.open(str(out)) as box:
        stream = box.streams.audio[0]
        assert (stream.sample_rate, stream.layout.nb_channels) == (48000, 2)
    assert_sound_at(out, joined, [0.3, 1.4 + 0.4, 2.6 + 0.5], late=0.05)


def test_sound_longer_than_its_picture_is_cut_where_the_picture_ends(clips, tmp_path):
    long = tiny_clip(tmp_path / "long.mp4", seconds=0.8, sound=(48000, "stereo", 0.1, 0.2),
                     sound_seconds=1.5)
    assert media.audio_duration(long) > 1.4
    out = tmp_path / "long_joined.mp4"
    joined = media.concatenate([clips["silent"], long, clips["a"]], out)
    assert joined.starts == pytest.approx((0.0, 1.0, 1.8))
    assert_sound_at(out, joined, [1.0 + 0.1, 1.8 + 0.3])


def test_silent_clips_join_without_sound(clips, tmp_path):
    out = tmp_path / "none.mp4"
    joined = media.concatenate([clips["silent"], clips["silent"]], out)
    assert joined.audio == "none" and not media.has_audio(out)
    assert joined.seconds == pytest.approx(2.0)
