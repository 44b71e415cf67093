"""The one CSV policy (pilot.core.csvfile): what every reader accepts, and files that are not files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pilot import cli, demo, store
from pilot.core import csvfile
from pilot.core.errors import PilotError, ValidationError
from pilot.intake import importers
from pilot.setup import participants
from pilot.setup.pilots import get_pilot
from pilot.stories import benefits

from .conftest import DEMO_DIR

VIVA = DEMO_DIR / "exports" / "VivaEngageActivityUserDetail_20261025.csv"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_every_reader_decodes_the_same_encodings(encoding, newline, demo_db):
    pilot = get_pilot(demo_db, "demo")

    def encoded(path: Path) -> bytes:
        return (
            path.read_bytes()
            .decode("utf-8-sig")
            .replace("\r\n", "\n")
            .replace("\n", newline)
            .encode(encoding)
        )

    assert importers.read_report(encoded(VIVA), VIVA.name).rows.shape == (320, 3)
    assert participants.preview_csv(demo_db, pilot, encoded(DEMO_DIR / "participants.csv")).ok
    assert benefits.import_csv(demo_db, pilot, encoded(DEMO_DIR / "benefits.csv")) == 0  # all already stored


def test_a_quoted_field_keeps_its_separators_and_line_breaks():
    data = b'date,category,description\n2026-09-09,idea,"one, two\nthree"\n'
    assert csvfile.read_rows(data, "The file", ("date",)) == [
        (3, {"date": "2026-09-09", "category": "idea", "description": "one, two\nthree"})
    ]


def test_the_csv_module_limit_is_left_as_it_is():
    with pytest.raises(ValidationError, match="line 2: a field is longer than 131,072 characters"):
        csvfile.open_table(b'a,b\n"' + b"x" * 200_000 + b'",1\n', "The file")
    assert __import__("csv").field_size_limit() == 131_072


def test_not_a_regular_file_is_refused_before_reading(tmp_path: Path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)  # opening it would block forever: stat says what it is first
    for path in (fifo, Path("/dev/zero"), tmp_path):
        with pytest.raises(PilotError, match="is not a regular file"):
            csvfile.read_bytes(path)


def test_the_size_is_checked_first_and_reading_stops_at_the_limit(tmp_path: Path, monkeypatch):
    big = tmp_path / "big.csv"
    big.write_bytes(b"x" * 101)
    with pytest.raises(PilotError, match="big.csv is 0.0 MB: the limit is 0 MB"):
        csvfile.read_bytes(big, limit=100)
    reads = []
    real_open = open

    class Spy:
        def __init__(self, file):
            self.file = file

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.file.close()

        def read(self, n=-1):
            reads.append(n)
            return self.file.read(n)

    monkeypatch.setattr(csvfile.os, "stat", lambda p: os.stat_result((0o100644, 0, 0, 1, 0, 0, 10, 0, 0, 0)))
    monkeypatch.setattr("builtins.open", lambda p, mode: Spy(real_open(p, mode)))
    with pytest.raises(PilotError, match="is 0.0 MB: the limit is 0 MB"):  # it grew after stat
        csvfile.read_bytes(big, limit=100)
    assert reads == [101]


@pytest.mark.parametrize("command", ["import", "participants", "benefits"])
def test_the_cli_refuses_a_folder_and_dev_zero(command, tmp_path, demo_db, db_path, capsys):
    for path in (str(tmp_path), "/dev/zero"):
        assert cli.main([command, "--db", str(db_path), "--pilot", "demo", path]) == 2
        assert "is not a regular file (a folder, a pipe or a device)" in capsys.readouterr().err


def test_a_file_name_with_escape_codes_is_shown_made_visible(tmp_path, capsys):
    path = tmp_path / "\x1b[31mred\x1b[0m.csv"
    path.write_bytes(b"")
    demo.load(store.connect(tmp_path / "p.db"))
    assert cli.main(["import", "--db", str(tmp_path / "p.db"), "--pilot", "demo", str(path)]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\\x1b[31mred\\x1b[0m.csv is empty" in err
