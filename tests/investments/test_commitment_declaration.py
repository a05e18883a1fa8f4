"""The commitments list is declared once, by `CommitmentSerializer`: the JSON item, the CSV
header, the OpenAPI schema and the benchmark floor's columns all come from it, and adding a
read-only field to the list is one line in it (gidh_portal/listing.py)."""

import csv
import io
from pathlib import Path

import pytest
import yaml
from django.db import connection
from drf_spectacular.generators import SchemaGenerator
from rest_framework import serializers

from bench.endpoints import ENDPOINTS
from gidh_portal import listing
from investments.api.serializers.commitments import CommitmentSerializer
from investments.api.views import commitments as commitment_views

from .. import factories

COMMITMENTS = "/api/v1/commitments/"
OPENAPI = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"
FLOOR = next(endpoint for endpoint in ENDPOINTS if endpoint.name == "api-commitments")


class CommitmentWithUpdateSerializer(CommitmentSerializer):
    updated_at = serializers.DateTimeField(read_only=True)  # the one line


@pytest.fixture
def commitment(db):
    plan = factories.InvestmentPlanFactory(status="approved")
    return factories.CommitmentFactory(plan=plan, verified_at="2024-05-01T00:00Z")


def _csv_header(client):
    response = client.get(COMMITMENTS, {"format": "csv"})
    return next(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def _floor_columns():
    sql, params = FLOOR.floor_query()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        assert cursor.fetchall()
        return [column.name for column in cursor.description]


def _schema_properties(component):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return list(schema["components"]["schemas"][component]["properties"])


def _everything(client, declaration, component):
    """What each place shows of the list, beside what the declaration says it should."""
    fields = list(declaration().fields)
    (item,) = client.get(COMMITMENTS).json()["results"]
    detail = client.get(f"{COMMITMENTS}{item['id']}/").json()
    return {
        "json item": (list(item), fields),
        "json detail": (list(detail), fields),
        "csv header": (_csv_header(client), [name for name in fields if name != "url"]),
        "openapi schema": (_schema_properties(component), fields),
        "benchmark floor": (_floor_columns(), listing.columns(declaration)),
    }


def test_the_json_item_csv_schema_and_floor_come_from_the_declaration(client, commitment):
    for place, (shown, declared) in _everything(client, CommitmentSerializer, "Commitment").items():
        assert shown == declared, place
    assert listing.csv_header(CommitmentSerializer) == _csv_header(client)


def test_the_committed_contract_documents_the_declared_fields():
    schemas = yaml.safe_load(OPENAPI.read_text())["components"]["schemas"]
    assert list(schemas["Commitment"]["properties"]) == list(CommitmentSerializer().fields)


def test_adding_a_field_to_the_list_is_one_line(client, commitment, monkeypatch):
    """The same places, with the declaration's subclass of one more line in the list's place:
    the new column is read, shown, written out, documented and in the floor."""
    monkeypatch.setattr(commitment_views, "CommitmentSerializer", CommitmentWithUpdateSerializer)
    monkeypatch.setattr(
        commitment_views.CommitmentViewSet, "serializer_class", CommitmentWithUpdateSerializer
    )
    places = _everything(client, CommitmentWithUpdateSerializer, "CommitmentWithUpdate")
    for place, (shown, declared) in places.items():
        assert shown == declared, place
        assert "updated_at" in shown, place
    assert "updated_at" not in CommitmentSerializer().fields
