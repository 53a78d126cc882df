"""Scope entries of the branch meeting's ballot page of a development case (``development:vote_open``) and of the
三票决's ballot of one body (``development:three_vote_open``) for
``tests/test_scope.py`` (merged as the ballots' areas are). Who changes cases there opens the ballot; everyone else,
and everyone outside, gets 404."""

import datetime as dt

from zugong.core.validators import id_check_char
from zugong.development.models import DevelopmentCase
from zugong.members import periods
from zugong.members.models import Member

TARGETS = {"vote_case"}


def _id_number(birth: dt.date, sequence: int) -> str:
    first17 = f"360721{birth:%Y%m%d}{sequence:03d}"
    return first17 + id_check_char(first17)


def endpoints(Endpoint, personas) -> list:  # noqa: N803  (the class is passed in: test_scope imports this module)
    changers = personas["MEMBER_CHANGERS"]

    def url(o):
        return {"pk": o["vote_case"].pk, "kind": "admission_vote"}

    return [
        Endpoint("development:vote_open", "GET", changers, "vote_case", url_kwargs=url),
        Endpoint("development:vote_open", "POST", changers, "vote_case", ok=(302,), url_kwargs=url,
                 data=lambda o: {"method": "paper", "held_on": dt.date.today().isoformat()}),
        # the 三票决's ballot of one body: inside, the page (a POST is refused on the page, since the department has
        # not adopted 三票决 by default); outside, 404
        Endpoint("development:three_vote_open", "GET", changers, "vote_case", label=" committee",
                 url_kwargs=lambda o: {"pk": o["vote_case"].pk, "body": "branch_committee"}),
        Endpoint("development:three_vote_open", "GET", changers, "vote_case", label=" township",
                 url_kwargs=lambda o: {"pk": o["vote_case"].pk, "body": "township_committee"}),
        Endpoint("development:three_vote_open", "POST", changers, "vote_case", ok=(200,),
                 url_kwargs=lambda o: {"pk": o["vote_case"].pk, "body": "general_meeting"},
                 data=lambda o: {"method": "paper", "held_on": dt.date.today().isoformat()}),
    ]


def objects(target, org, users) -> dict:
    voter = Member.objects.create(
        name="表决人", name_initials="bjr", id_number=_id_number(dt.date(1970, 6, 1), 51), gender="male",
        birth_date=dt.date(1970, 6, 1), education="college", occupation="farmer", joined_on=dt.date(2000, 7, 1),
        full_member_on=dt.date(2001, 7, 1), stage="full", organization=org, dues_category="farmer")
    periods.open_periods([voter])
    case = DevelopmentCase.objects.create(
        name="表决对象", id_number=_id_number(dt.date(2000, 5, 5), 52), gender="female", birth_date=dt.date(2000, 5, 5),
        education="college", occupation="worker", organization=org)
    return {"vote_case": case}
