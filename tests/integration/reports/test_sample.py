"""The example context the document's tests read (``reports/sample/``) is the one the real code
builds today: built again here and compared, in French and English, named and pseudonymised
(``python -m reports.sample`` writes it again after a change of the figures)."""

from __future__ import annotations

from reports import sample


async def test_the_samples_are_what_the_code_builds(db: None) -> None:
    built = await sample.build_samples()
    assert len(built) == 4
    for path, text in built.items():
        assert path.read_text("utf-8") == text, f"{path.name}: run python -m reports.sample"


def test_a_sample_reads_back_into_the_context() -> None:
    context = sample.example_context("fr")
    assert str(context.reciprocity.valued_total_eur) == "1078.00"
    assert [line.account for line in context.valorisation.uses] == ["862", "864"]
    hidden = sample.example_context("en", pseudonymised=True)
    assert hidden.meta.pseudonymised
    assert hidden.meta.lang == "en"
    assert all(row.member.startswith("M-") for row in hidden.workbook.members)
