"""plugins/plugin_utils/report_files.py: a report file compared piece by piece with what is
on disk, left untouched (inode, mtime, no temporary file) when equal, replaced atomically
from the first difference on, nothing written in check mode; modes as Ansible reads them."""

import os

import pytest

from ansible_collections.camsec.ipcam.plugins.plugin_utils import report_files as rf

TEXT = u"".join(u"row %05d, caf\u00e9 \u6f22\u5b57\r\n" % n for n in range(20000))  # > 2 buffers


def pieces(text, size=7):
    return [text[i:i + size] for i in range(0, len(text), size)]


def state(path):
    st = os.stat(path)
    return st.st_ino, st.st_mtime_ns, st.st_mode & 0o7777


def test_new_file_written_with_its_mode(tmp_path):
    path = tmp_path / "r.csv"
    assert rf.sync_file(str(path), pieces(TEXT), 0o640) == (True, True)
    assert path.read_bytes() == TEXT.encode("utf-8") and state(path)[2] == 0o640
    assert os.listdir(tmp_path) == ["r.csv"]


def test_same_content_left_untouched(tmp_path):
    path = tmp_path / "r.csv"
    rf.sync_file(str(path), pieces(TEXT), 0o640)
    before = state(path)
    assert rf.sync_file(str(path), pieces(TEXT, 1000), 0o640) == (False, False)
    assert state(path) == before and os.listdir(tmp_path) == ["r.csv"]


@pytest.mark.parametrize("new", [TEXT[:-1] + u"X", TEXT + u"more", TEXT[:len(TEXT) // 2], u"x" + TEXT[1:], u""])
def test_a_difference_anywhere_replaces_the_file(tmp_path, new):
    path = tmp_path / "r.csv"
    rf.sync_file(str(path), pieces(TEXT), 0o640)
    before = state(path)
    assert rf.sync_file(str(path), pieces(new), 0o640, check_mode=True) == (True, False)
    assert state(path) == before and path.read_bytes() == TEXT.encode("utf-8")
    assert rf.sync_file(str(path), pieces(new), 0o640) == (True, True)
    assert path.read_bytes() == new.encode("utf-8")
    assert state(path)[0] != before[0], "replaced by rename, not rewritten in place"
    assert os.listdir(tmp_path) == ["r.csv"]


def test_check_mode_on_a_missing_file_writes_nothing(tmp_path):
    assert rf.sync_file(str(tmp_path / "r.csv"), pieces(TEXT), 0o640, check_mode=True) == (True, True)
    assert os.listdir(tmp_path) == []


def test_mode_alone_is_reported(tmp_path):
    path = tmp_path / "r.csv"
    rf.sync_file(str(path), pieces(TEXT), 0o600)
    assert rf.sync_file(str(path), pieces(TEXT), 0o640) == (False, True)


def test_a_failing_piece_leaves_the_old_file_and_no_temporary_file(tmp_path):
    path = tmp_path / "r.csv"
    rf.sync_file(str(path), pieces(TEXT), 0o640)

    def broken():
        yield u"changed "
        raise RuntimeError("renderer failed")

    with pytest.raises(RuntimeError):
        rf.sync_file(str(path), broken(), 0o640)
    assert path.read_bytes() == TEXT.encode("utf-8") and os.listdir(tmp_path) == ["r.csv"]


@pytest.mark.parametrize("given, mode", [("0640", 0o640), ("640", 0o640), ("0750", 0o750), (0o640, 0o640)])
def test_modes(given, mode):
    assert rf.parse_mode(given, "mode") == mode


@pytest.mark.parametrize("given", ["u=rw", "0999", "", True, None, "123456", -1])
def test_bad_modes_refused(given):
    with pytest.raises(ValueError):
        rf.parse_mode(given, "mode")
