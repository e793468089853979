"""Moved to :mod:`tlslint.tls.ciphers` (shared TLS knowledge); this name still imports it."""

from __future__ import annotations

import sys

from tlslint.tls import ciphers as _ciphers

sys.modules[__name__] = _ciphers
