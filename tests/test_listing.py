"""gidh_portal.listing: one serializer declares a list's columns, JSON item and CSV row."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Count, Value
from django.db.models.fields import DecimalField
from rest_framework import serializers
from rest_framework.test import APIRequestFactory

from gidh_portal import listing
from members.models import MemberState


class StateItem(serializers.Serializer):
    iso3 = serializers.CharField()
    name = serializers.CharField(source="name_en")
    region = serializers.CharField(source="who_region__name_en")
    label = listing.RowField(reads=("name_en", "iso3"))
    url = listing.LinkField("api:member-state-detail", lookup="iso3")
    balance = serializers.DecimalField(max_digits=8, decimal_places=2)
    plans = serializers.IntegerField(source="plan_count")

    def get_label(self, row) -> str:
        return f"{row['name_en']} ({row['iso3']})"


def _states():
    return (
        MemberState.objects.filter(iso3__in=["KEN", "FRA"])
        .annotate(
            balance=Value(Decimal("-12.50"), output_field=DecimalField()),
            plan_count=Count("investment_plans"),
        )
        .order_by("iso3")
    )


def test_the_columns_are_the_fields_reads_each_once_in_order():
    assert listing.columns(StateItem) == [
        "iso3",
        "name_en",
        "who_region__name_en",
        "balance",
        "plan_count",
    ]


@pytest.mark.django_db
def test_the_json_item_is_the_serializer_over_the_rows_of_the_declared_columns():
    request = APIRequestFactory().get("/api/v1/member-states/", {"format": "json"})
    rows = listing.rows(_states(), StateItem)
    data = StateItem(rows, many=True, context={"request": request}).data
    assert [item["iso3"] for item in data] == ["FRA", "KEN"]
    kenya = data[1]
    assert kenya["name"] == "Kenya"
    assert kenya["region"] == "African Region"
    assert kenya["label"] == "Kenya (KEN)"
    assert kenya["url"] == "http://testserver/api/v1/member-states/KEN/?format=json"
    assert kenya["balance"] == "-12.50"
    assert kenya["plans"] == 0


@pytest.mark.django_db
def test_the_csv_has_the_item_fields_without_links_and_numbers_stay_numbers():
    response = listing.stream_csv_of(StateItem, _states(), filename="states.csv")
    text = b"".join(response.streaming_content).decode()
    header, france, kenya = csv.reader(io.StringIO(text), quoting=csv.QUOTE_NONNUMERIC)
    assert header == ["iso3", "name", "region", "label", "balance", "plans"]
    assert kenya == ["KEN", "Kenya", "African Region", "Kenya (KEN)", -12.5, 0]
    assert france[0] == "FRA"
    assert response["Content-Disposition"] == 'attachment; filename="states.csv"'


@pytest.mark.django_db
def test_sql_of_is_the_sql_the_rows_run():
    rows = listing.rows(_states(), StateItem)
    sql, params = listing.sql_of(rows)
    assert '"members_memberstate"."iso3"' in sql and "plan_count" in sql
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        raw = cursor.fetchall()
    assert [row[0] for row in raw] == [row["iso3"] for row in rows]


def test_a_field_reading_an_attribute_path_is_refused_with_the_fix():
    class Dotted(serializers.Serializer):
        region = serializers.CharField(source="who_region.name_en")

    with pytest.raises(ImproperlyConfigured, match=r"Dotted\.region.*RowField"):
        listing.columns(Dotted)
