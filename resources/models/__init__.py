"""The resource catalogue and its classifications."""

from .choices import LANGUAGE_NAMES, LANGUAGES, Kind, Licence
from .classifications import DigitalHealthIntervention, HealthSystemChallenge
from .country_experience import CountryExperience
from .facet_counts import FacetCount
from .resource import Resource, ResourceInterventionLink, ResourceLanguage, resource_file_name
