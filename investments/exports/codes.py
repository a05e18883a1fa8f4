"""The IATI codes the export uses: the reporting organisation, DAC sectors, organisation types."""

IATI_REPORTING_ORG = ("XM-DAC-928", "40", "World Health Organization (GIDH secretariat)")
CDHI_VOCABULARY_URI = "https://www.who.int/publications/i/item/9789240081949"
# DAC 5-digit sectors per GDHM component: governance, strategy, law and workforce are health
# policy and administrative management; standards are health statistics and data; the rest ICT.
DAC_SECTOR_BY_COMPONENT = {
    1: "12110",
    2: "12110",
    3: "12110",
    4: "12110",
    5: "12196",
    6: "22040",
    7: "22040",
}
DAC_SECTOR_DEFAULT = "12110"
ORGANIZATION_TYPE_CODES = {
    "multilateral": "40",
    "bilateral_donor": "10",
    "government_agency": "10",
    "foundation": "60",
    "ngo": "21",
    "academic": "80",
    "private_sector": "70",
    "other": "90",
}
