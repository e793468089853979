"""The CFSSL source: signing configurations and CSR JSON, read as issuing policies.

Files are claimed by content: a ``.json`` file whose object has a ``signing`` section (a
signing configuration), or a ``key`` with an ``algo`` or both ``CN`` and ``hosts`` (a CSR),
and no Kubernetes ``apiVersion``. Each becomes :class:`IssuingPolicy` objects in
``model.objects["issuing_policies"]`` (see :mod:`.read`), with the line of every key.

Its link step also publishes the issuing policies other sources attach to what they read
(certbot renewal configurations carry theirs on the :class:`Renewal`), so the issuing rules
see every policy in one place.
"""

from __future__ import annotations

import re

from tlslint.lazyre import LazyPattern
from tlslint.model import Location, Model, ReadProblem, SourceFile
from tlslint.sources.base import Source, SourceContext

_CONFIG = LazyPattern(rb'"signing"\s*:\s*\{')
_CSR_KEY = LazyPattern(rb'"key"\s*:\s*\{[^{}]*"algo"\s*:', re.S)
_CSR_NAMES = LazyPattern(rb'"CN"\s*:')
_HOSTS = LazyPattern(rb'"hosts"\s*:')


def looks_like_cfssl(head: bytes) -> bool:
    if not head.lstrip().startswith(b"{") or b'"apiVersion"' in head or b"\x00" in head:
        return False
    return bool(
        _CONFIG.search(head)
        or _CSR_KEY.search(head)
        or (_CSR_NAMES.search(head) and _HOSTS.search(head))
    )


class CfsslSource(Source):
    name = "cfssl"

    def claims(self, name: str, rel: str, head: bytes) -> bool:
        return name.lower().endswith(".json") and looks_like_cfssl(head)

    def matches_content(self, head: bytes) -> bool:
        return looks_like_cfssl(head)

    def extract(self, files: list[SourceFile], ctx: SourceContext) -> Model:
        import json

        from tlslint.model import ISSUING_POLICIES as KIND
        from tlslint.pipeline.reading import read
        from tlslint.sources.cfssl import jsonlines
        from tlslint.sources.cfssl.read import policies

        model = Model(files=list(files))
        for f in files:
            loaded = read(f.absolute, f.path)
            if loaded.problem is not None:
                model.problems.append(loaded.problem)
                model.incomplete.setdefault(f.path, loaded.problem.message)
            if loaded.text is None:
                continue
            try:
                data, lines = jsonlines.load(loaded.text)
            except json.JSONDecodeError as exc:
                message = f"invalid JSON: {exc.msg}"
                where = Location(f.path, exc.lineno, exc.colno)
                model.problems.append(ReadProblem("parse-error", message, where))
                model.incomplete[f.path] = message
                continue
            except (jsonlines.TooDeep, RecursionError, ValueError) as exc:
                shown = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
                message = f"invalid JSON: {shown}"
                model.problems.append(ReadProblem("parse-error", message, Location(f.path, 1)))
                model.incomplete[f.path] = message
                continue
            model.publish(KIND, *policies(f.path, data, lines))
        return model

    def link(self, model: Model, ctx: SourceContext) -> None:
        """Publish the issuing policies carried by renewals (certbot's key settings)."""
        from tlslint.model import ISSUING_POLICIES as KIND

        carried = [
            r.issuing for r in model.objects.get("renewals", ()) if getattr(r, "issuing", None)
        ]
        if carried:
            model.objects.setdefault(KIND, []).extend(carried)


CFSSL = CfsslSource()

__all__ = ["CFSSL", "CfsslSource"]
