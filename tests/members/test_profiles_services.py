import functools
import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from members import services
from members.models import (
    IndicatorAnswer,
    ProfileSubmission,
    ProfileVersion,
    score_as_phase,
)
from members.workflow import ConflictError, IllegalTransition, ReviewStatus, StaleVersion
from tests import factories

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def pdf(name="strategy.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def draft(kenya):
    return factories.ProfileSubmissionFactory(member_state=kenya)


@pytest.mark.django_db
def test_saving_a_draft_never_requires_the_whole_form(draft, focal_point_kenya):
    saved = services.update_profile(
        submission=draft,
        by=focal_point_kenya,
        version=1,
        fields={"strategy_title": "Work in progress"},
        answers={"1": {"phase": 2, "evidence_note": "Minutes of the committee"}},
    )
    assert saved.version == 2 and saved.status == ReviewStatus.DRAFT
    assert saved.strategy_title == "Work in progress"
    answer = IndicatorAnswer.objects.get(submission=draft, indicator_id="1")
    assert answer.phase == 2 and answer.evidence_note == "Minutes of the committee"


@pytest.mark.django_db
def test_submit_lists_every_missing_answer(draft, focal_point_kenya):
    with pytest.raises(ValidationError) as refused:
        services.submit_profile(submission=draft, by=focal_point_kenya)
    message = " ".join(refused.value.messages)
    assert "national strategy" in message
    assert "a digital health unit exists in the ministry of health" in message
    assert "1. Digital health prioritized" in message
    assert "2a." not in message  # sub-indicators are optional
    missing = refused.value.error_list[0].params["missing"]
    assert len(missing) == 1 + 4 + 23
    draft.refresh_from_db()
    assert draft.status == ReviewStatus.DRAFT


@pytest.mark.django_db
def test_submit_an_adopted_strategy_needs_its_details(kenya, focal_point_kenya):
    submission = factories.ProfileSubmissionFactory(member_state=kenya, complete=True, phase=2)
    submission.strategy_url = ""
    submission.strategy_adopted_on = None
    submission.save()
    with pytest.raises(ValidationError) as refused:
        services.submit_profile(submission=submission, by=focal_point_kenya)
    message = " ".join(refused.value.messages)
    assert "adoption date" in message and "a link to the strategy or its PDF" in message


def enqueued_tasks(callbacks):
    """The names of the Celery tasks among on-commit callbacks (`partial(task.delay, ...)`)."""
    return [c.func.__self__.name for c in callbacks if isinstance(c, functools.partial)]


@pytest.mark.django_db
def test_submit_keeps_a_frozen_version_and_enqueues_the_notification(
    kenya, focal_point_kenya, django_capture_on_commit_callbacks
):
    submission = factories.ProfileSubmissionFactory(member_state=kenya, complete=True, phase=3)
    with django_capture_on_commit_callbacks() as callbacks:
        submitted = services.submit_profile(submission=submission, by=focal_point_kenya)
    assert submitted.status == ReviewStatus.SUBMITTED
    assert enqueued_tasks(callbacks) == ["members.notify_profile_submitted"]
    snapshot = ProfileVersion.objects.get(submission=submission)
    assert snapshot.version == submitted.version and snapshot.created_by == focal_point_kenya
    assert snapshot.data["strategy_title"] == submission.strategy_title
    assert snapshot.data["answers"]["1"]["phase"] == 3


@pytest.mark.django_db
def test_approve_and_return_enqueue_the_focal_point_notification(
    kenya, focal_point_kenya, secretariat, django_capture_on_commit_callbacks
):
    submission = factories.ProfileSubmissionFactory(
        member_state=kenya, complete=True, phase=3, status=ReviewStatus.SUBMITTED
    )
    with django_capture_on_commit_callbacks() as callbacks:
        services.return_profile(submission=submission, by=secretariat, comment="Add evidence.")
    assert enqueued_tasks(callbacks) == ["members.notify_profile_reviewed"]
    with pytest.raises(IllegalTransition):
        services.approve_profile(submission=submission, by=secretariat)


@pytest.mark.django_db
def test_start_profile_copies_the_published_profile(kenya, focal_point_kenya):
    published = factories.approved_profile(member_state=kenya, phase=4)  # last year's
    cycle = factories.ReportingCycleFactory()
    draft = services.start_profile(member_state=kenya, cycle=cycle, by=focal_point_kenya)
    assert draft.status == ReviewStatus.DRAFT and draft.created_by == focal_point_kenya
    assert draft.strategy_title == published.strategy_title
    assert draft.answers.count() == published.answers.count()
    assert set(draft.answers.values_list("phase", flat=True)) == {4}
    assert set(draft.answers.values_list("verification_status", flat=True)) == {"self_reported"}
    with pytest.raises(ConflictError, match="already has a profile"):
        services.start_profile(member_state=kenya, cycle=cycle, by=focal_point_kenya)


@pytest.mark.django_db
def test_a_stale_edit_is_refused_and_the_first_is_kept(draft, focal_point_kenya):
    services.update_profile(
        submission=draft, by=focal_point_kenya, version=1, fields={"strategy_title": "First"}
    )
    with pytest.raises(StaleVersion) as refused:
        services.update_profile(
            submission=draft, by=focal_point_kenya, version=1, fields={"strategy_title": "Second"}
        )
    assert refused.value.extra["current_version"] == 2
    draft.refresh_from_db()
    assert draft.strategy_title == "First" and draft.version == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_rows")
def test_two_truly_concurrent_edits_one_wins_one_is_refused(kenya, focal_point_kenya):
    draft = factories.ProfileSubmissionFactory(member_state=kenya)
    barrier = threading.Barrier(2)
    outcomes = {}

    def edit(title):
        try:
            barrier.wait(timeout=5)
            services.update_profile(
                submission=draft, by=focal_point_kenya, version=1, fields={"strategy_title": title}
            )
            outcomes[title] = "saved"
        except StaleVersion:
            outcomes[title] = "refused"
        finally:
            connection.close()

    threads = [threading.Thread(target=edit, args=(title,)) for title in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert sorted(outcomes.values()) == ["refused", "saved"]
    winner = next(title for title, outcome in outcomes.items() if outcome == "saved")
    draft.refresh_from_db()
    assert draft.strategy_title == winner and draft.version == 2


@pytest.mark.django_db
def test_pdf_uploads_are_checked_by_content_and_size(draft, focal_point_kenya):
    with pytest.raises(ValidationError, match="is not a PDF document"):
        services.update_profile(
            submission=draft,
            by=focal_point_kenya,
            version=1,
            strategy_document=pdf("renamed.pdf", b"PK\x03\x04 a zip file renamed"),
        )
    big = pdf("big.pdf", PDF + b"0" * (11 * 1024 * 1024))
    with pytest.raises(ValidationError, match=r"is 11\.0 MB; the limit is 10 MB"):
        services.update_profile(
            submission=draft, by=focal_point_kenya, version=1, strategy_document=big
        )
    saved = services.update_profile(
        submission=draft, by=focal_point_kenya, version=1, strategy_document=pdf()
    )
    name = saved.strategy_document.name
    assert name.startswith("profiles/") and name.endswith(".pdf") and "strategy" not in name
    assert len(name) > 40


@pytest.mark.django_db
def test_an_evidence_pdf_is_refused_without_losing_the_rest(draft, focal_point_kenya):
    with pytest.raises(ValidationError) as refused:
        services.update_profile(
            submission=draft,
            by=focal_point_kenya,
            version=1,
            answers={"1": {"phase": 3, "evidence_document": pdf("x.pdf", b"<html>")}},
        )
    assert "1-evidence_document" in refused.value.message_dict
    draft.refresh_from_db()
    assert draft.version == 1 and not draft.answers.exists()


@pytest.mark.django_db
def test_only_listed_ministries_and_standards(draft, focal_point_kenya):
    with pytest.raises(ValidationError):
        services.update_profile(
            submission=draft,
            by=focal_point_kenya,
            version=1,
            fields={"standards_adopted": ["hl7_fhir", "made_up"]},
        )


def test_score_as_phase_rounds_to_one_decimal_then_takes_the_ceiling():
    assert score_as_phase(None) is None
    assert score_as_phase(2.0) == 2
    assert score_as_phase(2.04) == 2
    assert score_as_phase(2.05) == 3
    assert score_as_phase(2.1) == 3
    assert score_as_phase(4.96) == 5


@pytest.mark.django_db
def test_component_scores_leave_out_sub_indicators_and_not_available(kenya):
    submission = factories.ProfileSubmissionFactory(member_state=kenya)
    IndicatorAnswer.objects.bulk_create(
        [
            IndicatorAnswer(submission=submission, indicator_id="1", phase=2),
            IndicatorAnswer(submission=submission, indicator_id="2", phase=4),
            IndicatorAnswer(submission=submission, indicator_id="2a", phase=1),
            IndicatorAnswer(submission=submission, indicator_id="3", phase=0),
            IndicatorAnswer(submission=submission, indicator_id="4", phase=5),
        ]
    )
    submission = ProfileSubmission.objects.with_answers().get(pk=submission.pk)
    scores = submission.component_scores()
    component_of_4 = submission.answers_by_code()["4"].indicator.component_id
    if component_of_4 == 1:
        assert scores == {1: pytest.approx(11 / 3)}
    else:
        assert scores == {1: 3.0, component_of_4: 5.0}
        assert submission.overall_score() == 4.0


@pytest.mark.django_db
def test_published_is_the_latest_approved_submission(kenya, france):
    old = factories.approved_profile(member_state=kenya, year=factories.this_year() - 2)
    new = factories.approved_profile(member_state=kenya)
    factories.ProfileSubmissionFactory(member_state=kenya, cycle=factories.ReportingCycleFactory())
    factories.ProfileSubmissionFactory(member_state=france, status=ReviewStatus.SUBMITTED)
    published = list(ProfileSubmission.objects.published())
    assert published == [new]
    assert old not in published
    assert ProfileSubmission.objects.strategy_status_by_member_state() == {"KEN": "adopted"}


@pytest.mark.django_db
def test_visible_to_each_role(
    kenya, france, secretariat, focal_point_kenya, focal_point_france, partner, anonymous
):
    published = factories.approved_profile(member_state=kenya)
    kenya_draft = factories.ProfileSubmissionFactory(
        member_state=kenya, cycle=factories.ReportingCycleFactory()
    )
    france_draft = factories.ProfileSubmissionFactory(member_state=france)
    visible = ProfileSubmission.objects.visible_to
    assert set(visible(secretariat)) == {published, kenya_draft, france_draft}
    assert set(visible(focal_point_kenya)) == {published, kenya_draft}
    assert set(visible(focal_point_france)) == {published, france_draft}
    assert set(visible(partner)) == {published}
    assert set(visible(anonymous)) == {published}
