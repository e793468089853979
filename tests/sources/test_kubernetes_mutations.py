"""No mangling of a manifest makes the Kubernetes source or a rule raise: bad input is a
finding, never a traceback (fixed seed, so a failure reproduces)."""

from __future__ import annotations

import random
from pathlib import Path

from tests.helpers import FIXTURES, NOW, REPO
from tlslint.model import Model, SourceFile
from tlslint.model.policy import load_profile
from tlslint.rules import RULES, Context
from tlslint.sources.base import SourceContext
from tlslint.sources.kubernetes import KUBERNETES

TOKENS = (
    ": ", "\n", "- ", "[", "]", "{", "}", "&a ", "*a", "null", "true", "123", "'", '"', "  ",
    "<<: ", "---\n", "|\n", "~", "!!binary ", "!!str ", "? ", "#", "\t", "{{ x }}", "\u00e9",
)  # fmt: skip


def _mutate(text: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 6)):
        pos = rng.randint(0, len(text))
        choice = rng.random()
        if choice < 0.4:
            text = text[:pos] + rng.choice(TOKENS) + text[pos:]
        elif choice < 0.7:
            text = text[:pos] + text[pos + rng.randint(1, 20) :]
        else:
            start = rng.randint(0, len(text))
            text = text[:pos] + text[start : start + rng.randint(1, 40)] + text[pos:]
    return text


def _judge(model: Model, ctx: Context) -> None:
    for rule in RULES:
        if rule.subject == "model":
            subjects: list[object] = [model]
        elif rule.subject == "endpoint":
            subjects = list(model.endpoints)
        else:
            subjects = list(model.objects.get(rule.subject, ()))
        for subject in subjects:
            list(rule.check(subject, ctx))


def test_mutated_manifests_never_raise(tmp_path: Path) -> None:
    sources = sorted((REPO / "examples" / "kubernetes").rglob("*.yaml"))
    sources += sorted((FIXTURES / "rules").glob("TLS6*/kubernetes/**/*.yaml"))
    texts = [p.read_text(encoding="utf-8") for p in sources]
    rng = random.Random(20260601)
    source_ctx = SourceContext(tmp_path, load_profile(), NOW)
    target = tmp_path / "mutated.yaml"
    for _ in range(300):
        text = _mutate(rng.choice(texts), rng)
        target.write_text(text, encoding="utf-8")
        files = [SourceFile("mutated.yaml", str(target), "kubernetes", len(text))]
        model = KUBERNETES.extract(files, source_ctx)
        KUBERNETES.link(model, source_ctx)
        _judge(model, Context(source_ctx.policy, NOW, model))
