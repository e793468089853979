"""GitOps as deployed: kustomize overlays and Helm charts rendered with the real tools, Flux
and Argo CD objects read, each finding on the line that wrote the value."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, NOW, lint
from tlslint.pipeline.fix import fix
from tlslint.pipeline.run import Options, Result
from tlslint.sources.gitops import helm, kustomize

REPO = FIXTURES / "gitops" / "repo"


def _needs_tools() -> None:
    if kustomize.kustomize_command() is None:
        pytest.skip("kustomize (kubectl) is not installed; .ci/run installs it")
    if not helm.engine_available():
        pytest.skip("helm-python-sdk is not installed; .ci/run installs the render extra")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    _needs_tools()
    monkeypatch.setenv("TLSLINT_CACHE_DIR", str(tmp_path / "cache"))
    copy = tmp_path / "repo"
    shutil.copytree(REPO, copy)
    return copy


def found(result: Result) -> set[tuple[str, int, str]]:
    return {(f.path, f.line, f.rule_id) for f in result.findings}


def test_an_overlay_patch_that_weakens_an_ingress_is_reported_on_the_patch(repo: Path) -> None:
    findings = found(lint(repo))
    patch = "apps/shop/overlays/prod/weaken-ingress.yaml"
    assert (patch, 6, "TLS111") in findings  # DES-CBC3-SHA, set by the patch
    assert (patch, 7, "TLS205") in findings  # ssl-redirect "false", set by the patch
    # The base as written has neither: nothing lands there for the patch's values.
    assert not {f for f in findings if f[0].endswith("base/ingress.yaml") and f[2] == "TLS111"}


def test_a_base_used_only_through_overlays_is_not_judged_as_written(repo: Path) -> None:
    result = lint(repo)
    base = [f for f in result.findings if f.path == "apps/shop/base/ingress.yaml"]
    assert base, "the base's own lines carry what the overlays leave out"
    # Judged as the overlays deploy it (namespaces shop-prod and shop-staging), never as a
    # stand-alone Ingress in the default namespace.
    assert not [f for f in base if "default/shop" in f.message]
    assert len({(f.rule_id, f.line, f.message) for f in base}) == len(base)


def test_an_argo_application_pointing_at_an_overlay_renders_it(repo: Path) -> None:
    findings = found(lint(repo))
    # The staging overlay's inline JSON patch sets backend-protocol HTTPS, unverified.
    assert ("apps/shop/overlays/staging/kustomization.yaml", 13, "TLS703") in findings


def test_a_chart_values_file_that_sets_a_short_hsts_is_reported_on_the_values_line(
    repo: Path,
) -> None:
    assert ("charts/edge/values.yaml", 4, "TLS202") in found(lint(repo))
    # Its template is rendered, not skipped.
    result = lint(repo)
    assert "charts/edge/templates/configmap.yaml" not in result.model.incomplete


def test_helmrelease_values_with_weak_ciphers_and_an_unverified_backend(repo: Path) -> None:
    findings = found(lint(repo))
    assert ("clusters/prod/api.yaml", 16, "TLS111") in findings  # RC4-SHA in spec.values
    assert ("clusters/prod/api.yaml", 19, "TLS703") in findings  # proxySslVerify "off"
    # The chart's own values (strong ciphers, plain HTTP backend) are not what is deployed.
    assert not [f for f in findings if f[0] == "charts/api/values.yaml"]


def test_a_remote_chart_is_reported_as_not_analysed_with_the_command(repo: Path) -> None:
    result = lint(repo)
    skipped = [f for f in result.findings if f.path == "clusters/prod/monitoring.yaml"]
    assert [f.rule_id for f in skipped] == ["TLS001"]
    assert "helm pull grafana" in skipped[0].message


@pytest.mark.parametrize(
    "path",
    [
        "apps/shop/overlays/prod/weaken-ingress.yaml",
        "charts/edge/values.yaml",
        "clusters/prod/api.yaml",
        "apps/shop/base/ingress.yaml",
        "charts/api/templates/ingress.yaml",
        "apps/shop/overlays/staging/kustomization.yaml",
    ],
)
def test_a_one_file_check_gives_that_file_the_findings_of_a_full_run(repo: Path, path: str) -> None:
    whole = {f for f in found(lint(repo)) if f[0] == path}
    one = found(lint(repo, paths=[repo / path]))
    assert whole
    assert one == whole


def test_without_kustomize_the_root_is_not_analysed_and_its_files_are_judged_as_written(
    repo: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = lint(repo)
    roots = [
        f
        for f in result.findings
        if f.rule_id == "TLS001" and f.path == "apps/shop/overlays/prod/kustomization.yaml"
    ]
    assert roots and "kustomize is not installed" in roots[0].message
    assert "kubectl" in roots[0].message
    # The patch is still read as written (a partial Ingress), the base as a plain Ingress.
    assert [f for f in result.findings if f.path == "apps/shop/base/ingress.yaml"]


def test_fix_edits_the_patch_and_the_values_files_never_rendered_output(repo: Path) -> None:
    report = fix(Options(paths=[repo], root=repo, now=NOW), unsafe=True)  # TLS205 adds a redirect
    assert report is not None
    patch = (repo / "apps/shop/overlays/prod/weaken-ingress.yaml").read_text()
    assert "DES-CBC3-SHA" not in patch and 'ssl-redirect: "true"' in patch
    assert 'hsts-max-age: "63072000"' in (repo / "charts/edge/values.yaml").read_text()
    assert "RC4-SHA" not in (repo / "clusters/prod/api.yaml").read_text()
    assert not list(repo.rglob("*#rendered*"))
    after = found(lint(repo))
    assert not {f for f in after if f[2] in ("TLS111", "TLS202", "TLS205")}


def test_a_remote_base_is_refused_before_kustomize_runs(repo: Path) -> None:
    overlay = repo / "apps/shop/overlays/prod/kustomization.yaml"
    overlay.write_text(
        overlay.read_text().replace("../../base", "https://github.com/example/base?ref=v1")
    )
    result = lint(repo)
    skipped = [f for f in result.findings if f.path.endswith("overlays/prod/kustomization.yaml")]
    assert skipped and "remote base" in skipped[0].message


def test_a_base_outside_the_repository_is_refused(repo: Path) -> None:
    overlay = repo / "apps/shop/overlays/prod/kustomization.yaml"
    overlay.write_text(overlay.read_text().replace("../../base", "../../../../.."))
    result = lint(repo)
    skipped = [f for f in result.findings if f.path.endswith("overlays/prod/kustomization.yaml")]
    assert skipped and "outside the repository" in skipped[0].message


def test_a_chart_with_missing_dependencies_says_how_to_vendor_them(repo: Path) -> None:
    chart = repo / "charts/edge/Chart.yaml"
    chart.write_text(
        chart.read_text() + "dependencies:\n  - name: redis\n    version: 1.0.0\n"
        "    repository: https://charts.example.com\n"
    )
    result = lint(repo)
    skipped = [f for f in result.findings if f.path == "charts/edge/Chart.yaml"]
    assert skipped and skipped[0].rule_id == "TLS001"
    assert "helm dependency build charts/edge" in skipped[0].message


def test_an_argo_application_gives_a_chart_value_files_and_parameters(repo: Path) -> None:
    findings = found(lint(repo))
    assert ("charts/api/values-eu.yaml", 3, "TLS111") in findings  # helm.valueFiles
    assert ("clusters/prod/api-eu.yaml", 19, "TLS703") in findings  # helm.parameters
    # Rendered as the release the Application names, in its destination namespace.
    messages = [
        f.message for f in lint(repo).findings if f.path == "charts/api/templates/ingress.yaml"
    ]
    assert any("api-eu/api-eu-tls" in m for m in messages)


def test_a_flux_kustomization_renders_its_path_in_its_target_namespace(repo: Path) -> None:
    (repo / "clusters/prod/shop-prod.yaml").write_text(
        "apiVersion: kustomize.toolkit.fluxcd.io/v1\n"
        "kind: Kustomization\n"
        "metadata: {name: shop, namespace: flux-system}\n"
        "spec:\n"
        "  path: ./apps/shop/overlays/prod\n"
        "  targetNamespace: storefront\n"
        "  sourceRef: {kind: GitRepository, name: platform}\n"
    )
    result = lint(repo)
    patch = [f for f in result.findings if f.path.endswith("prod/weaken-ingress.yaml")]
    assert {f.rule_id for f in patch} >= {"TLS111", "TLS205"}
    base = [f.message for f in result.findings if f.path == "apps/shop/base/ingress.yaml"]
    assert any("storefront/shop" in m for m in base)
    assert not any("shop-prod/shop" in m for m in base)


def test_helmrelease_values_from_a_configmap_in_the_repository(repo: Path) -> None:
    (repo / "clusters/prod/api.yaml").write_text(
        "apiVersion: helm.toolkit.fluxcd.io/v2\n"
        "kind: HelmRelease\n"
        "metadata: {name: api, namespace: api}\n"
        "spec:\n"
        "  chart:\n"
        "    spec:\n"
        "      chart: ./charts/api\n"
        "      sourceRef: {kind: GitRepository, name: platform}\n"
        "  valuesFrom:\n"
        "    - kind: ConfigMap\n"
        "      name: api-values\n"
        "---\n"
        "apiVersion: v1\n"
        "kind: ConfigMap\n"
        "metadata: {name: api-values, namespace: api}\n"
        "data:\n"
        "  values.yaml: |\n"
        "    tls:\n"
        "      ciphers: ECDHE-RSA-AES128-GCM-SHA256:DES-CBC3-SHA\n"
    )
    findings = found(lint(repo))
    assert ("clusters/prod/api.yaml", 19, "TLS111") in findings


def test_renderings_are_cached_by_the_hash_of_what_they_read(repo: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache" / "render"
    first = found(lint(repo))
    entries = set(cache.iterdir())
    assert entries
    assert found(lint(repo)) == first
    assert set(cache.iterdir()) == entries  # nothing rendered anew
    patch = repo / "apps/shop/overlays/prod/weaken-ingress.yaml"
    patch.write_text(patch.read_text().replace("DES-CBC3-SHA", "RC4-SHA"))
    assert len(set(cache.iterdir()) - entries) == 0  # before the run
    after = lint(repo)
    assert len(set(cache.iterdir()) - entries) == 1  # that overlay only
    assert any("RC4-SHA" in f.message for f in after.findings)


def test_two_jobs_give_the_findings_of_one(repo: Path) -> None:
    one = [(f.path, f.line, f.rule_id, f.message) for f in lint(repo, jobs=1).findings]
    two = [(f.path, f.line, f.rule_id, f.message) for f in lint(repo, jobs=2).findings]
    assert one == two


def test_a_chart_file_linking_out_of_the_repository_is_not_rendered(repo: Path) -> None:
    (repo / "charts/edge/templates/secret.yaml").symlink_to("/etc/hostname")
    result = lint(repo)
    skipped = [f for f in result.findings if f.path == "charts/edge/Chart.yaml"]
    assert skipped and "symbolic link out of the repository" in skipped[0].message


def test_a_template_that_never_ends_costs_its_chart_only(repo: Path) -> None:
    (repo / "charts/edge/templates/loop.yaml").write_text(
        "{{- range $i := until 2000000000 }}{{- end }}\n"
    )
    (repo / ".tlslint.yaml").write_text("limits:\n  file_timeout: 3\n")
    result = lint(repo)
    skipped = [f for f in result.findings if f.path == "charts/edge/Chart.yaml"]
    assert skipped and skipped[0].rule_id in ("TLS001", "TLS000")
    # The rest of the repository is judged.
    assert ("clusters/prod/api.yaml", 16, "TLS111") in found(result)


def test_values_files_the_config_names_are_rendered_as_releases(repo: Path) -> None:
    (repo / "charts/edge/values-prod.yaml").write_text(
        'controller:\n  config:\n    hsts-max-age: "63072000"\n'
    )
    (repo / "charts/edge/values-lab.yaml").write_text(
        'controller:\n  config:\n    ssl-protocols: "TLSv1.1 TLSv1.2"\n'
    )
    (repo / ".tlslint.yaml").write_text(
        "gitops:\n  values:\n"
        "    charts/edge: [values-prod.yaml, [values-prod.yaml, values-lab.yaml]]\n"
    )
    findings = found(lint(repo))
    # Both releases override the short default: the chart's values.yaml line is not deployed.
    assert ("charts/edge/values.yaml", 4, "TLS202") not in findings
    assert ("charts/edge/values-lab.yaml", 3, "TLS101") in findings


def test_a_patch_linking_out_of_the_repository_is_refused(repo: Path) -> None:
    patch = repo / "apps/shop/overlays/prod/weaken-ingress.yaml"
    patch.unlink()
    patch.symlink_to("/etc/hostname")
    result = lint(repo)
    skipped = [f for f in result.findings if f.path.endswith("overlays/prod/kustomization.yaml")]
    assert skipped and "outside the repository" in skipped[0].message
    assert not (repo / "apps/shop/overlays/prod/.kustomize#rendered").exists()


def test_a_flux_kustomization_patch_is_applied_and_reported_on_its_line(repo: Path) -> None:
    (repo / "clusters/prod/shop-prod.yaml").write_text(
        "apiVersion: kustomize.toolkit.fluxcd.io/v1\n"
        "kind: Kustomization\n"
        "metadata: {name: shop, namespace: flux-system}\n"
        "spec:\n"
        "  path: ./apps/shop/overlays/prod\n"
        "  sourceRef: {kind: GitRepository, name: platform}\n"
        "  patches:\n"
        "    - target: {kind: Ingress}\n"
        "      patch: |\n"
        "        apiVersion: networking.k8s.io/v1\n"
        "        kind: Ingress\n"
        "        metadata:\n"
        "          name: shop\n"
        "          annotations:\n"
        '            nginx.ingress.kubernetes.io/ssl-ciphers: "AES256-SHA"\n'
    )
    result = lint(repo)
    assert ("clusters/prod/shop-prod.yaml", 15, "TLS111") in found(result)
    # What the Flux patch overrides is no longer what the overlay's patch is blamed for.
    assert not [f for f in result.findings if f.rule_id == "TLS111" and "DES-CBC3" in f.message]


def test_flux_post_build_substitution_decides_the_value(repo: Path) -> None:
    patch = repo / "apps/shop/overlays/prod/weaken-ingress.yaml"
    patch.write_text(
        patch.read_text().replace(
            '"ECDHE-RSA-AES128-GCM-SHA256:DES-CBC3-SHA"',
            '"${shop_ciphers:=ECDHE-RSA-AES128-GCM-SHA256}"',
        )
    )
    (repo / "clusters/prod/shop-prod.yaml").write_text(
        "apiVersion: kustomize.toolkit.fluxcd.io/v1\n"
        "kind: Kustomization\n"
        "metadata: {name: shop, namespace: flux-system}\n"
        "spec:\n"
        "  path: ./apps/shop/overlays/prod\n"
        "  sourceRef: {kind: GitRepository, name: platform}\n"
        "  postBuild:\n"
        "    substitute:\n"
        "      shop_ciphers: RC4-SHA\n"
    )
    result = lint(repo)
    weak = [f for f in result.findings if f.rule_id == "TLS111"]
    assert any(
        "RC4-SHA" in f.message and f.path == patch.relative_to(repo).as_posix() and f.line == 6
        for f in weak
    )


def test_an_argo_application_kustomize_patch_is_traced_to_the_application(repo: Path) -> None:
    app = repo / "clusters/prod/shop.yaml"
    app.write_text(
        app.read_text().replace(
            "    path: apps/shop/overlays/staging\n",
            "    path: apps/shop/overlays/staging\n"
            "    kustomize:\n"
            "      patches:\n"
            "        - target: {kind: Ingress, name: shop}\n"
            "          patch: |-\n"
            "            - op: add\n"
            "              path: /metadata/annotations/nginx.ingress.kubernetes.io~1ssl-redirect\n"
            '              value: "false"\n',
        )
    )
    assert ("clusters/prod/shop.yaml", 18, "TLS205") in found(lint(repo))


def test_values_a_deployer_names_but_the_repository_lacks_are_said(repo: Path) -> None:
    app = repo / "clusters/prod/api-eu.yaml"
    app.write_text(app.read_text().replace("- values-eu.yaml", "- values-gone.yaml"))
    result = lint(repo)
    said = [
        f
        for f in result.findings
        if f.path == "clusters/prod/api-eu.yaml" and f.rule_id == "TLS001"
    ]
    assert said and said[0].line == 14 and "values-gone.yaml" in said[0].message
    # The rest of what it deploys is still judged.
    assert ("clusters/prod/api-eu.yaml", 19, "TLS703") in found(result)


@pytest.mark.parametrize(
    ("path", "said"),
    [("apps/elsewhere/prod", "not a directory of this repository"), ("../../etc", "outside")],
)
def test_an_application_pointing_at_no_directory_here_is_said(
    repo: Path, path: str, said: str
) -> None:
    app = repo / "clusters/prod/shop.yaml"
    app.write_text(app.read_text().replace("apps/shop/overlays/staging", path))
    result = lint(repo)
    skipped = [f for f in result.findings if f.path == "clusters/prod/shop.yaml"]
    assert [f.rule_id for f in skipped] == ["TLS001"] and said in skipped[0].message


def test_a_rendered_tls_secret_is_judged_and_its_key_never_cached(
    repo: Path, tmp_path: Path
) -> None:
    """A kustomize root rendering a TLS Secret: its certificate and key are judged at the
    Secret's own lines (they had become None objects, and the run crashed), and the rendering
    is never copied into the cache (its key stays in the repository)."""
    import base64

    from tests.certfactory import leaf

    cert = leaf("vault.example.com")
    root = repo / "apps/vault"
    root.mkdir(parents=True)
    (root / "kustomization.yaml").write_text("resources: [secret.yaml]\n")
    (root / "secret.yaml").write_text(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: vault-tls\n  namespace: vault\n"
        "type: kubernetes.io/tls\ndata:\n"
        f"  tls.crt: {base64.b64encode(cert.pem).decode()}\n"
        f"  tls.key: {base64.b64encode(cert.key_pem()).decode()}\n"
    )
    result = lint(repo)
    judged = {(f.path, f.rule_id) for f in result.findings}
    assert ("apps/vault/secret.yaml", "TLS501") in judged  # the committed private key
    cached = [p.read_text() for p in (tmp_path / "cache").rglob("*") if p.is_file()]
    assert cached, "the other renderings are cached"
    assert not [t for t in cached if "LS0tLS1CRUdJTi" in t or "PRIVATE KEY" in t]


def _dependents(root: Path, rel: str) -> list[str]:
    """What the GitOps source adds to a check of ``rel`` (the renderings that read it)."""
    from tlslint.model.policy import build_policy
    from tlslint.pipeline.cache import Index
    from tlslint.pipeline.discover import discover
    from tlslint.sources.base import Limits, SourceContext
    from tlslint.sources.gitops import GITOPS

    files = discover([root], root).files
    ctx = SourceContext(root, build_policy("intermediate", {}), NOW, Limits(), {}, files, Index())
    scope = [f for f in files if f.path == rel]
    assert scope, rel
    return sorted(f.path for f in GITOPS.dependents(scope, ctx))


@pytest.mark.parametrize(
    ("listed", "read"),
    [
        ("configMapGenerator:\n  - name: web\n    files: [conf/nginx.conf]\n", True),
        ("configMapGenerator:\n  - name: web\n    files: [site=conf/nginx.conf]\n", True),
        ("resources: [deployment.yaml]\n", False),
    ],
)
def test_the_plan_is_skipped_only_for_files_no_rendering_can_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, listed: str, read: bool
) -> None:
    """A file of another kind is read by a rendering only when a kustomization lists it, a
    deployer names it, or a chart holds it: otherwise no plan is made (no kustomization parsed)
    for a check of it, and what the plan would have said is the same."""
    from tlslint.sources import gitops
    from tlslint.sources.gitops import plan

    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "app/conf").mkdir(parents=True)
    (root / "app/kustomization.yaml").write_text(listed)
    (root / "app/deployment.yaml").write_text("apiVersion: apps/v1\nkind: Deployment\n")
    (root / "app/conf/nginx.conf").write_text("events {}\nhttp {\n    server { listen 80; }\n}\n")
    (root / "chart/files").mkdir(parents=True)
    (root / "chart/Chart.yaml").write_text("apiVersion: v2\nname: web\nversion: 1.0.0\n")
    (root / "chart/files/nginx.conf").write_text(
        "events {}\nhttp {\n    server { listen 80; }\n}\n"
    )
    planned: list[int] = []
    original = plan.plan_for

    def counting(*args: object) -> plan.Plan:
        planned.append(1)
        return original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(plan, "plan_for", counting)
    shortcut = _dependents(root, "app/conf/nginx.conf")
    assert bool(planned) == read
    monkeypatch.setattr(gitops, "_read_by_no_rendering", lambda scope, ctx: False)
    assert shortcut == _dependents(root, "app/conf/nginx.conf")
    assert shortcut == (["app/kustomization.yaml"] if read else [])
    assert _dependents(root, "chart/files/nginx.conf") == ["chart/Chart.yaml"]
