"""Demo data of ballots used by other areas (issue 16, "Used by"), through the services so every seal is real:

- a few admission votes of the first township's branches taken from a sealed paper ballot (the roll: the branch's
  full members on the register that day; the case's BranchVote then holds the tally's figures and the ballot's id);
- a 换届 election of one branch recorded from a sealed 差额 ballot: five candidates from the register for four
  seats, the candidates with their votes and who was elected.
"""

import datetime as dt

from zugong.accounts.models import User
from zugong.ballots import services as ballots
from zugong.ballots.models import Ballot
from zugong.ballots.results import branch_vote_figures
from zugong.development import voting
from zugong.development.models import BranchVote, CaseBallot, DevelopmentStep
from zugong.organizations import demo, elections
from zugong.organizations.models import Organization

K = DevelopmentStep.Kind
ADMISSIONS = 4
SEATS, CANDIDATES = 4, 5


def add_votes_from_ballots(ctx: demo.DemoContext) -> None:
    if ctx.scale != "county" or not ctx.first_townships:
        return
    admin = User.objects.get(username="admin")
    township = ctx.first_townships[0]
    ctx.counts["development_votes_from_ballots"] = _admissions(ctx, admin, township)
    ctx.counts["elections_from_ballots"] = _election(ctx, admin, township)


def _admissions(ctx: demo.DemoContext, admin, township: Organization) -> int:
    rng = ctx.rng
    votes = (BranchVote.objects.filter(step__kind=K.ADMISSION_VOTE, step__case__org_path__startswith=township.path,
                                       step__done_on__gte=ctx.today - dt.timedelta(days=730))
             .select_related("step__case__organization").order_by("step__done_on", "pk"))
    made = 0
    for vote in votes.iterator():
        if made == ADMISSIONS:
            break
        step, case = vote.step, vote.step.case
        roll = voting.roll_on(case.organization, step.done_on)
        if len(roll) < 5:
            continue
        ballot = ballots.open_ballot(
            admin, organization=case.organization, title=voting.title_of(case, step.kind), kind=Ballot.Kind.YES_NO,
            candidates=[], roll=roll, rule=voting.RULE, method=Ballot.Method.PAPER,
            purpose="发展党员：支部大会讨论接收预备党员", held_on=step.done_on)
        CaseBallot.objects.create(case=case, kind=step.kind, ballot=ballot)
        present = [entry for entry in ballot.roll.all() if rng.random() < 0.9]
        for entry in present:
            ballots.mark_voted(admin, ballot, entry)
        for number in range(1, len(present) + 1):
            choice = "yes" if rng.random() < 0.9 else rng.choice(["no", "abstain"])
            ballots.enter_paper(admin, ballot, number=number, valid=True, choices={1: choice})
        ballots.close_ballot(admin, ballot)
        figures = branch_vote_figures(ballot)
        if not figures.passed:
            continue
        BranchVote.objects.filter(pk=vote.pk).update(
            entitled=figures.entitled, present=figures.present, yes=figures.yes, no=figures.no,
            abstain=figures.abstain, ballot_reference=figures.reference)
        made += 1
    return made


def _election(ctx: demo.DemoContext, admin, township: Organization) -> int:
    """The last branch of the township (the ballots demo took the first) elects its committee today."""
    branches = Organization.objects.filter(parent=township, kind=Organization.Kind.BRANCH, is_closed=False)
    for branch in branches.order_by("-path"):
        latest = branch.elections.first()
        if latest is not None and latest.elected_on >= ctx.today:
            continue
        roll = voting.roll_on(branch, ctx.today)
        nominees = list({m.name: m for m in roll}.values())[:CANDIDATES]  # different names: a ballot lists names
        if len(roll) < 10 or len(nominees) < CANDIDATES:
            continue
        ballot = ballots.open_ballot(
            admin, organization=branch, title=f"{branch.name}委员会换届选举", kind=Ballot.Kind.CHOOSE,
            candidates=nominees, roll=roll, rule=Ballot.Rule.ELECTION, method=Ballot.Method.PAPER, seats=SEATS,
            purpose="换届选举", held_on=ctx.today)
        entries = list(ballot.roll.all())
        for entry in entries[: len(entries) - len(entries) // 20]:  # 95 % present
            ballots.mark_voted(admin, ballot, entry)
        ballot.refresh_from_db()
        for number in range(1, ballot.present_recorded + 1):
            left_out = 5 if number % 3 else 4  # the fifth candidate gets a third of the votes, the fourth two thirds
            ballots.enter_paper(admin, ballot, number=number, valid=number % 30 != 0,
                                choices={p: "yes" for p in range(1, CANDIDATES + 1) if p != left_out})
        ballots.close_ballot(admin, ballot)
        elections.record_from_ballot(admin, branch, ballot=ballot)
        return 1
    return 0


demo.register_step(add_votes_from_ballots)
