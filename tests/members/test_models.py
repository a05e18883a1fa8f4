import datetime

import pytest
from django.db import IntegrityError

from members.models import ReportingCycle, User
from tests import factories


@pytest.mark.django_db
def test_email_is_the_login_and_is_stored_lower_case():
    user = User.objects.create_user(email="Someone@Example.ORG", password="x" * 12)
    assert user.email == "someone@example.org"
    assert User.USERNAME_FIELD == "email"


@pytest.mark.django_db
def test_user_cannot_be_focal_point_and_partner_member(kenya):
    organization = factories.OrganizationFactory()
    with pytest.raises(IntegrityError):
        User.objects.create_user(
            email="both@example.org",
            password="x" * 12,
            member_state=kenya,
            organization=organization,
        )


@pytest.mark.django_db
def test_roles_of_the_cast(secretariat, focal_point_kenya, partner):
    assert secretariat.is_secretariat
    assert not secretariat.is_focal_point
    assert focal_point_kenya.is_focal_point and not focal_point_kenya.is_secretariat
    assert focal_point_kenya.member_state.iso3 == "KEN"
    assert partner.is_partner_member and not partner.is_focal_point


@pytest.mark.django_db
def test_staff_outside_the_secretariat_group_is_not_secretariat():
    staff = factories.UserFactory(is_staff=True)
    assert not staff.is_secretariat


@pytest.mark.django_db
def test_secretariat_group_holds_the_portal_permissions(secretariat):
    assert secretariat.has_perm("members.change_organization")
    assert secretariat.has_perm("members.change_user")
    assert not secretariat.has_perm("members.delete_memberstate")


@pytest.mark.django_db
@pytest.mark.any_day
def test_the_current_cycle_is_the_one_open_today_else_the_latest_opened(today):
    last_year = factories.ReportingCycleFactory(year=today.year - 1)
    factories.ReportingCycleFactory(year=today.year + 1)  # opens next January: not yet
    assert ReportingCycle.objects.current() == last_year and not last_year.is_open
    this_year = factories.ReportingCycleFactory(opens_on=today, closes_on=today)
    assert this_year.year == today.year
    assert ReportingCycle.objects.current() == this_year and this_year.is_open
    tomorrow = today + datetime.timedelta(days=1)
    ReportingCycle.objects.filter(pk=this_year.pk).update(opens_on=tomorrow, closes_on=tomorrow)
    assert ReportingCycle.objects.current() == last_year
