"""Every record that copies its organization's path (``org_path``, for index-only subtree lists) follows a move:
otherwise a moved branch's records would vanish from its new township's lists and stay in the old one's."""

import datetime as dt

from django.apps import apps

from zugong.appointments.models import SelectionCase
from zugong.assessments.models import FollowUp, Result, Round, Scheme
from zugong.ballots.models import Ballot
from zugong.branchlife.models import Meeting, VillageDecision
from zugong.cadres.models import Cadre
from zugong.campaigns.models import Campaign, ContactPoint, InspectionFinding, Task, WorkGroup
from zugong.campaigns.models import Visit as CampaignVisit
from zugong.complaints.models import Report
from zugong.development.models import DevelopmentCase, EvaluationRound
from zugong.members.models import Member, MembershipPeriod
from zugong.members.services import create_member
from zugong.members.tests.test_members import fields
from zugong.organizations.services import move_organization
from zugong.pairing.models import MicroLoan, Pairing, Project, Venue, Visit
from zugong.performance.models import PeriodScore, Scorecard
from zugong.performance.models import Template as PerformanceTemplate
from zugong.portal.models import Article as PortalArticle
from zugong.surveys.tests.factories import make_group, make_survey
from zugong.talent.models import (
    Application,
    Program,
    ProgramRound,
    RecognitionList,
    Talent,
    TalentCategory,
    TalentFund,
)


def test_every_path_copy_follows_a_moved_branch(county, department_admin):
    branch = county.village
    member = create_member(department_admin, **fields(branch, name="张三"))
    records = [
        member, MembershipPeriod.objects.get(member=member),
        DevelopmentCase.objects.create(name="李四", id_number="x", gender="male", birth_date=dt.date(2000, 1, 1),
                                       education="college", occupation="worker", organization=branch),
        EvaluationRound.objects.create(organization=branch, year=2025, self_assessed_on=dt.date(2025, 12, 1),
                                       mutually_evaluated_on=dt.date(2025, 12, 2), voted_on=dt.date(2025, 12, 3)),
        Cadre.objects.create(name="王五", gender="男", birth=dt.date(1980, 1, 1), organization=branch),
    ]
    survey = make_survey(branch)
    records += [survey, make_group(survey, branch),
                Ballot.objects.create(organization=branch, title="支部大会表决", kind=Ballot.Kind.YES_NO,
                                      rule=Ballot.Rule.MAJORITY_OF_DUE, method=Ballot.Method.PAPER,
                                      held_on=dt.date(2025, 6, 1), entitled=9),
                SelectionCase.objects.create(title="提拔副职", unit=branch),
                Report.objects.create(number="12380-2025-0001", year=2025, serial=1, channel=Report.Channel.LETTER,
                                      received_on=dt.date(2025, 6, 1), person_name="赵六", unit=branch, content="x"),
                Meeting.objects.create(organization=branch, kind=Meeting.Kind.COMMITTEE, held_on=dt.date(2025, 6, 1),
                                       topic="研究"),
                VillageDecision.objects.create(organization=branch, title="村道硬化")]
    scheme = Scheme.objects.get(code="five_good_branch")
    assessed = Round.objects.create(scheme=scheme, organization=branch, name="考核", year=2025,
                                    starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2025, 12, 31))
    records += [assessed, Result.objects.create(round=assessed, organization=branch, target_label="东风村党支部"),
                FollowUp.objects.create(organization=branch, title="回访复查", due_on=dt.date(2025, 6, 1))]
    pairing = Pairing.objects.create(helper_kind="organization", helper_organization=county.township, village=branch,
                                     started_on=dt.date(2025, 3, 1))
    records += [pairing, Project.objects.create(pairing=pairing, title="蔬菜大棚", kind="industry", funds_planned=1000,
                                                planned_on=dt.date(2025, 4, 1)),
                Venue.objects.create(village=branch, kind="new", area=300, funds=1000, started_on=dt.date(2025, 5, 1)),
                Visit.objects.create(pairing=pairing, visited_on=dt.date(2025, 6, 1), visitors="王", content="走访"),
                MicroLoan.objects.create(member=member, amount=1000, bank="县农商银行", applied_on=dt.date(2025, 2, 1))]
    campaign = Campaign.objects.create(title="三抓三促", organization=branch, starts_on=dt.date(2025, 3, 1),
                                       ends_on=dt.date(2025, 12, 31))
    leader = Cadre.objects.create(name="赵领导", gender="男", birth=dt.date(1970, 1, 1), organization=county.county)
    inspection = campaign.inspections.create(title="督查", kind="planned", started_on=dt.date(2025, 5, 1),
                                             ended_on=dt.date(2025, 5, 2))
    records += [campaign, WorkGroup.objects.create(campaign=campaign, name="工作组", village=branch,
                                                   leader_organization=county.agency_branch),
                ContactPoint.objects.create(campaign=campaign, cadre=leader, holder="leader", kind="village",
                                            organization=branch),
                CampaignVisit.objects.create(campaign=campaign, cadre=leader, organization=branch,
                                             visited_on=dt.date(2025, 4, 1), purpose="调研"),
                Task.objects.create(campaign=campaign, title="五个一", deadline=dt.date(2025, 6, 30), organization=branch),
                InspectionFinding.objects.create(inspection=inspection, organization=branch, rating="good")]
    scorecards = PerformanceTemplate.objects.create(organization=branch, year=2025, name="机关平衡计分卡")
    card = Scorecard.objects.create(template=scorecards, unit=county.village_unit, organization=branch, label="东风村")
    period = scorecards.periods.create(number=1, starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2025, 1, 15))
    records += [scorecards, card, PeriodScore.objects.create(period=period, scorecard=card, organization=branch,
                                                              total=90, rank=1)]
    category, _new = TalentCategory.objects.get_or_create(code="professional", defaults={"name": "专业技术人才"})
    talent = Talent.objects.create(member=member, category=category, organization=branch)
    talent_round = ProgramRound.objects.create(program=Program.objects.create(name="高层次人才1123工程"),
                                               title="第一批", organization=branch,
                                               opens_on=dt.date(2025, 1, 1), closes_on=dt.date(2025, 2, 1))
    records += [talent, talent_round,
                Application.objects.create(round=talent_round, talent=talent, project="新材料"),
                TalentFund.objects.create(name="人才基金", organization=branch),
                RecognitionList.objects.create(title="泽州工匠", year=2025, organization=branch,
                                               announced_on=dt.date(2025, 5, 1))]
    records.append(PortalArticle.objects.create(organization=branch, kind="news", title="组工信息", body="正文"))
    copies = {model for model in apps.get_models() if any(f.name == "org_path" for f in model._meta.fields)}
    assert copies == {type(record) for record in records}, "a new model with org_path needs follow_moves and a row here"
    move_organization(department_admin, branch, county.other_township)
    branch.refresh_from_db()
    assert branch.path.startswith(county.other_township.path)
    for record in records:
        record.refresh_from_db()
        assert record.org_path == branch.path, type(record).__name__
    assert list(Member.objects.under(county.other_township)) == [member]
