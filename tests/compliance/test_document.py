"""One document model, two faces: every section reaches both the HTML page and the Markdown job
summary, and every element type has a renderer in each."""

from __future__ import annotations

import dataclasses

import pytest

from tests.helpers import REPO, lint
from tlslint.compliance import document as model
from tlslint.compliance import html, markdown
from tlslint.compliance.report import build


@pytest.fixture(scope="module")
def examples():  # type: ignore[no-untyped-def]
    return build(lint(REPO / "examples"), git=False)


def element_types(alias: str) -> list[type]:
    """The dataclasses named in a ``X | Y | …`` alias of the document module."""
    names = str(getattr(model, alias)).replace("tuple[Inline, ...]", "").split("|")
    found = [getattr(model, n.strip(" '\"")) for n in names if n.strip(" '\"") not in ("str", "")]
    assert found and all(dataclasses.is_dataclass(t) for t in found)
    return found


def test_every_element_type_has_a_renderer_in_each_face(examples) -> None:  # type: ignore[no-untyped-def]
    samples = {
        model.Code: model.Code("a|b"),
        model.Pre: model.Pre("line"),
        model.Strong: model.Strong("x"),
        model.Em: model.Em("x"),
        model.Note: model.Note("x"),
        model.Badge: model.Badge("status", "pass"),
        model.Link: model.Link("TLS101", "TLS101"),
        model.Break: model.Break(),
        model.Missing: model.Missing(),
    }
    assert set(element_types("Inline")) == set(samples)
    for item in samples.values():
        assert html.inline(item) and markdown.inline(item), item
    blocks: dict[type, model.Block] = {
        model.Heading: model.Heading(2, "Title", "title"),
        model.Para: model.Para("text"),
        model.Table: model.Table(("a",), [("1",)]),
        model.Bullets: model.Bullets(["x"]),
        model.Warning: model.Warning("careful", ["x"]),
        model.Details: model.Details("TLS101", "high", "TLS101 x", 1, True, [model.Para("y")]),
        model.Cards: model.Cards([("Findings", "3")]),
        model.Timeline: model.Timeline(examples),
        model.Faces: model.Faces([model.Para("page")], [model.Para("summary")]),
    }
    assert set(element_types("Block")) == set(blocks)
    for item in blocks.values():
        assert html.block(item)
        doc = markdown._Doc(markdown.BUDGET, {})
        markdown._block(item, doc)
        assert "".join(doc.lines), item


def test_every_section_heading_is_in_both_faces(examples) -> None:  # type: ignore[no-untyped-def]
    doc = model.document(examples)
    page, summary = html.render(examples), markdown.render(examples)
    headings = [b for s in doc.sections for b in s if isinstance(b, model.Heading)]
    assert [h.text for h in doc.headings()] == [
        "Summary",
        "Controls",
        "Evidence gaps",
        "Accepted risk",
        "Findings",
        "Certificates",
        "Endpoints",
        "Reproducibility",
    ]
    for h in headings:
        assert f"{'#' * h.level} {h.text}" in summary, h
        assert f">{h.text}</h{h.level}>" in page, h
    nav = page[page.index("<nav") : page.index("</nav>")]
    assert all(f'href="#{h.anchor}"' in nav for h in doc.headings())


def test_both_faces_list_the_same_findings_and_endpoints(examples) -> None:  # type: ignore[no-untyped-def]
    page, summary = html.render(examples), markdown.render(examples)
    for group in examples.groups:
        assert f'id="{group.rule_id}"' in page and f"<b>{group.rule_id} " in summary
        for row in group.rows:
            assert f"<code>{row.where}</code>" in page and f"`{row.where}`" in summary
    for endpoint in examples.endpoints:
        name = endpoint.name.replace("_", "\\_").replace("*", "\\*")
        assert html.e(endpoint.name) in page and name in summary


def test_a_new_section_is_one_function_in_the_list(
    examples,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def extra(report):  # type: ignore[no-untyped-def]
        return [
            model.Heading(2, "Extra", "extra"),
            model.Para(("Files: ", model.Code(str(report.files)))),
        ]

    monkeypatch.setattr(model, "SECTIONS", [*model.SECTIONS, extra])
    page, summary = html.render(examples), markdown.render(examples)
    assert '<h2 id="extra">Extra</h2>' in page and '<a href="#extra">Extra</a>' in page
    assert f"<p>Files: <code>{examples.files}</code></p>" in page
    assert f"## Extra\n\nFiles: `{examples.files}`" in summary
