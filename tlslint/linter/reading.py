"""Reading text files safely: encodings, BOMs, binary content, invalid UTF-8."""

from __future__ import annotations

from dataclasses import dataclass

from tlslint.linter.model import Location, ReadProblem


@dataclass
class Text:
    text: str | None  # None: not readable as text (the problem says why)
    problem: ReadProblem | None = None


def decode(data: bytes, path: str) -> Text:
    """Decode a configuration file.

    Binary content is refused (TLS001). Invalid UTF-8 is a TLS000 problem at the first bad
    line, but the text is still analysed with replacement characters, so nothing is lost.
    UTF-16 files with a BOM are decoded as such; a UTF-8 BOM is dropped.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return Text(data.decode("utf-16"))
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:8192]:
        return Text(
            None,
            ReadProblem("file-skipped", "binary content where text was expected", Location(path)),
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return Text(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return Text(
            data.decode("utf-8", errors="replace"),
            ReadProblem(
                "parse-error",
                f"invalid UTF-8 (byte 0x{data[exc.start]:02x}); read with replacement characters",
                Location(path, line, column),
            ),
        )


def read(absolute: str, path: str) -> Text:
    try:
        with open(absolute, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        return Text(
            None, ReadProblem("file-skipped", f"cannot read: {exc.strerror}", Location(path))
        )
    return decode(data, path)
