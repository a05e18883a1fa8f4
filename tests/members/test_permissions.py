import pytest

from members import permissions


@pytest.mark.django_db
def test_role_predicates_as_a_table(
    secretariat, focal_point_kenya, focal_point_france, partner, anonymous, kenya
):
    table = [
        # user, is_secretariat, is focal point of Kenya, is member of partner's organization
        (anonymous, False, False, False),
        (partner, False, False, True),
        (focal_point_france, False, False, False),
        (focal_point_kenya, False, True, False),
        (secretariat, True, False, False),
    ]
    for user, secretariat_expected, focal_expected, partner_expected in table:
        assert permissions.is_secretariat(user) is secretariat_expected, user
        assert permissions.is_focal_point_of(user, kenya) is focal_expected, user
        assert permissions.is_partner_member_of(user, partner.organization) is partner_expected, (
            user
        )


@pytest.mark.django_db
def test_deactivated_focal_point_loses_the_role(focal_point_kenya, kenya):
    focal_point_kenya.is_active = False
    assert not permissions.is_focal_point_of(focal_point_kenya, kenya)
