"""``tlslint probe``: measure a live TLS endpoint and judge it with the same rules.

The probe is a source like the others: it measures what a server really accepts (protocol
versions, cipher suites and groups, the served chain, OCSP stapling, HSTS, the HTTP redirect)
and translates the measurement into the model (an :class:`~tlslint.model.Endpoint`
located at ``host:port`` and the served :class:`~tlslint.model.Certificate`s), so the
existing rules produce the findings, with the same ids and severities as ``tlslint check``.

Handshakes are made by nassl (the engine of sslyze), which bundles a legacy OpenSSL 1.0.2 and
a modern OpenSSL 1.1.1: SSLv3 to TLS 1.3 and every legacy suite can be offered whatever floor
the local OpenSSL is configured with. It is an optional dependency (``tlslint[probe]``).

Modules: :mod:`target` (HOST[:PORT]), :mod:`handshake` (one connection, STARTTLS, nassl),
:mod:`scan` (the measurement), :mod:`web` (HSTS and redirect), :mod:`trust` (the chain
against trust anchors), :mod:`build` (measurement -> model), :mod:`explain` (classic
failures), :mod:`compare` (live vs repository), :mod:`command` (the sub-command).
"""
