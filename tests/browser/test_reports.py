"""A transparency report prints cleanly: navigation and links hidden, charts and tables kept,
and Chromium's "Save as PDF" produces a document."""

from investments.models import ReportRun, TransparencyReport
from investments.reports import services as report_services
from investments.reports.periods import Period


def test_report_prints_to_pdf_without_the_site_chrome(open_as):
    run = ReportRun.objects.create(
        period=str(Period.last_complete()), publish=True, trigger=ReportRun.Trigger.COMMAND
    )
    report_services.generate_period(run=run)
    report = TransparencyReport.objects.get(scope="AFR", period=run.period)

    page = open_as(report.get_absolute_url())
    assert page.locator(".site-header nav").first.is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".site-header nav").first.is_visible()
    assert not page.locator("p.no-print").first.is_visible()
    assert page.locator("svg.report-svg").first.is_visible()
    assert page.get_by_role("table").first.is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 10_000
