"""Demo data of 12380 reports: for now only the reset — reports (and with them their sealed identities, receipts,
messages and evidence rows) are deleted before the tree and the users they point at. The demo step with ~60
reports is still to come (issue 17)."""

from zugong.complaints.models import Report
from zugong.organizations import demo

demo.RESET_MODELS[:0] = [Report]
