"""`tlslint fix --diff` runs the same passes as `tlslint fix` over an overlay of the edited
texts: it shows exactly what `fix` would write, copies nothing and writes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import NOW
from tlslint.pipeline import reading
from tlslint.pipeline.config import Config
from tlslint.pipeline.fix import fix, fix_preview
from tlslint.pipeline.run import Options

# Two passes: the protocols are replaced, and the HSTS header gains `always` and its max-age.
WEAK = """\
http {
    ssl_protocols TLSv1 TLSv1.2;
    server {
        listen 443 ssl;
        server_name shop.example.com;
        ssl_prefer_server_ciphers on;
        add_header Strict-Transport-Security "max-age=600";
        location /static/ {
            add_header Cache-Control public;
        }
    }
}
"""


def _options(root: Path) -> Options:
    return Options(paths=[root], root=root, config=Config(), now=NOW)


@pytest.mark.parametrize("unsafe", [False, True])
def test_the_preview_is_what_fix_writes(tmp_path: Path, unsafe: bool) -> None:
    shown, written = tmp_path / "shown", tmp_path / "written"
    for root in (shown, written):
        root.mkdir()
        (root / "nginx.conf").write_text(WEAK)
    before = (shown / "nginx.conf").stat()
    preview = fix_preview(_options(shown), unsafe=unsafe)
    applied = fix(_options(written), unsafe=unsafe)
    assert preview.changes and preview.changes.keys() == applied.changes.keys()
    for path, change in preview.changes.items():
        assert change.original == WEAK
        assert change.fixed == (written / path).read_text()
        assert change.rules == applied.changes[path].rules
    assert (shown / "nginx.conf").read_text() == WEAK
    assert (shown / "nginx.conf").stat().st_mtime_ns == before.st_mtime_ns
    assert sorted(p.name for p in shown.iterdir()) == ["nginx.conf"]
    assert {f.rule_id for f in preview.remaining} == {f.rule_id for f in applied.remaining}
    assert reading.OVERLAY == {}  # nothing stands in for a file after the preview


def test_the_preview_copies_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large file beside the configuration is not copied, nor is anything else."""
    (tmp_path / "nginx.conf").write_text(WEAK)
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "video.bin").write_bytes(b"\0" * (8 << 20))

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the preview copied files")

    monkeypatch.setattr(shutil, "copytree", refuse)
    monkeypatch.setattr(shutil, "copy2", refuse)
    report = fix_preview(_options(tmp_path))
    assert list(report.changes) == ["nginx.conf"]
    assert (tmp_path / "nginx.conf").read_text() == WEAK
