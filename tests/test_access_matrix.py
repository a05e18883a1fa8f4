"""The access control matrix: every route of the portal × the five roles, read and write.

Routes are discovered from the URL resolver (pages, API, authentication, i18n, schema and docs,
admin), so a route without a row below fails `test_every_route_has_a_row`. Each row names the
route, the object its URL points at (the target, built by the `world` fixture: Kenya's drafts, a
partner's proposal, a published profile…), the expected status of a read (GET) for each role
and the method and expected statuses of a write.

Roles, in column order: anonymous, partner member, focal point of another country (France),
focal point of the country (Kenya), secretariat.

Notation: a status code (`200`, `400`, `404`…), or `login` for a redirect to a login page
(Django's or the admin's). Writes send no real data (a form with one unknown field, or `{}` as
JSON for the API): an allowed caller gets as far as validation (`400`, or the form again with
its errors) or does what needs no data (a submit, a verification), a refused one gets
`401`/`403`/`404`, whatever it sent. Each request runs in a savepoint that
is rolled back, so the rows don't depend on each other.

The policy the table spells out: an object a role may not see (another country's draft,
another organization's commitment, someone else's proposal or token, a draft report) is `404`,
exactly as if it did not exist; an action a role may never take on something it may see is
`403` (or `404` where a view hides even that); read-only routes refuse writes with `405`.
"""

# ruff: noqa: E501  (the matrix is a table: one row per line, wider than 100 columns)

import fnmatch
import io
import re
from collections import namedtuple
from urllib.parse import urlparse

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_celery_beat.models import ClockedSchedule, IntervalSchedule, SolarSchedule
from django_otp.plugins.otp_totp.models import TOTPDevice
from openpyxl import load_workbook

from investments.follows.tokens import unsubscribe_token
from investments.global_dataset import services as dataset_services
from investments.models import Invitation, ReportRun, TransparencyReport
from investments.reports import services as report_services
from investments.reports.periods import Period
from members import services as member_services
from members.models import (
    CycleReminder,
    GdhmIndicator,
    IndicatorAnswer,
    PeerExchangeRequest,
    ProfileSubmission,
    SecretariatSummary,
    User,
)
from members.workflow import ReviewEvent

from . import factories

ROLES = ("anonymous", "partner", "focal_point_france", "focal_point_kenya", "secretariat")
PDF = b"%PDF-1.4\n% access matrix\n"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Row = namedtuple("Row", "route target read write")

# fmt: off
MATRIX = [Row(*row) for row in (
    # route                               target                        read: anon partner FRA KEN sec  write: method, then the same
    # Pages: member states, accounts, profiles
    ("home",                                None,                         "200 200 200 200 200",   "POST 405 405 405 405 405"),
    ("members:country-list",                None,                         "200 200 200 200 200",   "POST 405 405 405 405 405"),
    ("country-detail",                      "kenya",                      "200 200 200 200 200",   "POST 405 405 405 405 405"),
    ("country-peers",                       "kenya",                      "200 200 200 200 200",   "POST 405 405 405 405 405"),
    # Peer exchanges: Kenya's focal point asks France (its peer); France's focal points answer.
    ("members:peer-exchange-create",        "peer_of_kenya",              "login 403 404 200 403", "POST login 403 404 400 403"),
    ("members:peer-exchange-detail",        "pending_exchange",           "404 404 200 200 200",   "POST 405 405 405 405 405"),
    ("members:peer-exchange-detail",        "accepted_exchange",          "200 200 200 200 200",   "POST 405 405 405 405 405"),
    ("members:peer-exchange-accept",        "pending_exchange",           "login 405 405 405 405", "POST login 404 302 403 403"),
    ("members:peer-exchange-decline",       "pending_exchange",           "login 405 405 405 405", "POST login 404 400 403 403"),
    ("country-scorecard",                   "kenya",                      "200 200 200 200 200",   "POST 405 405 405 405 405"),
    # France has no published profile: no scorecard, for anyone.
    ("country-scorecard",                   "japan",                      "404 404 404 404 404",   "POST 405 405 405 405 405"),
    ("members:account",                     None,                         "login 200 200 200 200", "POST login 405 405 405 405"),
    ("members:account-language",            None,                         "login 405 405 405 405", "POST login 302 302 302 302"),
    ("members:api-token-create",            None,                         "login 405 405 405 405", "POST login 400 400 400 400"),
    ("members:api-token-revoke",            "token",                      "login 405 405 405 405", "POST login 404 404 302 404"),
    ("members:my-country",                  None,                         "login 403 200 200 403", "POST login 405 405 405 405"),
    ("members:profile-start",               None,                         "login 405 405 405 405", "POST login 403 302 302 403"),
    ("members:review-queue",                None,                         "login 403 403 403 200", "POST login 405 405 405 405"),
    ("members:profile-detail",              "draft_profile",              "404 404 404 200 200",   "POST 405 405 405 405 405"),
    ("members:profile-detail",              "published_profile",          "200 200 200 200 200",   "POST 405 405 405 405 405"),
    ("members:profile-edit",                "draft_profile_section",      "login 404 404 200 403", "POST login 404 404 400 403"),
    # 400: the draft has missing answers; Kenya's focal point gets the page with their summary.
    ("members:profile-submit",              "draft_profile",              "login 405 405 405 405", "POST login 404 404 400 403"),
    ("members:profile-review",              "draft_profile",              "login 405 405 405 405", "POST login 404 404 403 302"),
    ("members:profile-versions",            "draft_profile",              "login 404 404 200 200", "POST login 405 405 405 405"),
    ("members:profile-strategy-document",   "draft_profile",              "404 404 404 200 200",   "POST 405 405 405 405 405"),
    ("members:profile-strategy-document",   "published_profile",          "200 200 200 200 200",   "POST 405 405 405 405 405"),
    ("members:profile-evidence-document",   "draft_profile_evidence",     "404 404 404 200 200",   "POST 405 405 405 405 405"),
    ("members:profile-evidence-document",   "published_profile_evidence", "200 200 200 200 200",   "POST 405 405 405 405 405"),
    ("members:profile-evidence-verify",     "draft_profile_evidence",     "login 405 405 405 405", "POST login 404 404 403 302"),
    # Pages: the resource catalogue
    ("resources:resource-list",             None,                         "200 200 200 200 200",   "POST 405 405 405 405 405"),
    ("resources:resource-propose",          None,                         "login 200 200 200 200", "POST login 400 400 400 400"),
    ("resources:curation-queue",            None,                         "login 403 403 403 200", "POST login 405 405 405 405"),
    ("resources:resource-detail",           "proposal",                   "404 200 404 404 200",   "POST 405 405 405 405 405"),
    ("resources:resource-detail",           "published_resource",         "200 200 200 200 200",   "POST 405 405 405 405 405"),
    ("resources:resource-detail",           "returned_proposal",          "404 200 404 404 200",   "POST 405 405 405 405 405"),
    ("resources:resource-download",         "proposal",                   "404 200 404 404 200",   "POST 405 405 405 405 405"),
    ("resources:resource-download",         "published_resource",         "200 200 200 200 200",   "POST 405 405 405 405 405"),
    ("resources:resource-revise",           "returned_proposal",          "login 200 404 404 403", "POST login 400 404 404 403"),
    ("resources:resource-review",           "proposal",                   "login 405 405 405 405", "POST login 403 404 404 302"),
    # Pages: investment plans and commitments
    ("investments:overview",                None,                         "200 200 200 200 200",   "POST 405 405 405 405 405"),
    ("investments:plan-list",               None,                         "200 200 200 200 200",   "POST 405 405 405 405 405"),
    ("investments:needs",                   None,                         "200 200 200 200 200",   "POST 405 405 405 405 405"),
    ("investments:partner-list",            None,                         "200 200 200 200 200",   "POST 405 405 405 405 405"),
    ("investments:verification",            None,                         "login 404 404 404 200", "POST login 405 405 405 405"),
    ("investments:plan-create",             None,                         "login 404 200 200 404", "POST login 404 200 200 404"),
    ("investments:plan-detail",             "draft_plan",                 "404 404 404 200 200",   "POST 405 405 405 405 405"),
    ("investments:plan-detail",             "approved_plan",              "200 200 200 200 200",   "POST 405 405 405 405 405"),
    ("investments:plan-commitments",        "draft_plan",                 "404 404 404 200 200",   "POST 405 405 405 405 405"),
    ("investments:plan-commitments",        "approved_plan",              "200 200 200 200 200",   "POST 405 405 405 405 405"),
    ("investments:plan-edit",               "draft_plan",                 "login 404 404 200 404", "POST login 404 404 200 404"),
    ("investments:plan-submit",             "draft_plan",                 "login 405 405 405 405", "POST login 404 404 302 404"),
    ("investments:plan-approve",            "submitted_plan",             "login 405 405 405 405", "POST login 404 404 404 302"),
    ("investments:plan-return",             "submitted_plan",             "login 405 405 405 405", "POST login 404 404 404 302"),
    ("investments:priority-create",         "draft_plan",                 "login 404 404 200 404", "POST login 404 404 200 404"),
    ("investments:priority-edit",           "draft_plan_priority",        "login 404 404 200 404", "POST login 404 404 200 404"),
    ("investments:commitment-create",       "approved_plan",              "login 200 404 200 404", "POST login 200 404 200 404"),
    ("investments:priority-matches",        "approved_priority",          "200 200 200 200 200",   "POST 405 405 405 405 405"),
    ("investments:priority-matches",        "draft_priority",             "404 404 404 404 404",   "POST 405 405 405 405 405"),
    # 302: Kenya's focal point named no offer (back to the matches, with an error message).
    ("investments:priority-invite",         "approved_priority",          "login 405 405 405 405", "POST login 403 403 302 403"),
    ("investments:priority-invite",         "draft_priority",             "login 405 405 405 405", "POST login 404 404 404 404"),
    ("investments:invitation-list",         None,                         "login 200 200 200 200", "POST login 405 405 405 405"),
    # 400: the offer states no capacity, so the partner's acceptance needs an amount.
    ("investments:invitation-accept",       "invitation",                 "login 405 405 405 405", "POST login 400 404 403 403"),
    ("investments:invitation-decline",      "invitation",                 "login 405 405 405 405", "POST login 400 404 403 403"),
    ("investments:commitment-detail",       "commitment",                 "404 200 404 200 200",   "POST 405 405 405 405 405"),
    ("investments:commitment-detail",       "verified_commitment",        "200 200 200 200 200",   "POST 405 405 405 405 405"),
    ("investments:commitment-advance",      "commitment",                 "login 200 404 404 404", "POST login 200 404 404 404"),
    ("investments:commitment-verify",       "commitment",                 "login 405 405 405 405", "POST login 404 404 404 302"),
    # Pages: offers (an organization's drafts and closed offers: its members and the secretariat)
    ("investments:offer-list",              None,                         "200 200 200 200 200",   "POST 405 405 405 405 405"),
    ("investments:offer-create",            None,                         "login 200 404 404 404", "POST login 200 404 404 404"),
    ("investments:offer-mine",              None,                         "login 200 403 403 403", "POST login 405 405 405 405"),
    ("investments:offer-detail",            "offer",                      "200 200 200 200 200",   "POST 405 405 405 405 405"),
    ("investments:offer-detail",            "draft_offer",                "404 200 404 404 200",   "POST 405 405 405 405 405"),
    ("investments:offer-detail",            "closed_offer",               "404 200 404 404 200",   "POST 405 405 405 405 405"),
    ("investments:offer-edit",              "offer",                      "login 200 404 404 200", "POST login 200 404 404 200"),
    ("investments:offer-edit",              "draft_offer",                "login 200 404 404 200", "POST login 200 404 404 200"),
    ("investments:offer-open",              "draft_offer",                "login 405 405 405 405", "POST login 302 404 404 302"),
    ("investments:offer-close",             "offer",                      "login 405 405 405 405", "POST login 302 404 404 302"),
    # Pages: transparency reports
    ("reports:report-list",                 None,                         "200 200 200 200 200",   "POST 405 405 405 405 405"),
    ("reports:report-latest",               "draft_report_latest",        "404 404 404 404 200",   "POST 405 405 405 405 405"),
    ("reports:report-latest",               "published_report_latest",    "200 200 200 200 200",   "POST 405 405 405 405 405"),
    ("reports:report-detail",               "draft_report",               "404 404 404 404 200",   "POST 405 405 405 405 405"),
    ("reports:report-detail",               "published_report",           "200 200 200 200 200",   "POST 405 405 405 405 405"),
    ("reports:report-csv",                  "draft_report",               "404 404 404 404 200",   "POST 405 405 405 405 405"),
    ("reports:report-csv",                  "published_report",           "200 200 200 200 200",   "POST 405 405 405 405 405"),
    ("reports:report-json",                 "draft_report",               "404 404 404 404 200",   "POST 405 405 405 405 405"),
    ("reports:report-json",                 "published_report",           "200 200 200 200 200",   "POST 405 405 405 405 405"),
    # Pages: follows and digests (only what the caller may see is followed; unfollowing
    # what one does not follow changes nothing); the unsubscribe link's token is the key
    ("follows:following",                   None,                         "login 200 200 200 200", "POST login 405 405 405 405"),
    ("follows:digest-preference",           None,                         "login 405 405 405 405", "POST login 400 400 400 400"),
    ("follows:follow-create",               "follow_kenya",               "login 405 405 405 405", "POST login 302 302 302 302"),
    ("follows:follow-create",               "follow_draft_plan",          "login 405 405 405 405", "POST login 404 404 302 302"),
    ("follows:follow-create",               "follow_proposal",            "login 405 405 405 405", "POST login 302 404 404 302"),
    ("follows:follow-delete",               "follow_draft_plan",          "login 405 405 405 405", "POST login 302 302 302 302"),
    ("follows:digest-unsubscribe",          "unsubscribe",                "200 200 200 200 200",   "POST 200 200 200 200 200"),
    ("follows:digest-unsubscribe",          "unsubscribe_tampered",       "400 400 400 400 400",   "POST 400 400 400 400 400"),
    # Atom feeds of the public lists
    ("feeds:resources",                     None,                         "200 200 200 200 200",   "POST 405 405 405 405 405"),
    ("feeds:plans",                         None,                         "200 200 200 200 200",   "POST 405 405 405 405 405"),
    ("feeds:offers",                        None,                         "200 200 200 200 200",   "POST 405 405 405 405 405"),
    ("feeds:reports",                       None,                         "200 200 200 200 200",   "POST 405 405 405 405 405"),
    # Pages: the global dataset (published data only, the same for everyone)
    ("dataset:dataset-page",                None,                         "200 200 200 200 200",   "POST 405 405 405 405 405"),
    ("dataset:dataset-file",                "dataset_latest_csv",         "200 200 200 200 200",   "POST 405 405 405 405 405"),
    ("dataset:dataset-file",                "dataset_frozen_xlsx",        "200 200 200 200 200",   "POST 405 405 405 405 405"),
    ("dataset:dataset-file",                "dataset_missing",            "404 404 404 404 404",   "POST 405 405 405 405 405"),
    # Accounts (django.contrib.auth), language switch, health check
    ("login",                               None,                         "200 200 200 200 200",   "POST 200 200 200 200 200"),
    ("logout",                              None,                         "405 405 405 405 405",   "POST 302 302 302 302 302"),
    ("password_change",                     None,                         "login 200 200 200 200", "POST login 200 200 200 200"),
    ("password_change_done",                None,                         "login 200 200 200 200", "POST login 405 405 405 405"),
    ("password_reset",                      None,                         "200 200 200 200 200",   "POST 200 200 200 200 200"),
    ("password_reset_done",                 None,                         "200 200 200 200 200",   "POST 405 405 405 405 405"),
    ("password_reset_confirm",              "password_reset",             "302 302 302 302 302",   "POST 302 302 302 302 302"),
    ("password_reset_complete",             None,                         "200 200 200 200 200",   "POST 405 405 405 405 405"),
    ("login-code",                          None,                         "login 302 302 302 302", "POST login 302 302 302 302"),
    ("members:two-factor",                  None,                         "login 200 200 200 200", "POST login 200 200 200 200"),
    ("members:two-factor-remove",           None,                         "login 405 405 405 405", "POST login 400 400 400 400"),
    ("healthz",                             None,                         "200 200 200 200 200",   "POST 405 405 405 405 405"),
    ("healthz-workers",                     None,                         "200 200 200 200 200",   "POST 405 405 405 405 405"),
    ("set_language",                        None,                         "302 302 302 302 302",   "POST 302 302 302 302 302"),
    # API (/api/v1/): session-authenticated here; a token behaves the same
    ("api:member-state-list",               None,                         "200 200 200 200 200",   "POST 401 405 405 405 405"),
    ("api:member-state-detail",             "kenya",                      "200 200 200 200 200",   "PATCH 401 405 405 405 405"),
    ("api:member-state-profile",            "kenya",                      "200 200 200 200 200",   "POST 401 405 405 405 405"),
    ("api:member-state-peers",              "kenya",                      "200 200 200 200 200",   "POST 401 405 405 405 405"),
    ("api:member-state-progress",           "kenya",                      "200 200 200 200 200",   "POST 401 405 405 405 405"),
    ("api:who-region-list",                 None,                         "200 200 200 200 200",   "POST 401 405 405 405 405"),
    ("api:who-region-detail",               "afr",                        "200 200 200 200 200",   "PATCH 401 405 405 405 405"),
    ("api:organization-list",               None,                         "200 200 200 200 200",   "POST 401 405 405 405 405"),
    ("api:organization-detail",             "organization",               "200 200 200 200 200",   "PATCH 401 405 405 405 405"),
    ("api:profile-list",                    None,                         "200 200 200 200 200",   "POST 401 403 201 409 403"),
    ("api:profile-detail",                  "draft_profile",              "404 404 404 200 200",   "PATCH 401 404 404 400 403"),
    ("api:profile-detail",                  "published_profile",          "200 200 200 200 200",   "PATCH 401 403 403 400 403"),
    ("api:profile-submit",                  "draft_profile",              "405 405 405 405 405",   "POST 401 404 404 409 403"),
    ("api:profile-approve",                 "draft_profile",              "401 405 405 405 405",   "POST 401 404 404 403 409"),
    ("api:profile-return-",                 "draft_profile",              "401 405 405 405 405",   "POST 401 404 404 403 409"),
    ("api:resource-list",                   None,                         "200 200 200 200 200",   "POST 401 400 400 400 400"),
    ("api:resource-detail",                 "proposal",                   "404 200 404 404 200",   "PATCH 405 405 405 405 405"),
    ("api:resource-detail",                 "published_resource",         "200 200 200 200 200",   "PATCH 405 405 405 405 405"),
    ("api:resource-publish",                "proposal",                   "405 405 405 405 405",   "POST 401 403 404 404 200"),
    ("api:resource-return",                 "proposal",                   "405 405 405 405 405",   "POST 401 403 404 404 400"),
    ("api:investment-plan-list",            None,                         "200 200 200 200 200",   "POST 401 400 400 400 400"),
    ("api:investment-plan-detail",          "draft_plan",                 "404 404 404 200 200",   "PATCH 401 404 404 400 403"),
    ("api:investment-plan-detail",          "approved_plan",              "200 200 200 200 200",   "PATCH 401 403 403 403 403"),
    ("api:investment-plan-submit",          "draft_plan",                 "401 405 405 405 405",   "POST 401 404 404 200 403"),
    ("api:investment-plan-approve",         "submitted_plan",             "401 405 405 405 405",   "POST 401 404 404 403 200"),
    ("api:investment-plan-return-",         "submitted_plan",             "401 405 405 405 405",   "POST 401 404 404 403 400"),
    ("api:investment-plan-priority-create", "draft_plan",                 "401 405 405 405 405",   "POST 401 404 404 400 403"),
    ("api:investment-plan-priority-update", "draft_plan_priority",        "401 405 405 405 405",   "PUT 401 404 404 400 403"),
    ("api:investment-plan-priority-update", "draft_plan_priority",        "401 405 405 405 405",   "DELETE 401 404 404 400 403"),
    ("api:investment-plan-priority-update", "approved_plan_priority",     "401 405 405 405 405",   "PUT 401 403 403 400 403"),
    ("api:commitment-list",                 None,                         "200 200 200 200 200",   "POST 401 400 400 400 400"),
    ("api:commitment-detail",               "commitment",                 "404 200 404 200 200",   "PATCH 401 405 405 405 405"),
    ("api:commitment-detail",               "verified_commitment",        "200 200 200 200 200",   "PATCH 401 405 405 405 405"),
    ("api:commitment-advance",              "commitment",                 "401 405 405 405 405",   "POST 401 400 404 403 403"),
    ("api:commitment-verify",               "commitment",                 "401 405 405 405 405",   "POST 401 403 404 403 400"),  # 400: no version
    ("api:offer-list",                      None,                         "200 200 200 200 200",   "POST 401 400 403 403 400"),
    ("api:offer-detail",                    "offer",                      "200 200 200 200 200",   "PATCH 401 400 403 403 400"),
    ("api:offer-detail",                    "draft_offer",                "404 200 404 404 200",   "PUT 401 400 404 404 400"),
    ("api:offer-open",                      "draft_offer",                "401 405 405 405 405",   "POST 401 400 404 404 400"),
    ("api:offer-close",                     "offer",                      "401 405 405 405 405",   "POST 401 400 403 403 400"),
    ("api:transparency-report-list",        None,                         "200 200 200 200 200",   "POST 401 405 405 405 405"),
    ("api:transparency-report-detail",      "draft_report_id",            "404 404 404 404 200",   "PATCH 401 405 405 405 405"),
    ("api:transparency-report-detail",      "published_report_id",        "200 200 200 200 200",   "PATCH 401 405 405 405 405"),
    ("api:priority-matches",                "approved_priority",          "200 200 200 200 200",   "POST 405 405 405 405 405"),
    ("api:priority-matches",                "draft_priority",             "404 404 404 404 404",   "POST 405 405 405 405 405"),
    ("api:offer-matches",                   "open_offer",                 "200 200 200 200 200",   "POST 405 405 405 405 405"),
    ("api:offer-matches",                   "closed_offer",               "404 404 404 404 404",   "POST 405 405 405 405 405"),
    ("api:funding-gaps",                    None,                         "200 200 200 200 200",   "POST 405 405 405 405 405"),
    ("api:dataset-list",                    None,                         "200 200 200 200 200",   "POST 401 405 405 405 405"),
    ("api:dataset-dictionary",              None,                         "200 200 200 200 200",   "POST 401 405 405 405 405"),
    ("api:schema",                          None,                         "200 200 200 200 200",   "POST 405 405 405 405 405"),
    ("api:docs",                            None,                         "200 200 200 200 200",   "POST 405 405 405 405 405"),
)]
# fmt: on

# Every admin route is discovered and requested. Rows are globs over the route's key (its name,
# or `pattern:<route>` for the admin's unnamed patterns), `{a,b}` for alternatives; the first
# row that matches applies. Everyone but the secretariat is sent to the admin's login page.
L4 = "login login login login"
NO_ADD = "pghistory_events,members_apitoken,members_reviewevent,members_cyclereminder,members_peerexchangerequest,members_secretariatsummary,members_profilesubmission,investments_investmentplan,investments_priority,investments_commitment,investments_transparencyreport"
NO_DELETE = "investments_offer,pghistory_events,members_whoregion,members_memberstate,members_user,members_reviewevent,members_cyclereminder,members_peerexchangerequest,members_secretariatsummary,members_profilesubmission,investments_investmentplan,investments_priority,investments_commitment,investments_transparencyreport,investments_reportrun"
DELETABLE = "members_apitoken,resources_healthsystemchallenge,resources_resource,investments_exchangerate,django_celery_beat_periodictask,django_celery_beat_crontabschedule"
# fmt: off
ADMIN_MATRIX = [
    # route glob                                      read                          write
    ("admin:login",                                   f"{L4} login",                f"POST {L4} login"),  # the portal's login (code step, lockout)
    ("admin:logout",                                  "302 302 302 302 405",        "POST 302 302 302 302 302"),
    ("admin:autocomplete",                            f"{L4} 403",                  f"POST {L4} 405"),  # 403: no field named
    ("admin:{password_change_done,jsi18n}",           f"{L4} 200",                  f"POST {L4} 405"),
    ("admin:view_on_site",                            f"{L4} 302",                  f"POST {L4} 302"),
    ("pattern:admin/(?P<url>.*)$",                    f"{L4} 404",                  f"POST {L4} 404"),
    ("pattern:admin/*",                               f"{L4} 302",                  f"POST {L4} 302"),  # old address → change page
    # Outside the Secretariat group's permissions: Django's groups, unused kinds of beat schedule.
    ("admin:{auth_group,django_celery_beat_clockedschedule,django_celery_beat_solarschedule,django_celery_beat_intervalschedule}_*",
                                                      f"{L4} 403",                  f"POST {L4} 403"),
    # Login protection: the secretariat reads and clears lockouts and removes a lost
    # authenticator; enrolment is the user's own (account page), logs are for superusers.
    ("admin:{axes_accesslog,axes_accessfailurelog}_*", f"{L4} 403",                 f"POST {L4} 403"),
    ("admin:{axes_accessattempt,otp_totp_totpdevice}_add", f"{L4} 403",             f"POST {L4} 403"),
    ("admin:{axes_accessattempt,otp_totp_totpdevice}_change", f"{L4} 200",          f"POST {L4} 403"),
    ("admin:{axes_accessattempt,otp_totp_totpdevice}_delete", f"{L4} 200",          f"POST {L4} 302"),
    # Created by the portal's services only; reference data, accounts and workflow records are
    # never deleted; review events, reports and runs are read-only.
    (f"admin:{{{NO_ADD}}}_add",                       f"{L4} 403",                  f"POST {L4} 403"),
    (f"admin:{{{NO_DELETE}}}_delete",                 f"{L4} 403",                  f"POST {L4} 403"),
    ("admin:{pghistory_events,members_reviewevent,members_cyclereminder,members_peerexchangerequest,members_secretariatsummary,investments_transparencyreport,investments_reportrun}_change",
                                                      f"{L4} 200",                  f"POST {L4} 403"),
    # A confirmed delete redirects (rolled back here); a revoked token is saved and redirects.
    (f"admin:{{{DELETABLE}}}_delete",                 f"{L4} 200",                  f"POST {L4} 302"),
    ("admin:members_apitoken_change",                 f"{L4} 200",                  f"POST {L4} 302"),
    # Everything else: the secretariat reads it; an incomplete form comes back with its errors
    # (200), and so does a delete that related records protect.
    ("admin:*",                                       f"{L4} 200",                  f"POST {L4} 200"),
]
# fmt: on


# --- discovery ---------------------------------------------------------------------------------

Route = namedtuple("Route", "key name pattern")


def discovered_routes():
    """Every URL pattern of the project: (key, name, full pattern), key = name or pattern."""

    def walk(patterns, prefix, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                yield from walk(entry.url_patterns, prefix + str(entry.pattern), inner)
            elif isinstance(entry, URLPattern):
                pattern = prefix + str(entry.pattern)
                name = f"{namespace}{entry.name}" if entry.name else None
                yield Route(name or f"pattern:{pattern}", name, pattern)

    return list(walk(get_resolver().url_patterns, "", ""))


def _is_admin(route):
    return route.pattern.startswith("admin/")


def _alternatives(glob):
    """`admin:{a,b}_x` → `admin:a_x`, `admin:b_x`."""
    match = re.search(r"\{([^{}]*)\}", glob)
    if match is None:
        return [glob]
    return [
        expanded
        for option in match[1].split(",")
        for expanded in _alternatives(glob[: match.start()] + option + glob[match.end() :])
    ]


def admin_row(route):
    for glob, read, write in ADMIN_MATRIX:
        if any(fnmatch.fnmatchcase(route.key, g) for g in _alternatives(glob)):
            return Row(route.key, "admin", read, write)
    return None


def test_every_route_has_a_row():
    rows = {row.route for row in MATRIX}
    missing = [
        f"  {route.key!r}  ({route.pattern})"
        for route in discovered_routes()
        if (admin_row(route) is None if _is_admin(route) else route.key not in rows)
    ]
    assert not missing, (
        "These routes have no row in tests/test_access_matrix.py (MATRIX, or ADMIN_MATRIX for "
        "admin routes). Add one with the expected status of a read and a write for each role "
        "(docs/security.md, 'Access control'):\n" + "\n".join(missing)
    )


def test_every_row_is_a_route_and_every_page_route_is_named():
    routes = discovered_routes()
    keys = {route.key for route in routes}
    stale = sorted({row.route for row in MATRIX} - keys)
    assert not stale, f"Rows for routes that no longer exist: {stale}"
    unnamed = [route.pattern for route in routes if route.name is None and not _is_admin(route)]
    assert not unnamed, f"Give these routes a name (the matrix keys them by name): {unnamed}"


# --- the world the requests run against --------------------------------------------------------


def _pdf(field, name="document.pdf"):
    field.save(name, ContentFile(PDF), save=True)


# Text carried by the non-public objects, and the roles that may see each: no response to
# anyone else may contain it (`test_no_page_or_endpoint_shows_an_object_to_the_wrong_role`).
MARKERS = {
    "Leak check: draft profile of Kenya": {"focal_point_kenya", "secretariat"},
    "Leak check: draft plan of Kenya": {"focal_point_kenya", "secretariat"},
    "Leak check: draft priority of Kenya": {"focal_point_kenya", "secretariat"},
    "Leak check: submitted plan of Kenya": {"focal_point_kenya", "secretariat"},
    "Leak check: proposal of the partner": {"partner", "secretariat"},
    "Leak check: returned proposal of the partner": {"partner", "secretariat"},
    "Leak check: unverified pledge of the partner": {"partner", "focal_point_kenya", "secretariat"},
    "Leak check: token of the focal point": {"focal_point_kenya"},
    "Leak check: pending peer exchange of Kenya": {
        "focal_point_kenya",
        "focal_point_france",
        "secretariat",
    },
    "Leak check: draft offer of the partner": {"partner", "secretariat"},
    "Leak check: closed offer of the partner": {"partner", "secretariat"},
}


def _marker(text):
    marker = f"Leak check: {text}"
    assert marker in MARKERS
    return marker


@pytest.fixture
def world(kenya, france, partner, focal_point_kenya, focal_point_france, secretariat, settings):
    """The objects the URLs point at, and `kwargs` of each target name."""
    settings.CELERY_TASK_ALWAYS_EAGER = True  # /healthz/workers then answers without a worker
    organization = partner.organization
    token, _raw = member_services.create_api_token(
        user=focal_point_kenya, name=_marker("token of the focal point")
    )

    draft_profile = factories.ProfileSubmissionFactory(
        member_state=kenya, strategy_title=_marker("draft profile of Kenya")
    )
    _pdf(draft_profile.strategy_document)
    indicator = GdhmIndicator.objects.order_by("sort_order").first()
    answer = IndicatorAnswer.objects.create(
        submission=draft_profile, indicator=indicator, phase=2, evidence_note="Draft evidence"
    )
    _pdf(answer.evidence_document)
    published_profile = factories.approved_profile(member_state=kenya, year=2025)
    _pdf(published_profile.strategy_document)
    published_answer = published_profile.answers.get(indicator=indicator)
    _pdf(published_answer.evidence_document)

    # France, at phase 5 everywhere, is Kenya's peer (Kenya is at phase 3).
    factories.approved_profile(member_state=france, year=2025, phase=5)
    exchange = {"from_member_state": kenya, "to_member_state": france, "indicator": indicator}
    pending_exchange = PeerExchangeRequest.objects.create(
        **exchange, topic=_marker("pending peer exchange of Kenya"), message="Hello"
    )
    accepted_exchange = PeerExchangeRequest.objects.create(
        **exchange, topic="Ongoing exchange", message="Hello", status="accepted"
    )

    published_resource = factories.ResourceFactory(publisher=organization)
    _pdf(published_resource.file)
    proposal = factories.ResourceFactory(
        publisher=organization,
        status="submitted",
        proposed_by=partner,
        title=_marker("proposal of the partner"),
    )
    _pdf(proposal.file)
    returned_proposal = factories.ResourceFactory(
        publisher=organization,
        status="returned",
        proposed_by=partner,
        title=_marker("returned proposal of the partner"),
    )

    draft_plan = factories.InvestmentPlanFactory(
        member_state=kenya, status="draft", title=_marker("draft plan of Kenya")
    )
    draft_priority = factories.PriorityFactory(
        plan=draft_plan, title=_marker("draft priority of Kenya")
    )
    factories.PriorityCostFactory(priority=draft_priority)
    submitted_plan = factories.InvestmentPlanFactory(
        member_state=kenya, status="submitted", title=_marker("submitted plan of Kenya")
    )
    approved_plan = factories.InvestmentPlanFactory(member_state=kenya, status="approved")
    approved_priority = factories.PriorityFactory(plan=approved_plan)
    factories.PriorityCostFactory(priority=approved_priority, amount="1000000.00")
    commitment = factories.CommitmentFactory(
        plan=approved_plan,
        priority=approved_priority,
        organization=organization,
        description=_marker("unverified pledge of the partner"),
    )
    ReviewEvent.objects.create(
        content_type=ContentType.objects.get_for_model(submitted_plan),
        object_id=submitted_plan.pk,
        action="submit",
        from_status="draft",
        to_status="submitted",
        by=focal_point_kenya,
    )
    verified_commitment = factories.CommitmentFactory(
        plan=approved_plan, organization=organization, verified_at=timezone.now()
    )
    # Open, it fits the approved plan's priority (component and years): it has matches.
    offer = factories.OfferFactory(organization=organization, first_year=2024, last_year=2028)
    offer.components.set([approved_priority.component])
    open_offer = offer
    draft_offer = factories.OfferFactory(
        organization=organization, status="draft", title=_marker("draft offer of the partner")
    )
    closed_offer = factories.OfferFactory(
        organization=organization,
        status="closed",
        title=_marker("closed offer of the partner"),
        first_year=2024,
        last_year=2028,
    )
    closed_offer.components.set([approved_priority.component])
    invitation = Invitation.objects.create(
        priority=approved_priority, offer=open_offer, invited_by=focal_point_kenya
    )

    period = Period.last_complete()
    for month, publish in ((period, True), (period.previous(), False)):
        run = ReportRun.objects.create(period=str(month), publish=publish, trigger="command")
        report_services.generate_period(run=run)
    published_report = TransparencyReport.objects.get(scope="global", period=str(period))
    draft_report = TransparencyReport.objects.get(scope="AFR", period=str(period.previous()))

    # The global dataset's files: the latest edition and the frozen one of the 2025 cycle.
    dataset_services.generate_dataset(force=True)

    # Rows for the admin models that start empty, so every change page has an object.
    ClockedSchedule.objects.create(clocked_time=timezone.now())
    SolarSchedule.objects.create(event="sunrise", latitude="0.0", longitude="0.0")
    IntervalSchedule.objects.create(every=1, period="days")
    TOTPDevice.objects.create(user=partner, name="Authenticator app", confirmed=False)
    attempt = {"username": "someone@example.org", "ip_address": "192.0.2.1", "user_agent": "test"}
    AccessAttempt.objects.create(**attempt, failures_since_start=5)
    AccessLog.objects.create(**attempt)
    AccessFailureLog.objects.create(**attempt)
    CycleReminder.objects.create(
        cycle=draft_profile.cycle,
        threshold=7,
        user=focal_point_kenya,
        member_state=kenya,
        created_at=timezone.now(),
    )
    SecretariatSummary.objects.create(
        week=timezone.localdate(), user=secretariat, created_at=timezone.now()
    )

    def report(r):
        return {"scope": r.scope, "period": r.period, "revision": r.revision}

    targets = {
        None: {},
        "kenya": {"iso3": "KEN"},
        "japan": {"iso3": "JPN"},
        "afr": {"code": "AFR"},
        "organization": {"pk": organization.pk},
        "token": {"pk": token.pk},
        "draft_profile": {"pk": draft_profile.pk},
        "draft_profile_section": {"pk": draft_profile.pk, "section": "strategy"},
        "draft_profile_evidence": {"pk": draft_profile.pk, "code": indicator.code},
        "published_profile": {"pk": published_profile.pk},
        "published_profile_evidence": {"pk": published_profile.pk, "code": indicator.code},
        "published_resource": {"slug": published_resource.slug},
        "peer_of_kenya": {"iso3": "FRA", "code": indicator.code},
        "pending_exchange": {"pk": pending_exchange.pk},
        "accepted_exchange": {"pk": accepted_exchange.pk},
        "proposal": {"slug": proposal.slug},
        "returned_proposal": {"slug": returned_proposal.slug},
        "draft_plan": {"pk": draft_plan.pk},
        "draft_plan_priority": {"pk": draft_plan.pk, "priority_pk": draft_priority.pk},
        "submitted_plan": {"pk": submitted_plan.pk},
        "approved_plan": {"pk": approved_plan.pk},
        "approved_plan_priority": {"pk": approved_plan.pk, "priority_pk": approved_priority.pk},
        "commitment": {"pk": commitment.pk},
        "approved_priority": {"pk": approved_priority.pk},
        "draft_priority": {"pk": draft_priority.pk},
        "open_offer": {"pk": open_offer.pk},
        "closed_offer": {"pk": closed_offer.pk},
        "invitation": {"pk": invitation.pk},
        "verified_commitment": {"pk": verified_commitment.pk},
        "offer": {"pk": offer.pk},
        "draft_offer": {"pk": draft_offer.pk},
        "published_report": report(published_report),
        "published_report_latest": {"scope": "global", "period": published_report.period},
        "draft_report": report(draft_report),
        "draft_report_latest": {"scope": "AFR", "period": draft_report.period},
        "published_report_id": {"pk": published_report.pk},
        "draft_report_id": {"pk": draft_report.pk},
        "dataset_latest_csv": {
            "edition": "latest",
            "dataset": "profile-answers",
            "file_format": "csv",
        },
        "dataset_frozen_xlsx": {"edition": "2025", "dataset": "commitments", "file_format": "xlsx"},
        "dataset_missing": {"edition": "1999", "dataset": "scores", "file_format": "csv"},
        "password_reset": {
            "uidb64": urlsafe_base64_encode(force_bytes(focal_point_kenya.pk)),
            "token": default_token_generator.make_token(focal_point_kenya),
        },
        "follow_kenya": {"kind": "member_state", "pk": "KEN"},
        "follow_draft_plan": {"kind": "plan", "pk": draft_plan.pk},
        "follow_proposal": {"kind": "resource", "pk": proposal.pk},
        "unsubscribe": {"token": unsubscribe_token(focal_point_kenya)},
        "unsubscribe_tampered": {"token": _tampered(unsubscribe_token(focal_point_kenya))},
        "view_on_site": {
            "content_type_id": ContentType.objects.get_for_model(ProfileSubmission).pk,
            "object_id": draft_profile.pk,
        },
    }
    users = {
        "anonymous": None,
        "partner": partner,
        "focal_point_france": focal_point_france,
        "focal_point_kenya": focal_point_kenya,
        "secretariat": secretariat,
    }
    return targets, users


def _tampered(token):
    return token[:-1] + ("B" if token.endswith("A") else "A")


def _admin_model(route):
    """The model of an admin/<app>/<model>/… route (None for the site-wide pages)."""
    parts = route.pattern.split("/")
    label = ".".join(parts[1:3]).lower()
    return next((m for m in admin.site._registry if m._meta.label_lower == label), None)


def admin_url(route, targets):
    """The URL of an admin route, pointing at an existing object where it takes one."""
    if route.name == "admin:app_list":
        return reverse(route.name, kwargs={"app_label": "members"})
    if route.name == "admin:view_on_site":
        return reverse(route.name, kwargs=targets["view_on_site"])
    if route.key == "pattern:admin/(?P<url>.*)$":
        return "/admin/no-such-page/"
    model = _admin_model(route)
    if model is None or not re.search(r"<(?:\w+:)?(?:object_id|id|pk)>", route.pattern):
        return reverse(route.name)
    pk = model.objects.order_by("pk").values_list("pk", flat=True).first()
    if route.name is None:  # admin/<app>/<model>/<object_id>/: the old change-page address
        return "/" + route.pattern.replace("<path:object_id>", str(pk))
    kwarg = re.search(r"<(?:\w+:)?(object_id|id|pk)>", route.pattern)[1]
    return reverse(route.name, kwargs={kwarg: pk})


# --- requests ----------------------------------------------------------------------------------


def _sessions(users):
    """A logged-in session cookie per role (anonymous: none)."""
    cookies = {}
    for role, user in users.items():
        client = Client()
        if user is not None:
            client.force_login(user)
            cookies[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return cookies


LOGIN_PATHS = {"/accounts/login/", "/admin/login/"}


def _outcome(response):
    location = response.get("Location", "")
    if response.status_code == 302 and urlparse(location).path in LOGIN_PATHS:
        return "login"
    return str(response.status_code)


def _request(cookie, method, url, *, api):
    """One request as a fresh client, in a savepoint rolled back afterwards."""
    client = Client()
    if cookie:
        client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    call = getattr(client, method.lower())
    with transaction.atomic():
        if method == "GET":
            response = call(url)
        elif api:
            response = call(url, data={}, content_type="application/json")
        else:  # a field no form has: bound forms, not a GET in disguise (`request.POST or None`)
            response = call(url, data={"access-matrix": "1"})
        transaction.set_rollback(True)
    return _outcome(response)


def observe(rows, urls, cookies):
    """The observed (read, write) notation of each row."""
    observed = {}
    for row in rows:
        url = urls[row]
        api = url.startswith("/api/")
        method = row.write.split()[0] if row.write else "POST"
        read = " ".join(_request(cookies.get(role), "GET", url, api=api) for role in ROLES)
        write = " ".join(_request(cookies.get(role), method, url, api=api) for role in ROLES)
        observed[row] = (read, f"{method} {write}")
    return observed


def _report(observed, rows):
    mismatches = []
    for row in rows:
        read, write = observed[row]
        if (read, write) != (row.read, row.write):
            mismatches.append(
                f"  {row.route} [{row.target}]\n"
                f"      expected  read {row.read!s:<32} write {row.write}\n"
                f"      observed  read {read:<32} write {write}"
            )
    return mismatches


# The admin's routes (about a thousand requests) in interleaved chunks, so that the suite's
# workers share them instead of one worker spending two minutes on a single test.
ADMIN_CHUNKS = 4
GROUPS = ("pages", "api", "other", *(f"admin-{chunk}" for chunk in range(ADMIN_CHUNKS)))


def _group(route_key):
    if route_key.startswith("api:"):
        return "api"
    if route_key.startswith(("admin:", "pattern:admin/")):
        return "admin"
    if ":" in route_key or route_key == "home":
        return "pages"
    return "other"  # accounts, language, health


@pytest.mark.parametrize("group", GROUPS)
def test_access_matrix(group, world):
    targets, users = world
    cookies = _sessions(users)
    # Logging in changed last_login, which invalidates earlier password-reset tokens.
    focal_point = User.objects.get(pk=users["focal_point_kenya"].pk)
    targets["password_reset"]["token"] = default_token_generator.make_token(focal_point)
    routes = {route.key: route for route in discovered_routes()}
    if group.startswith("admin"):
        rows = [admin_row(route) for route in routes.values() if _is_admin(route)]
        rows = [row for row in rows if row is not None]
        rows = rows[int(group.removeprefix("admin-")) :: ADMIN_CHUNKS]
        urls = {row: admin_url(routes[row.route], targets) for row in rows}
    else:
        rows = [row for row in MATRIX if _group(row.route) == group and row.route in routes]
        urls = {row: reverse(row.route, kwargs=targets[row.target]) for row in rows}
    assert rows
    mismatches = _report(observe(rows, urls, cookies), rows)
    assert not mismatches, (
        f"{len(mismatches)} of {len(rows)} {group} rows differ from the access matrix "
        f"(roles: {' '.join(ROLES)}):\n" + "\n".join(mismatches)
    )


# --- no leaks through lists, searches, exports ---------------------------------------------------

# Lists and exports that could carry the non-public objects, beyond the matrix's own URLs.
SWEEP_URLS = [
    "/resources/?q=Leak+check",
    "/api/v1/resources/?search=Leak+check",
    "/api/v1/resources/?format=csv",
    "/api/v1/profiles/?status=draft",
    "/api/v1/profiles/?member_state=KEN",
    "/api/v1/investment-plans/?status=draft",
    "/api/v1/investment-plans/?member_state=KEN&format=csv",
    "/api/v1/commitments/?verified=false",
    "/api/v1/commitments/?format=csv",
    "/api/v1/commitments/?format=iati",
    "/api/v1/offers/?mine=true",
    "/offers/mine/",
    "/offers/?q=offer",
    "/api/v1/funding-gaps/?group_by=member_state",
    "/investments/needs/?minimum_gap=0",
    "/investments/invitations/",
    "/profiles/review/?status=all",
]


def _body(response):
    if response.get("Content-Type", "").startswith("application/pdf"):
        return ""
    if response.get("Content-Type", "").startswith(XLSX):
        # A spreadsheet (the global dataset): the text of its cells.
        book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
        return "\n".join(str(cell) for sheet in book for row in sheet.values for cell in row)
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def test_no_page_or_endpoint_shows_an_object_to_the_wrong_role(world):
    """GET every page and endpoint of the matrix (and lists, searches, CSV/IATI exports) as
    every role: the text of a non-public object reaches only the roles that may see it."""
    targets, users = world
    cookies = _sessions(users)
    # What each role reads with a 200 (the other answers are error pages or redirects).
    readable = {role: set(SWEEP_URLS) for role in ROLES}
    for row in MATRIX:
        for role, outcome in zip(ROLES, row.read.split(), strict=True):
            if outcome == "200":
                readable[role].add(reverse(row.route, kwargs=targets[row.target]))
    leaks, seen = [], set()
    for role in ROLES:
        for url in sorted(readable[role]):
            client = Client()
            if role in cookies:
                client.cookies[settings.SESSION_COOKIE_NAME] = cookies[role]
            body = _body(client.get(url))
            for marker, allowed in MARKERS.items():
                if marker in body:
                    seen.add(marker)
                    if role not in allowed:
                        leaks.append(f"  {role} sees {marker!r} on {url}")
    assert not leaks, "Non-public objects shown to the wrong role:\n" + "\n".join(leaks)
    # The sweep would notice a leak: every marker does show to someone allowed to see it.
    assert seen == set(MARKERS), f"Never shown, even to who may see it: {set(MARKERS) - seen}"


# --- the admin ---------------------------------------------------------------------------------


def test_secretariat_cannot_make_anyone_superuser_in_the_admin(secretariat):
    """The secretariat manages roles, but may not raise its own rights or take over a
    superuser's account (members.permissions.can_grant_superuser, can_change_user)."""
    staff = Client()
    staff.force_login(secretariat)
    url = f"/admin/members/user/{secretariat.pk}/change/"
    data = {
        "email": secretariat.email,
        "full_name": "",
        "is_staff": "on",
        "is_active": "on",
        "is_superuser": "on",
        "date_joined_0": secretariat.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": secretariat.date_joined.strftime("%H:%M:%S"),
        "groups": [group.pk for group in secretariat.groups.all()],
        "seen_version": secretariat.version,
    }
    response = staff.post(url, data)
    assert response.status_code == 302
    secretariat.refresh_from_db()
    assert not secretariat.is_superuser and secretariat.is_secretariat

    superuser = User.objects.create_superuser("root@who.example.org", "a-long-root-password")
    change = f"/admin/members/user/{superuser.pk}/change/"
    assert staff.post(change, {**data, "email": "mine@who.example.org"}).status_code == 403
    assert staff.get(f"/admin/members/user/{superuser.pk}/password/").status_code == 403
    superuser.refresh_from_db()
    assert superuser.email == "root@who.example.org"
