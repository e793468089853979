"""``--jobs N`` gives exactly the findings of ``--jobs 1``: every merge is order-independent."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import lint
from tests.repogen import build
from tlslint.pipeline.run import Result


def _observed(result: Result) -> list[tuple[object, ...]]:
    return [
        (f.rule_id, f.path, f.line, f.location.column, f.severity, f.message, f.endpoint)
        for f in result.findings
    ]


def test_jobs_give_the_findings_of_one_process_on_a_repository_of_every_source(
    tmp_path: Path,
) -> None:
    root = build(tmp_path / "repo", copies=2)
    one = lint(root, jobs=1)
    assert len(one.files) >= 64  # many units, spread over the workers in different orders
    kinds = {f.kind for f in one.files}
    assert {"nginx", "kubernetes", "terraform", "certificates"} <= kinds
    expected = _observed(one)
    assert expected  # the repository is full of problems
    for jobs in (2, 3):
        many = lint(root, jobs=jobs)
        assert _observed(many) == expected, f"--jobs {jobs}"
        assert many.model.incomplete == one.model.incomplete
        assert [f.path for f in many.files] == [f.path for f in one.files]


def test_same_named_secrets_link_the_same_way_whatever_the_order(tmp_path: Path) -> None:
    """Two Secrets shop/web-tls in different files: which one an Ingress is judged with must
    not depend on which unit finished first."""
    root = build(tmp_path / "repo", copies=2)
    runs = [lint(root, jobs=jobs) for jobs in (1, 2, 1, 2)]
    served = [
        sorted((c.path, c.served_by) for c in r.model.objects["certificates"] if c.served_by)
        for r in runs
    ]
    assert all(s == served[0] for s in served)


def test_merging_units_in_any_order_gives_the_same_model() -> None:
    from tlslint.model import Location, Model, ReadProblem, SourceFile

    def unit(path: str, reason: str) -> Model:
        return Model(
            files=[SourceFile(path, f"/r/{path}", "nginx", 1)],
            problems=[ReadProblem("parse-error", reason, Location(path, 3))],
            incomplete={"shared.conf": reason},
        )

    first, second = unit("a.conf", "too deep"), unit("b.conf", "loop")
    merged = []
    for order in ((first, second), (second, first)):
        model = Model()
        for part in order:
            model.extend(part)
        model.put_in_order()
        merged.append(model)
    assert merged[0] == merged[1]
    assert merged[0].incomplete == {"shared.conf": "loop; too deep"}
