"""Names in the active language: the model's column for it, else the name shipped in
`members/names.py`, else English."""

from django.utils.translation import get_language

from .. import names


def localized_name(obj, field_prefix, shipped_name=None):
    """The `<prefix>_<language>` value for the active language, else the name shipped in
    `members/names.py` for it, English when neither exists."""
    language = names.language_key(get_language())
    return (
        getattr(obj, f"{field_prefix}_{language}", "")
        or (shipped_name(obj.pk, language) if shipped_name else "")
        or getattr(obj, f"{field_prefix}_en")
    )


def localized_columns(language, pk, name_en, name_fr, shipped_name):
    """`localized_name` of a row's name columns, for a language key (rows of many member states)."""
    column = name_en if language == "en" else name_fr if language == "fr" else ""
    return column or shipped_name(pk, language) or name_en


def member_state_row_name(row, language):
    """`MemberState.name` of a `.values()` row (`iso3`, `name_en`, `name_fr`), for the language
    key `names.language_key(get_language())`: the same choice as `localized_name`."""
    return localized_columns(
        language, row["iso3"], row["name_en"], row["name_fr"], names.member_state_name
    )
