"""The resource catalogue and its classifications."""

from .choices import LANGUAGE_NAMES, LANGUAGES, Kind, Licence
from .classifications import DigitalHealthIntervention, HealthSystemChallenge
from .queries import DETAIL_RELATIONS, RELATION_NAMES, ResourceQuerySet
from .resource import Resource, ResourceInterventionLink, ResourceLanguage, resource_file_name

__all__ = [
    "DETAIL_RELATIONS",
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "RELATION_NAMES",
    "DigitalHealthIntervention",
    "HealthSystemChallenge",
    "Kind",
    "Licence",
    "Resource",
    "ResourceInterventionLink",
    "ResourceLanguage",
    "ResourceQuerySet",
    "resource_file_name",
]
