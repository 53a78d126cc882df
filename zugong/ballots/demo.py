"""Demo ballots (票决): a closed 常委会 vote on paper counted twice by two tellers (one slip resolved), a closed
electronic 民主推荐 at a township meeting, a closed branch election (差额) and an open branch admission vote
with codes not yet used. All through the services, so the seals are real."""

import datetime as dt

from zugong.accounts.models import User
from zugong.ballots import services
from zugong.ballots.models import Ballot, CastBallot, Mark, PaperEntry, RollEntry, VotingCode
from zugong.members.models import Member
from zugong.organizations import demo
from zugong.organizations.models import Organization

B = Ballot


def add_ballots(ctx: demo.DemoContext) -> None:
    if ctx.scale != "county" or not ctx.first_townships:
        return
    rng = ctx.rng
    admin = User.objects.get(username="admin")
    township_user = User.objects.get(username="township")
    township = ctx.first_townships[0]
    village = Organization.objects.filter(parent=township, kind=Organization.Kind.BRANCH).order_by("path").first()

    # 常委会讨论决定: 11 members due, 9 present, paper, two tellers
    decision = services.open_ballot(
        admin, organization=township, title="党委会讨论决定干部任免（2名）", kind=B.Kind.APPROVAL,
        candidates=["陈建国（拟任副镇长）", "刘晓燕（拟任组织委员）"], roll=11, rule=B.Rule.TWO_THIRDS_QUORUM,
        method=B.Method.PAPER, purpose="讨论决定", held_on=ctx.today - dt.timedelta(days=20), double_entry=True)
    services.record_present(admin, decision, 9)
    marks = [{1: "yes", 2: "yes"}] * 6 + [{1: "yes", 2: "no"}, {1: "no", 2: "yes"}, {1: "abstain", 2: "yes"}]
    for number, choices in enumerate(marks, start=1):
        services.enter_paper(admin, decision, number=number, valid=True, choices=choices)
        slip = {**choices, 2: "abstain"} if number == 7 else choices  # the second teller's slip
        services.enter_paper(township_user, decision, number=number, valid=True, choices=slip)
    services.resolve_mismatch(admin, PaperEntry.objects.get(ballot=decision, number=7), valid=True,
                              choices=marks[6])
    services.close_ballot(admin, decision)

    # 民主推荐 (meeting recommendation), electronic, codes on slips
    recommendation = services.open_ballot(
        admin, organization=township, title="镇领导班子换届民主推荐（会议推荐）", kind=B.Kind.APPROVAL,
        candidates=["王志强", "李秀英", "张明"], roll=40, rule=B.Rule.MAJORITY_OF_PRESENT,
        method=B.Method.ELECTRONIC, purpose="民主推荐", held_on=ctx.today - dt.timedelta(days=45), write_in=True)
    codes = services.issue_codes(admin, recommendation, 40)
    for code in codes[:36]:
        choices = {1: rng.choices(["yes", "no", "abstain"], (85, 10, 5))[0],
                   2: rng.choices(["yes", "no", "abstain"], (60, 30, 10))[0],
                   3: rng.choices(["yes", "no", "abstain", "other"], (40, 40, 15, 5))[0]}
        services.cast_online(code.code, choices, {3: "赵丽"} if choices[3] == "other" else {})
    services.close_ballot(admin, recommendation)

    members = list(Member.objects.active().filter(organization=village, stage=Member.Stage.FULL).order_by("pk"))
    nominees = list({m.name: m for m in members}.values())[:4]  # four different names: a ballot lists names
    if len(members) >= 6 and len(nominees) == 4:
        # branch committee election: 3 seats, 4 candidates from the register, roll = the branch's full members
        election = services.open_ballot(
            admin, organization=village, title=f"{village.name}委员会换届选举", kind=B.Kind.CHOOSE,
            candidates=nominees, roll=members, rule=B.Rule.ELECTION, method=B.Method.PAPER, seats=3,
            purpose="换届选举", held_on=ctx.today - dt.timedelta(days=60))
        present = [entry for entry in election.roll.all() if rng.random() < 0.92]
        for entry in present:
            services.mark_voted(admin, election, entry)
        for number in range(1, len(present) + 1):
            chosen = rng.sample([1, 2, 3, 4], k=3)
            services.enter_paper(admin, election, number=number, valid=number % 25 != 0,
                                 choices={p: "yes" for p in chosen})
        services.close_ballot(admin, election)

    # open: the branch meeting's admission vote, codes handed out, none used yet
    admission = services.open_ballot(
        admin, organization=village, title="支部大会讨论接收预备党员", kind=B.Kind.YES_NO, candidates=[], roll=25,
        rule=B.Rule.MAJORITY_OF_DUE, method=B.Method.ELECTRONIC, purpose="支部大会表决", held_on=ctx.today)
    services.issue_codes(admin, admission, 25)
    ctx.counts["ballots"] = Ballot.objects.count()


demo.register_step(add_ballots)
demo.RESET_MODELS[:0] = [Mark, CastBallot, PaperEntry, VotingCode, RollEntry, Ballot]
