"""Exports of public investment data: streamed CSV and IATI 2.03 activity XML.

CSV cells that a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) are
prefixed with a quote. IATI: one activity per verified commitment, transaction types
12 (pledge), 2 (commitment), 3 (disbursement), finance type 110, in-kind support as aid type
D01 (personnel) or D02 (other technical assistance) with its narrative, DAC sectors by GDHM
component and the priority's CDHI codes under sector vocabulary 99.
"""

from .activity import iati_activity
from .stream import stream_iati

__all__ = ["iati_activity", "stream_iati"]
