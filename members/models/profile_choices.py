"""The choices of a profile's strategy and governance answers."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StrategyStatus(models.TextChoices):
    NONE = "none", _("No national strategy")
    IN_DEVELOPMENT = "in_development", _("In development")
    ADOPTED = "adopted", _("Adopted")
    EXPIRED = "expired", _("Expired")


class Ministry(models.TextChoices):
    HEALTH = "health", _("Health")
    ICT = "ict", _("ICT / digital")
    FINANCE = "finance", _("Finance")
    PLANNING = "planning", _("Planning")
    EDUCATION = "education", _("Education")
    OTHER = "other", _("Other")


class Standard(models.TextChoices):
    HL7_FHIR = "hl7_fhir", "HL7 FHIR"
    HL7_V2 = "hl7_v2", "HL7 v2"
    ICD_11 = "icd_11", "ICD-11"
    ICD_10 = "icd_10", "ICD-10"
    SNOMED_CT = "snomed_ct", "SNOMED CT"
    LOINC = "loinc", "LOINC"
    DICOM = "dicom", "DICOM"
    DHIS2 = "dhis2", "DHIS2"
    OPENHIE = "openhie", "OpenHIE"
    IHE = "ihe", "IHE profiles"
    SDMX = "sdmx", "SDMX"
