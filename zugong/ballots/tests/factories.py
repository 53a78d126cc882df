"""Small builders for ballot tests."""

from zugong.ballots import services
from zugong.ballots.models import Ballot


def approval(actor, organization, *, candidates=("张三", "李四"), roll=9, rule=Ballot.Rule.TWO_THIRDS_QUORUM,
             method=Ballot.Method.PAPER, **options) -> Ballot:
    return services.open_ballot(actor, organization=organization, title="常委会票决干部任免", kind=Ballot.Kind.APPROVAL,
                                candidates=list(candidates), roll=roll, rule=rule, method=method, **options)


def election(actor, organization, *, candidates=("甲", "乙", "丙", "丁"), seats=3, roll=10, **options) -> Ballot:
    return services.open_ballot(actor, organization=organization, title="支部委员会换届选举", kind=Ballot.Kind.CHOOSE,
                                candidates=list(candidates), roll=roll, rule=Ballot.Rule.ELECTION,
                                method=Ballot.Method.PAPER, seats=seats, **options)


def paper(actor, ballot, marks_list, *, start=1):
    """Enter paper ballots: each item a dict position → choice, or None for an invalid ballot."""
    for number, marks in enumerate(marks_list, start=start):
        services.enter_paper(actor, ballot, number=number, valid=marks is not None, choices=marks or {})
