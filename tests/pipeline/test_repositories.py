"""A repository nested in the scanned tree (a directory holding a ``.git`` directory, as in a
folder of clones) is judged on its own: its files are not context for the repository around
it, nor the outer files for it, whether the whole tree, a directory or one file is checked."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import NOW, REPO
from tlslint.model import Finding
from tlslint.pipeline.discover import discover, repository_of
from tlslint.pipeline.run import Options, Result, run

FIXTURE = REPO / "tests/fixtures/rules/TLS103/kubernetes/fires"
TOO_OLD = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ingress-nginx-controller\n"
TOO_OLD += '  namespace: ingress-nginx\ndata:\n  ssl-protocols: "TLSv1 TLSv1.2"\n'


def check(root: Path, *paths: Path) -> Result:
    """What `tlslint check PATHS` does (each file under its nearest configuration)."""
    return run(Options(paths=list(paths), root=root, now=NOW, per_file_config=True))


def keys(findings: list[Finding]) -> list[tuple[object, ...]]:
    return sorted((f.rule_id, f.path, f.line, f.message) for f in findings)


def judged_by_the_controller(result: Result) -> bool:
    """Whether the Ingress shop/web was judged under the controller ConfigMap's protocols
    (``ssl-protocols: TLSv1.2``); without it the default decides, which TLS102 reports."""
    on_ingress = {f.rule_id for f in result.findings if f.endpoint == "Ingress shop/web"}
    assert on_ingress, "the Ingress must be judged"
    return "TLS102" not in on_ingress


def clone(directory: Path, **files: str) -> Path:
    (directory / ".git").mkdir(parents=True)
    for name, text in files.items():
        (directory / name).write_text(text)
    return directory


def folder_of_clones(tmp_path: Path) -> Path:
    """A controller ConfigMap in one clone, an Ingress in another, no repository around them."""
    root = tmp_path / "clones"
    clone(root / "platform", **{"controller.yaml": (FIXTURE / "controller.yaml").read_text()})
    clone(root / "shop", **{"ingress.yaml": (FIXTURE / "ingress.yaml").read_text()})
    return root


def test_a_controller_in_one_clone_does_not_judge_the_ingresses_of_another(
    tmp_path: Path,
) -> None:
    root = folder_of_clones(tmp_path)
    whole = check(root, root)
    assert not judged_by_the_controller(whole)
    assert ("TLS102", "shop/ingress.yaml") in {(f.rule_id, f.path) for f in whole.findings}
    assert {f.path for f in whole.files} == {"platform/controller.yaml", "shop/ingress.yaml"}


def test_the_whole_folder_and_each_clone_alone_agree(tmp_path: Path) -> None:
    root = folder_of_clones(tmp_path)
    whole = check(root, root)
    parts = [*check(root, root / "shop").findings, *check(root, root / "platform").findings]
    assert keys(whole.findings) == keys(parts)


def test_one_file_is_judged_in_its_own_clone(tmp_path: Path) -> None:
    root = folder_of_clones(tmp_path)
    whole = check(root, root)
    alone = check(root, root / "shop/ingress.yaml")
    expected = [f for f in whole.findings if f.path == "shop/ingress.yaml"]
    assert keys(alone.findings) == keys(expected)
    both = check(root, root / "shop/ingress.yaml", root / "platform/controller.yaml")
    assert keys(both.findings) == keys(whole.findings)


def test_inside_one_repository_the_controller_judges_the_ingress(tmp_path: Path) -> None:
    """The same two files in one repository: the context the clones above do not share."""
    root = clone(
        tmp_path / "one",
        **{name: (FIXTURE / name).read_text() for name in ("controller.yaml", "ingress.yaml")},
    )
    assert judged_by_the_controller(check(root, root / "ingress.yaml"))
    assert judged_by_the_controller(check(root, root))


def test_a_submodule_belongs_to_the_repository_around_it(tmp_path: Path) -> None:
    """A submodule's ``.git`` is a file: its files are the outer repository's context."""
    root = clone(tmp_path / "outer", **{"ingress.yaml": (FIXTURE / "ingress.yaml").read_text()})
    sub = root / "vendor/platform"
    sub.mkdir(parents=True)
    (sub / ".git").write_text("gitdir: ../../.git/modules/platform\n")
    (sub / "controller.yaml").write_text((FIXTURE / "controller.yaml").read_text())
    assert repository_of(sub / "controller.yaml", root) == root
    assert judged_by_the_controller(check(root, root / "ingress.yaml"))
    assert judged_by_the_controller(check(root, root))


def test_a_gitignored_clone_is_not_scanned(tmp_path: Path) -> None:
    root = clone(tmp_path / "outer", **{".gitignore": "vendor/\n"})
    clone(root / "vendor/lib", **{"controller.yaml": TOO_OLD})
    found = discover([root], root)
    assert found.repositories == [] and found.files == []
    assert check(root, root).findings == []


def test_a_clone_inside_a_repository_is_walked_by_its_own_run(tmp_path: Path) -> None:
    root = clone(tmp_path / "outer", **{"ingress.yaml": (FIXTURE / "ingress.yaml").read_text()})
    clone(root / "platform", **{"controller.yaml": (FIXTURE / "controller.yaml").read_text()})
    found = discover([root], root)
    assert found.repositories == ["platform"]
    assert [f.path for f in found.files] == ["ingress.yaml"]
    whole = check(root, root)
    assert {f.path for f in whole.files} == {"ingress.yaml", "platform/controller.yaml"}
    assert not judged_by_the_controller(whole)
    assert not judged_by_the_controller(check(root, root / "ingress.yaml"))


def test_a_clone_has_its_own_configuration_and_findings_are_not_doubled(tmp_path: Path) -> None:
    root = clone(tmp_path / "outer", **{"controller.yaml": TOO_OLD, "ingress.yaml": ""})
    (root / "ingress.yaml").write_text((FIXTURE / "ingress.yaml").read_text())
    inner = clone(
        root / "team",
        **{
            "controller.yaml": TOO_OLD,
            "ingress.yaml": (FIXTURE / "ingress.yaml").read_text(),
            ".tlslint.yaml": "ignore: [TLS101]\n",
        },
    )
    whole = check(root, root)
    outer_rules = [f.rule_id for f in whole.findings if not f.path.startswith("team/")]
    inner_rules = [f.rule_id for f in whole.findings if f.path.startswith("team/")]
    assert "TLS101" in outer_rules and "TLS101" not in inner_rules
    assert len(keys(whole.findings)) == len(set(keys(whole.findings)))
    alone = check(root, inner / "ingress.yaml")
    assert keys(alone.findings) == keys(
        [f for f in whole.findings if f.path == "team/ingress.yaml"]
    )
