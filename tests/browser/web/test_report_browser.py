"""The DLA report in a real browser: Camille asks for it on the reports page, htmx follows its
progress until the files are ready, and the PDF she downloads is a PDF; Sophie, the consultant,
finds it in the list and has no form to ask for one. Axe-core and screenshots on each page
(``80-reports-…``, ``81-report-job-…``, ``82-reports-consultant-…``).
"""

from __future__ import annotations

import re

from playwright.sync_api import Browser, expect

from tests.browser.web.conftest import Demo, look, new_page, sign_in

REPORTS = "/reseaux/demo/rapports"


def test_camille_asks_for_the_report_watches_it_and_downloads_the_pdf(
    browser: Browser, demo: Demo
) -> None:
    camille = new_page(browser, demo, phone=False)
    sign_in(camille, demo, "camille")
    camille.goto(REPORTS)
    expect(camille.get_by_role("heading", level=1)).to_be_visible()
    look(camille, "80-reports")

    camille.get_by_role("button", name="Préparer le rapport").click()
    expect(camille).to_have_url(re.compile(r"/reseaux/demo/rapports/\d+$"))
    # htmx asks every two seconds; the demo's 40 members make a report in seconds, not minutes.
    pdf = camille.get_by_role("link", name=re.compile(r"Télécharger .*PDF", re.I))
    expect(pdf).to_be_visible(timeout=120_000)
    expect(camille.get_by_text("Le rapport est prêt.")).to_be_visible()
    look(camille, "81-report-job")
    with camille.expect_download() as downloading:
        pdf.click()
    path = downloading.value.path()
    assert path.read_bytes()[:5] == b"%PDF-"
    job_url = camille.url
    camille.context.close()

    sophie = new_page(browser, demo)
    sign_in(sophie, demo, "sophie")
    sophie.goto(REPORTS)
    expect(sophie.get_by_role("button", name="Préparer le rapport")).to_have_count(0)
    expect(sophie.locator(f'a[href="{job_url.removeprefix(demo.url)}"]')).to_have_count(1)
    look(sophie, "82-reports-consultant")
    sophie.context.close()
