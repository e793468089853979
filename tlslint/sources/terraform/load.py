"""Reading one unit: files -> modules -> evaluated resources -> model."""

from __future__ import annotations

import contextlib
import gc
import json
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tlslint.model import Location, Model, ReadProblem, SourceFile
from tlslint.pipeline.reading import read
from tlslint.sources.base import SourceContext
from tlslint.sources.terraform import hcl
from tlslint.sources.terraform.builders import Out
from tlslint.sources.terraform.expr import Expr, Lit, Opaque
from tlslint.sources.terraform.hcl import Attribute, Block, LineIndex
from tlslint.sources.terraform.providers import registry
from tlslint.sources.terraform.values import Evaluator, Module
from tlslint.sources.terraform.view import Res

MAX_MODULE_DEPTH = 8
_ADDRESS = re.compile(r'"address"\s*:\s*("(?:[^"\\]|\\.)*")')
_BASE64_RUN = re.compile(r"[A-Za-z0-9+/=]{16,}")


@dataclass
class DirFiles:
    directory: str
    blocks: list[tuple[str, Block]] = field(default_factory=list)  # (path, block)
    auto_vars: list[tuple[str, dict[str, Attribute]]] = field(default_factory=list)
    other_vars: list[tuple[str, dict[str, Attribute]]] = field(default_factory=list)


def _safe(message: str) -> str:
    """Parser messages must never echo key material."""
    if "PRIVATE KEY" in message or _BASE64_RUN.search(message):
        return "syntax error"
    return message


def _template(text: str) -> Expr:
    return hcl.parse_template(text)


def _read_json(f: SourceFile, model: Model) -> tuple[Any, LineIndex] | None:
    text = read(f.absolute, f.path)
    if text.problem:
        model.problems.append(text.problem)
        if text.text is None:
            model.incomplete[f.path] = text.problem.message
            return None
    assert text.text is not None
    try:
        data = json.loads(text.text)
    except (json.JSONDecodeError, RecursionError) as exc:
        line = getattr(exc, "lineno", 0)
        col = getattr(exc, "colno", 0)
        msg = f"invalid JSON: {getattr(exc, 'msg', 'nested too deeply')}"
        model.problems.append(ReadProblem("parse-error", msg, Location(f.path, line, col)))
        model.incomplete[f.path] = msg
        return None
    return data, LineIndex(text.text)


_SKIPPED_BLOCKS = frozenset({"data", "output", "provider", "terraform", "import", "moved"})


def _keep(type_: str, labels: tuple[str, ...]) -> bool:
    """Whether a top-level block's body can matter for TLS."""
    if type_ == "resource":
        return bool(labels) and labels[0] in registry().types
    return type_ not in _SKIPPED_BLOCKS


def _read_hcl(f: SourceFile, model: Model) -> hcl.ParsedFile | None:
    text = read(f.absolute, f.path)
    if text.problem:
        model.problems.append(text.problem)
        if text.text is None:
            model.incomplete[f.path] = text.problem.message
            return None
    assert text.text is not None
    parsed = hcl.parse_hcl(text.text.encode("utf-8"), f.path, _keep)
    if parsed.error:
        message, line, column = parsed.error
        message = _safe(message)
        model.problems.append(ReadProblem("parse-error", message, Location(f.path, line, column)))
        model.incomplete[f.path] = f"{message} (line {line}); the rest was read as far as possible"
    return parsed


def extract(files: list[SourceFile], ctx: SourceContext) -> Model:
    """One unit's model, read with the cyclic garbage collector paused (see below)."""
    with _cyclic_gc_paused():
        return _extract(files, ctx)


@contextlib.contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Reading a unit allocates objects per syntax node and resource and keeps most of them
    until the unit is judged: the cyclic collector would scan that growing heap again and
    again, which made a file of 10,000 resources take twice as long, growing faster than the
    file. What is built here holds no garbage cycles to speak of (peak memory is the same
    with the collector off), and reference counting frees what is dropped; the collector
    resumes when the unit is read."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _extract(files: list[SourceFile], ctx: SourceContext) -> Model:
    model = Model(files=list(files))
    dirs: dict[str, DirFiles] = {}
    plans: list[SourceFile] = []
    var_files = set(ctx.settings.get("terraform", {}).get("var_files", ()))
    for f in sorted(files, key=lambda f: f.path):
        if _kind(f.path, f.absolute) == "plan":
            plans.append(f)
            continue
        d = dirs.setdefault(posixpath.dirname(f.path), DirFiles(posixpath.dirname(f.path)))
        _add_file(d, f, model, var_files)
    scanned = {f.path for f in files}
    for d in list(dirs.values()):
        _add_siblings(d, scanned, ctx, var_files)
    _modules(dirs, model, ctx)
    for f in plans:
        _plan(f, model)
    return model


def _kind(path: str, absolute: str | None = None) -> str:
    name = posixpath.basename(path).lower()
    if name.endswith(".tf"):
        return "hcl"
    if name.endswith(".tf.json"):
        return "json"
    if name.endswith((".tfvars", ".tfvars.json")):
        return "tfvars"
    if name.endswith(".json"):
        return "plan"
    # Named otherwise (``main.tf.example``), it was recognised by its content: a plan is JSON.
    return "plan" if absolute is not None and _starts_json(absolute) else "hcl"


def _starts_json(absolute: str) -> bool:
    try:
        with open(absolute, "rb") as handle:
            return handle.read(64).lstrip()[:1] == b"{"
    except OSError:
        return False


def _add_file(
    d: DirFiles, f: SourceFile, model: Model, var_files: set[str], *, context_only: bool = False
) -> None:
    kind = _kind(f.path)
    blocks: list[Block] = []
    if kind == "hcl":
        parsed = _read_hcl(f, model)
        blocks = parsed.blocks if parsed else []
    elif kind == "json":
        got = _read_json(f, model)
        if got:
            blocks = hcl.json_blocks(got[0], got[1], _template)
    else:
        name = posixpath.basename(f.path).lower()
        attrs = _tfvars(f, model)
        auto = (
            name in ("terraform.tfvars", "terraform.tfvars.json")
            or name.endswith((".auto.tfvars", ".auto.tfvars.json"))
            or f.path in var_files
        )
        (d.auto_vars if auto else d.other_vars).append((f.path, attrs))
        return
    if context_only:  # a file not scanned: only what the scanned files may refer to
        blocks = [b for b in blocks if b.type in ("variable", "locals")]
    d.blocks.extend((f.path, b) for b in blocks)


def _add_siblings(d: DirFiles, scanned: set[str], ctx: SourceContext, var_files: set[str]) -> None:
    """Files of the same module directory that were not scanned (``tlslint check main.tf``).

    Terraform reads a directory as one module: variables, locals and tfvars elsewhere in it
    decide the scanned files' values. They are read for that only — their own resources are
    not judged and their problems not reported (they were not asked for).
    """
    root = Path(ctx.root).resolve()
    directory = root / d.directory if d.directory else root
    try:
        entries = sorted(directory.iterdir())
    except OSError:
        return
    scratch = Model()
    for entry in entries:
        rel = f"{d.directory}/{entry.name}" if d.directory else entry.name
        terraform = entry.name.lower().endswith((".tf", ".tf.json", ".tfvars", ".tfvars.json"))
        if rel in scanned or not terraform or not entry.is_file():
            continue
        try:
            if not entry.resolve().is_relative_to(root):
                continue
            size = entry.stat().st_size
        except OSError:
            continue
        if size > ctx.limits.max_file_size:
            continue
        _add_file(
            d, SourceFile(rel, str(entry), "terraform", size), scratch, var_files, context_only=True
        )


def _tfvars(f: SourceFile, model: Model) -> dict[str, Attribute]:
    if f.path.lower().endswith(".json"):
        got = _read_json(f, model)
        if not got or not isinstance(got[0], dict):
            return {}
        data, index = got
        out = {}
        for key, value in data.items():
            at = index.find_key(key, 0)
            out[key] = Attribute(
                key,
                hcl.json_expr(value, _template),
                index.span(at, at + len(key) + 2),
                json.dumps(value)[:200],
            )
        return out
    parsed = _read_hcl(f, model)
    return parsed.attributes if parsed else {}


@dataclass
class Instance:
    """One module instance: a directory evaluated with one set of inputs."""

    files: DirFiles
    module: Module
    prefix: str
    depth: int


def _base_module(d: DirFiles, caller: str = "") -> Module:
    m = Module(d.directory, caller=caller)
    for _path, b in d.blocks:
        if b.type == "variable" and b.labels:
            m.variables[b.labels[0]] = b.attributes.get("default")
        elif b.type == "locals":
            for name, attr in b.attributes.items():
                m.locals[name] = attr
    for _path, attrs in d.auto_vars:
        for name, attr in attrs.items():
            m.tfvars[name] = (attr.expr, m)
    _other_tfvars(d, m)
    return m


def _other_tfvars(d: DirFiles, m: Module) -> None:
    """Other tfvars files are passed with -var-file: a value counts when they all agree."""
    seen: dict[str, list[tuple[str, Attribute]]] = {}
    for path, attrs in d.other_vars:
        for name, attr in attrs.items():
            seen.setdefault(name, []).append((path, attr))
    ev = Evaluator()
    for name, entries in seen.items():
        if name in m.tfvars:
            continue
        values = {json.dumps(ev.value(a.expr, m), default=str, sort_keys=True) for _, a in entries}
        if len(values) == 1:
            m.tfvars[name] = (entries[0][1].expr, m)
        else:
            files = ", ".join(posixpath.basename(p) for p, _ in entries)
            m.tfvars[name] = (Opaque(f"var.{name}: {files} set different values"), m)


def _load_directory(target: str, root: Path, model: Model, ctx: SourceContext) -> DirFiles | None:
    """A local module outside the scanned paths (``tlslint check main.tf``), read from disk.

    Only ``.tf`` and ``.tf.json`` files directly in the directory, inside the root, within
    the size limit, and not symbolic links leaving the root.
    """
    directory = root / target
    if not directory.is_dir():
        return None
    d = DirFiles(target)
    for entry in sorted(directory.iterdir()):
        name = entry.name.lower()
        size = _readable_size(entry, root, ctx)
        if size is None:
            continue
        f = SourceFile(f"{target}/{entry.name}", str(entry), "terraform", size)
        model.files.append(f)
        if name.endswith(".tf"):
            parsed = _read_hcl(f, model)
            if parsed:
                d.blocks.extend((f.path, b) for b in parsed.blocks)
        else:
            got = _read_json(f, model)
            if got:
                data, index = got
                d.blocks.extend((f.path, b) for b in hcl.json_blocks(data, index, _template))
    if not d.blocks:
        return None
    _merge_overrides(d)
    return d


def _readable_size(entry: Path, root: Path, ctx: SourceContext) -> int | None:
    """The size of a Terraform file to read, or None: not one, leaving the root, too large."""
    if not entry.name.lower().endswith((".tf", ".tf.json")) or not entry.is_file():
        return None
    try:
        if not entry.resolve().is_relative_to(root):
            return None
        size = entry.stat().st_size
    except OSError:
        return None
    return None if size > ctx.limits.max_file_size else size


def _merge_overrides(d: DirFiles) -> None:
    """Apply ``override.tf`` / ``*_override.tf`` files as Terraform does.

    An override block replaces the attributes it sets, and the nested blocks of the types it
    has, in the block of the same type and labels; the merged block keeps the base file's
    position (findings point at the attribute wherever it was written).
    """

    def is_override(path: str) -> bool:
        name = posixpath.basename(path)
        stem = name[: -len(".tf.json")] if name.endswith(".tf.json") else name[: -len(".tf")]
        return stem == "override" or stem.endswith("_override")

    overrides = [(p, b) for p, b in d.blocks if is_override(p)]
    if not overrides:
        return
    base = [(p, b) for p, b in d.blocks if not is_override(p)]
    index = {(b.type, b.labels): b for _, b in base}
    for path, block in overrides:
        target = index.get((block.type, block.labels))
        if target is None:
            base.append((path, block))
            continue
        for attr in block.attributes.values():
            attr.path = path
        for nested in block.blocks:
            nested.path = path
        target.attributes.update(block.attributes)
        replaced = {b.type for b in block.blocks}
        target.blocks = [b for b in target.blocks if b.type not in replaced] + block.blocks
    d.blocks = base


Calls = dict[str, list[tuple[str, Block, str]]]  # directory -> (path, module block, target)


def _modules(dirs: dict[str, DirFiles], model: Model, ctx: SourceContext) -> None:
    for d in dirs.values():
        _merge_overrides(d)
    calls, called = _resolve_calls(dirs, model, ctx)
    instances = _instances(dirs, calls, called, model)
    out = Out()
    for inst in instances:
        ev = Evaluator()
        for path, b in inst.files.blocks:
            if b.type == "resource" and len(b.labels) == 2 and b.labels[0] in registry().types:
                res = Res(b, inst.module, ev, path, b.labels[0], b.labels[1], inst.prefix)
                if not _exists(res):
                    continue
                out.index[(inst.module.directory, inst.prefix, res.type, res.name)] = res
    _build(out, model)


def _resolve_calls(
    dirs: dict[str, DirFiles], model: Model, ctx: SourceContext
) -> tuple[Calls, set[str]]:
    """Every local module call, its target directory read (from disk when not scanned)."""
    root = Path(ctx.root).resolve()
    called: set[str] = set()
    calls: Calls = {}
    pending = list(dirs.values())
    while pending:
        d = pending.pop()
        for path, b in d.blocks:
            if b.type != "module" or not b.labels:
                continue
            target = _call_target(d, path, b, root, dirs, model, ctx, pending)
            if target is not None:
                calls.setdefault(d.directory, []).append((path, b, target))
                called.add(target)
    return calls, called


def _call_target(
    d: DirFiles,
    path: str,
    b: Block,
    root: Path,
    dirs: dict[str, DirFiles],
    model: Model,
    ctx: SourceContext,
    pending: list[DirFiles],
) -> str | None:
    """The directory a module block calls, or None (with the reason as a problem)."""
    src = b.attributes.get("source")
    value = src.expr.value if src and isinstance(src.expr, Lit) else None
    if not isinstance(value, str):
        return None
    loc = b.span.location(path)

    def skipped(why: str) -> None:
        model.problems.append(
            ReadProblem("file-skipped", f"module {b.labels[0]!r}: source {value!r} {why}", loc)
        )

    if not value.startswith(("./", "../")):
        skipped("is not in this repository; not followed (its resources are not judged)")
        return None
    target = posixpath.normpath(posixpath.join(d.directory, value))
    target = "" if target == "." else target  # the root directory's key is ""
    absolute = (root / target).resolve()
    if target.startswith("..") or not absolute.is_relative_to(root):
        skipped("leaves the scanned root; not followed")
        return None
    if target not in dirs:
        loaded = _load_directory(target, root, model, ctx)
        if loaded is not None:
            dirs[target] = loaded
            pending.append(loaded)
    if target not in dirs:
        skipped("holds no Terraform files; not followed")
        return None
    return target


def _instances(
    dirs: dict[str, DirFiles], calls: Calls, called: set[str], model: Model
) -> list[Instance]:
    """Every root module, and the modules each calls, instantiated."""
    instances: list[Instance] = []
    for d in dirs.values():
        if d.directory in called:
            continue
        _instantiate(d, _base_module(d), "", 0, dirs, calls, instances, model, [d.directory])
    # Directories that only call each other (a module cycle) are reached from no root: each is
    # judged on its own rather than silently skipped.
    reached = {inst.files.directory for inst in instances}
    for d in sorted(dirs.values(), key=lambda d: d.directory):
        if d.directory not in reached:
            first = len(instances)
            _instantiate(d, _base_module(d), "", 0, dirs, calls, instances, model, [d.directory])
            reached.update(inst.files.directory for inst in instances[first:])
    return instances


def _instantiate(
    d: DirFiles,
    module: Module,
    prefix: str,
    depth: int,
    dirs: dict[str, DirFiles],
    calls: Calls,
    instances: list[Instance],
    model: Model,
    chain: list[str],
) -> None:
    instances.append(Instance(d, module, prefix, depth))
    for path, block, target in calls.get(d.directory, []):
        loc = block.span.location(path)
        name = block.labels[0]
        if target in chain:
            model.problems.append(
                ReadProblem(
                    "file-skipped",
                    f"module {name!r} calls itself through {' -> '.join(c or '.' for c in chain)}; "
                    "not followed again",
                    loc,
                )
            )
            continue
        if depth + 1 > MAX_MODULE_DEPTH:
            model.problems.append(
                ReadProblem(
                    "file-skipped",
                    f"module {name!r}: modules nested more than "
                    f"{MAX_MODULE_DEPTH} deep; not followed",
                    loc,
                )
            )
            continue
        child = _base_module(dirs[target], caller=f"module.{name} in {path}")
        for attr_name, attr in block.attributes.items():
            if attr_name not in (
                "source",
                "version",
                "count",
                "for_each",
                "providers",
                "depends_on",
            ):
                child.inputs[attr_name] = (attr, module)
        _instantiate(
            dirs[target],
            child,
            f"{prefix}module.{name}.",
            depth + 1,
            dirs,
            calls,
            instances,
            model,
            [*chain, target],
        )


def _exists(res: Res) -> bool:
    """False when count = 0 or for_each is empty (the resource is not created)."""
    attributes = res.block.attributes
    if "count" not in attributes and "for_each" not in attributes:
        return True
    count = res.get("count")
    if count.known and isinstance(count.value, (int, float)) and not isinstance(count.value, bool):
        return count.value > 0
    each = res.get("for_each")
    return not (each.known and isinstance(each.value, (list, dict)) and not each.value)


def _build(out: Out, model: Model) -> None:
    providers = registry()
    for res in out.index.values():
        providers.build(res, out)
    for res in out.index.values():
        providers.build_late(res, out)
    model.endpoints.extend(out.endpoints)
    for kind, values in out.objects.items():
        model.objects.setdefault(kind, []).extend(values)


def _plan_resources(root: Any) -> Iterator[dict[str, Any]]:
    """The managed resources of a plan's module tree (at most 100,000 looked at)."""
    stack = [root]
    seen = 0
    while stack and seen < 100_000:
        mod = stack.pop()
        if not isinstance(mod, dict):
            continue
        stack.extend(mod.get("child_modules") or [])
        for r in mod.get("resources") or []:
            seen += 1
            if isinstance(r, dict) and r.get("mode", "managed") == "managed":
                yield r


def _plan(f: SourceFile, model: Model) -> None:
    """A plan or state in JSON (``terraform show -json``): its values, all known."""
    got = _read_json(f, model)
    if not got:
        return
    data, index = got
    if not isinstance(data, dict):
        return
    # A plan has planned_values; `terraform show -json` of a state has values.
    values = data.get("planned_values") or data.get("values") or {}
    root = values.get("root_module") or {} if isinstance(values, dict) else {}
    out = Out()
    ev = Evaluator()
    module = Module(posixpath.dirname(f.path))
    positions: dict[str, int] = {}
    for match in _ADDRESS.finditer(index.text):
        try:
            positions.setdefault(json.loads(match.group(1)), match.start())
        except ValueError:
            continue
    for r in _plan_resources(root):
        type_ = str(r.get("type", ""))
        if type_ not in registry().types:
            continue
        address = str(r.get("address", ""))
        offset = positions.get(address, 0)
        raw_values = r.get("values")
        attributes: dict[str, Any] = raw_values if isinstance(raw_values, dict) else {}
        block = hcl._json_block(
            "resource", (type_, str(r.get("name", ""))), attributes, index, offset, _template, 1
        )
        name = str(r.get("name", ""))
        prefix = address[: -len(f"{type_}.{name}")] if address.endswith(f"{type_}.{name}") else ""
        if r.get("index") is not None:
            prefix = address.split(f"{type_}.{name}[", 1)[0]
            name = f"{name}[{json.dumps(r.get('index'))}]"
        res = Res(block, module, ev, f.path, type_, name, prefix)
        out.index[(module.directory, prefix, type_, res.name)] = res
    _build(out, model)
