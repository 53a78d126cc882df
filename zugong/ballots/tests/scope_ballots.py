"""Scope entries of the ballot pages for `tests/test_scope.py` (merged there as the surveys' areas are).

A paper ballot (double entry, roll of three names, one entry whose two copies differ) and an electronic one with
codes, both of the persona's organization (or one outside it). Every page needs `ballots.tally` (the inspector
holds none); the public /v/ pages are in test_scope's ALLOWLIST (tested in test_public.py).
"""

from zugong.ballots.models import Ballot, PaperEntry, RollEntry, VotingCode

TARGETS: set[str] = {"ballot", "ballot_entry", "ballot_electronic"}


def endpoints(Endpoint, personas) -> list:  # noqa: N803  (the class is passed in: test_scope imports this module)
    tellers = personas["BALLOT_TELLERS"]

    def entry_kwargs(o):
        return {"pk": o["ballot"].pk, "entry_pk": o["ballot_entry"].pk}

    def electronic(o):
        return {"pk": o["ballot_electronic"].pk}

    return [
        Endpoint("ballots:list", "GET", tellers, None),
        Endpoint("ballots:list", "GET", tellers, None, data=lambda o: {"status": "open"}, label=" filtered"),
        Endpoint("ballots:create", "GET", tellers, None),
        Endpoint("ballots:create", "POST", tellers, None, ok=(302,), data=lambda o: {
            "organization": o["org"].pk, "title": "支部大会表决", "kind": "yes_no", "rule": "majority_of_due",
            "method": "paper", "held_on": "2026-06-01", "seats": "1", "entitled": "9"}),
        Endpoint("ballots:detail", "GET", tellers, "ballot"),
        Endpoint("ballots:close", "POST", tellers, "ballot", ok=(302,)),
        Endpoint("ballots:present", "POST", tellers, "ballot_electronic", ok=(302,), url_kwargs=electronic,
                 data=lambda o: {"present": "3"}),
        Endpoint("ballots:roll", "GET", tellers, "ballot"),
        Endpoint("ballots:roll", "POST", tellers, "ballot", ok=(302,),
                 data=lambda o: {"entry": o["ballot"].roll.first().pk, "voted": "1"}),
        Endpoint("ballots:codes", "GET", tellers, "ballot_electronic", url_kwargs=electronic),
        Endpoint("ballots:codes", "POST", tellers, "ballot_electronic", ok=(302,), url_kwargs=electronic,
                 data=lambda o: {"count": "2"}),
        Endpoint("ballots:slips", "GET", tellers, "ballot_electronic", url_kwargs=electronic),
        Endpoint("ballots:xlsx", "GET", tellers, "ballot"),
        Endpoint("ballots:count_docx", "GET", tellers, "ballot"),
        Endpoint("ballots:count_pdf", "GET", tellers, "ballot"),
        Endpoint("ballots:paper", "GET", tellers, "ballot"),
        Endpoint("ballots:paper", "POST", tellers, "ballot", ok=(302,), data=lambda o: {"number": "2", "c1": "1"}),
        Endpoint("ballots:entries", "GET", tellers, "ballot"),
        Endpoint("ballots:resolve", "GET", tellers, "ballot_entry", url_kwargs=entry_kwargs),
        Endpoint("ballots:resolve", "POST", tellers, "ballot_entry", ok=(302,), url_kwargs=entry_kwargs,
                 data=lambda o: {"c1": "1"}),
    ]


def objects(target, org, users) -> dict:
    teller = users["township_operator"]
    ballot = Ballot.objects.create(organization=org, title="常委会票决", kind="approval", rule="two_thirds_quorum",
                                   method="paper", held_on="2026-06-01", entitled=3, double_entry=True)
    ballot.candidates.create(position=1, name="张三")
    for position, name in enumerate(("甲", "乙", "丙"), start=1):
        RollEntry.objects.create(ballot=ballot, position=position, name=name)
    entry = PaperEntry.objects.create(ballot=ballot, number=1, first_by=teller, second_by=teller,
                                      first_entry={"valid": True, "marks": [[1, "yes", ""]]},
                                      second_entry={"valid": True, "marks": [[1, "no", ""]]},
                                      status=PaperEntry.Status.MISMATCH)
    other = Ballot.objects.create(organization=org, title="民主推荐", kind="approval", rule="majority_of_present",
                                  method="electronic", held_on="2026-06-01", entitled=5, roll_on_paper=True)
    other.candidates.create(position=1, name="李四")
    VotingCode.objects.create(ballot=other, code="BALLOT23")
    return {"ballot": ballot, "ballot_entry": entry, "ballot_electronic": other}
