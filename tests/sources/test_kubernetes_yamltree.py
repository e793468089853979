"""The YAML reader of the Kubernetes source: lines kept, values resolved, limits enforced."""

from __future__ import annotations

from tlslint.sources.kubernetes.yamltree import Map, Scalar, Seq, read_documents, resolve


def docs(text: str, aliases: int = 1000, depth: int = 100) -> list:  # type: ignore[type-arg]
    return list(read_documents(text, aliases, depth))


def test_plain_scalars_resolve_like_pyyaml_and_quoted_ones_stay_strings() -> None:
    assert resolve("true", plain=True) is True and resolve("off", plain=True) is False
    assert resolve("8443", plain=True) == 8443 and resolve("1.5", plain=True) == 1.5
    assert resolve("~", plain=True) is None and resolve("", plain=True) is None
    assert resolve("TLSv1.2", plain=True) == "TLSv1.2"
    assert resolve("true", plain=False) == "true"
    (doc,) = docs('a: true\nb: "true"\nc: 0443x\n')
    root = doc.root
    assert isinstance(root, Map)
    values = {k: v.value for k, (_, v) in root.entries.items() if isinstance(v, Scalar)}
    assert values == {"a": True, "b": "true", "c": "0443x"}


def test_every_node_keeps_its_line_and_column() -> None:
    (doc,) = docs("spec:\n  tls:\n    - hosts: [a.example.com]\n      secretName: a\n")
    spec = doc.root.get("spec")
    tls = spec.get("tls")
    assert isinstance(tls, Seq) and (tls.line, tls.column) == (3, 5)
    entry = tls.items[0]
    assert isinstance(entry, Map)
    key, value = entry.entries["secretName"]
    assert (key.line, key.column, value.line, value.column) == (4, 7, 4, 19)


def test_merge_keys_copy_entries_not_already_set() -> None:
    (doc,) = docs("base: &b {x: 1, y: 2}\nitem:\n  <<: *b\n  y: 3\n")
    item = doc.root.get("item")
    assert {k: v.value for k, (_, v) in item.entries.items()} == {"x": 1, "y": 3}


def test_multi_documents_keep_absolute_lines_after_a_syntax_error() -> None:
    text = "a: 1\n---\nb: [\n---\nc: 3\n"
    found = docs(text)
    assert [d.problems[0][2] for d in found if d.problems] == [4]
    last = found[-1].root
    assert isinstance(last, Map) and last.get("c").line == 5


def test_unknown_alias_is_a_problem_not_a_crash() -> None:
    (doc,) = docs("a: *nowhere\n")
    assert doc.root is None and doc.problems[0][0] == "parse-error"


def test_alias_expansion_is_bounded_before_anything_walks_it() -> None:
    lines = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 6):
        lines.append(
            f"l{i}: &l{i} [" + ", ".join([f"*{'a' if i == 1 else f'l{i - 1}'}"] * 10) + "]"
        )
    (doc,) = docs("\n".join(lines) + "\n", aliases=50)
    assert doc.root is None
    assert "expand to more than 5,000 nodes" in doc.problems[0][1]


def test_deep_flow_nesting_is_refused_before_parsing_and_the_next_document_is_read() -> None:
    text = "a: 1\n---\nb: " + "{x: " * 150 + "1" + "}" * 150 + "\n---\nc: 3\n"
    found = docs(text)
    assert [d.root.get("a").value for d in found[:1]] == [1]
    assert found[1].root is None and found[1].problems[0][2] == 3
    assert "deeper than 100 levels" in found[1].problems[0][1]
    assert found[2].root.get("c").line == 5


def test_brackets_inside_quoted_strings_and_comments_do_not_count() -> None:
    text = 'a: "' + "[" * 300 + '"\n# ' + "{" * 300 + "\nb: [1, [2]]\n"
    (doc,) = docs(text)
    assert doc.root is not None and not doc.problems
