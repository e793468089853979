"""The certificate expiry timeline in words, for the Markdown report (the HTML report draws
the same rows as an SVG): certificates by the month they expire."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from tlslint.compliance.report import CertificateRow

HORIZON_YEARS = 3


def expiry_months(
    rows: Sequence[CertificateRow], as_of: dt.datetime
) -> list[tuple[str, list[CertificateRow]]]:
    """("expired", rows), then ("YYYY-MM", rows) per month, then ("after YYYY-MM", rows) and
    ("no expiry date", rows); only buckets that hold a certificate."""
    horizon = as_of.replace(tzinfo=as_of.tzinfo) + dt.timedelta(days=365 * HORIZON_YEARS)
    expired: list[CertificateRow] = []
    months: dict[str, list[CertificateRow]] = {}
    later: list[CertificateRow] = []
    undated: list[CertificateRow] = []
    for row in rows:
        if row.not_after is None:
            undated.append(row)
        elif row.not_after <= as_of:
            expired.append(row)
        elif row.not_after > horizon:
            later.append(row)
        else:
            months.setdefault(f"{row.not_after:%Y-%m}", []).append(row)
    out: list[tuple[str, list[CertificateRow]]] = []
    if expired:
        out.append(("expired", expired))
    out += sorted(months.items())
    if later:
        out.append((f"after {horizon:%Y-%m}", later))
    if undated:
        out.append(("no expiry date", undated))
    return out
