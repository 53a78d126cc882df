"""Scope entries of reporting upward (逐级汇总上报) for `tests/test_scope.py` (merged there as the ballots' are).

Every page needs `statistics.finalize` (the department administrator in the test personas); a finalized day of the
persona's organization is the export's target. The import page posted without a file shows the form again."""

import base64
import datetime as dt

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from zugong.statistics.models import Snapshot

TARGETS: set[str] = {"snapshot"}
LOWER_KEY = base64.b64encode(Ed25519PrivateKey.from_private_bytes(bytes(range(32))).public_key().public_bytes(
    serialization.Encoding.Raw, serialization.PublicFormat.Raw)).decode()


def endpoints(Endpoint, personas) -> list:  # noqa: N803  (the class is passed in: test_scope imports this module)
    finalizers = personas["ADMIN"]
    return [
        Endpoint("statistics:reports", "GET", finalizers, None),
        Endpoint("statistics:reports", "POST", finalizers, None, data=lambda o: {"action": "check"}),
        Endpoint("statistics:report_lower", "GET", finalizers, None),
        Endpoint("statistics:report_lower", "POST", finalizers, None, ok=(302,), data=lambda o: {
            "name": "甲县委组织部", "organization": o["org"].pk, "public_key": LOWER_KEY}),
        Endpoint("statistics:report_export", "GET", finalizers, "snapshot"),
    ]


def objects(target, org, users) -> dict:
    if target == "snapshot":
        return {"snapshot": Snapshot.objects.create(day=dt.date(2025, 12, 31), path=org.path)}
    return {}
