"""A member state's year on year (members/progress.py) as the API shows it."""

from rest_framework import serializers

from ...progress import CHANGES


def rounded(value):
    return None if value is None else round(value, 2)


class ProgressRowSerializer(serializers.Serializer):
    """One published cycle and GDHM component (or the overall score) of a member state."""

    year = serializers.IntegerField(help_text="The reporting cycle.")
    component = serializers.CharField(help_text='GDHM component number, or "overall".')
    score = serializers.SerializerMethodField(help_text="Mean phase, 1–5.")
    phase = serializers.IntegerField(help_text="The score shown as a phase, 1–5.")
    previous_year = serializers.IntegerField(
        allow_null=True, help_text="The member state's previous published cycle."
    )
    previous_phase = serializers.IntegerField(allow_null=True)
    change = serializers.ChoiceField(
        choices=CHANGES,
        help_text="The phase against the previous published cycle; new: no score there.",
    )
    world = serializers.SerializerMethodField(help_text="World average of the cycle.")
    region = serializers.SerializerMethodField(help_text="WHO region's average of the cycle.")
    income_group = serializers.SerializerMethodField(
        help_text="World Bank income group's average of the cycle."
    )

    def get_score(self, row) -> float:
        return rounded(row["score"])

    def get_world(self, row) -> float | None:
        return rounded(row["world"])

    def get_region(self, row) -> float | None:
        return rounded(row["region"])

    def get_income_group(self, row) -> float | None:
        return rounded(row["income_group"])


class ProgressSerializer(serializers.Serializer):
    """A member state's every published cycle, one row per cycle and component."""

    iso3 = serializers.CharField()
    results = ProgressRowSerializer(many=True)
