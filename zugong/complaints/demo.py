"""Demo 12380 reports (12380举报示范数据): sixty reports of the first county over this year and the last, in every
state of the procedure, through the services (so through ``procedure.refusal``) on their own backdated days.

Every channel (web reports with a receipt, letters, 12380 calls, visits), every kind, every outcome; some forwarded
to 纪委监委, some outside remit, one extension; a few named reporters (the identity sealed by the service), most
anonymous. The people reported are mostly cadres of the register (linked: the cadre, the unit = the cadre's
organization), some party members, a few web reports left unlinked at the top organization. One open report is about
a candidate of an open selection case, so that case shows the 12380 hold (``holds.py``); the cadres of every other
selection case are left out, so that an outcome of 属实 stops no demo case.

A few receipt codes (and their registration numbers) are written to the log, as the demo prints its accounts, so a
tester can open /r/ with them; the codes themselves are kept nowhere.
"""

import datetime as dt
import logging
import random
from dataclasses import dataclass

from zugong.accounts.models import User
from zugong.appointments.models import CaseCandidate, SelectionCase
from zugong.cadres.models import Cadre, Tenure
from zugong.complaints import services
from zugong.complaints.models import Report
from zugong.complaints.sealing import grouped
from zugong.core.access import DomainError
from zugong.core.validators import id_check_char
from zugong.members.models import Member
from zugong.organizations import demo
from zugong.organizations.models import Organization

log = logging.getLogger(__name__)

C, K, S, OUT, D = Report.Channel, Report.Kind, Report.Status, Report.Outcome, Report.Decision
TOTAL = 60
RECEIPTS_SHOWN = 3
HELD, EXTENDED = 42, 43  # the first two reports left in 核查 (STATES below)

# The state each of the sixty reports is left in (closed ones first: they are the oldest).
STATES = ([S.CLOSED] * 30 + [S.REPLIED] * 4 + [S.CONCLUDED] * 4 + [S.NOT_ACCEPTED] * 4 + [S.VERIFYING] * 6
          + [S.ASSIGNED] * 4 + [S.ACCEPTED] * 4 + [S.REGISTERED] * 4)
# Outcomes of the reports that reach 办结, in turn (not found true is the most common result of a 核查).
OUTCOMES = [OUT.FALSE, OUT.PARTLY, OUT.FALSE, OUT.UNVERIFIABLE, OUT.TRUE, OUT.FALSE, OUT.PARTLY, OUT.UNVERIFIABLE]
CHANNELS = [C.LETTER, C.PHONE, C.WEB, C.LETTER, C.PHONE, C.VISIT, C.PHONE, C.LETTER, C.WEB, C.PHONE]
KINDS = [K.DISCIPLINE, K.CONDUCT, K.SELECTION, K.DISCIPLINE, K.OTHER, K.CONDUCT]
CONTENT = {
    K.SELECTION: ["反映其在民主推荐前打招呼拉票", "反映其突击提拔身边工作人员", "反映其档案中出生日期涂改"],
    K.DISCIPLINE: ["反映其违规收受管理服务对象礼金", "反映其违规操办子女婚宴", "反映其公车私用"],
    K.CONDUCT: ["反映其对群众办事推诿拖延", "反映其工作日午间饮酒", "反映其长期不在岗"],
    K.OTHER: ["反映其亲属违规享受低保", "反映其违规参与村集体工程"],
}
OUTSIDE_NOTES = ["反映的是邻里土地纠纷，不属于组织部门受理范围，已告知向乡镇信访办反映",
                 "反映的是企业劳动报酬问题，不属于组织部门受理范围，已告知向人社部门反映"]
REPLIES = {OUT.TRUE: "经核查，反映的问题属实，已按规定处理。感谢您的监督。",
           OUT.PARTLY: "经核查，反映的问题部分属实，已责成当事人作出说明并整改。",
           OUT.FALSE: "经核查，反映的问题不属实。感谢您对组织工作的关心。",
           OUT.UNVERIFIABLE: "经核查，因线索不具体，反映的问题无法核实。如有新的线索，欢迎继续反映。"}


@dataclass
class Person:
    name: str
    unit: Organization
    post: str = ""
    cadre: Cadre | None = None
    member: Member | None = None
    linked: bool = True  # False: a web report nobody has matched to the tree yet


def _people(ctx: demo.DemoContext, county: Organization) -> tuple[list[Person], list[Person], Person | None]:
    """Cadres in office (none who is anyone's candidate), members, and the candidate of one open selection case."""
    candidates = CaseCandidate.objects.filter(cadre__isnull=False)
    open_candidate = (candidates.filter(case__status=SelectionCase.Status.OPEN, dropped_reason="", appointed=False,
                                        case__org_path__startswith=county.path)
                      .select_related("cadre__organization", "position").order_by("case__pk", "pk").first())
    tenures = (Tenure.objects.filter(ended_on__isnull=True, cadre__status="serving",
                                     cadre__org_path__startswith=county.path)
               .exclude(cadre_id__in=candidates.values("cadre_id"))
               .select_related("cadre__organization", "position").order_by("pk")[:400])
    seen: set[int] = set()
    cadres = []
    for tenure in tenures:
        if tenure.cadre_id not in seen:
            seen.add(tenure.cadre_id)
            cadres.append(Person(tenure.cadre.name, tenure.cadre.organization, tenure.position.title, tenure.cadre))
    members = [Person(m.name, m.organization, "", member=m) for m in Member.objects.active().filter(
        org_path__startswith=county.path).exclude(cadre__isnull=False).select_related("organization").order_by("pk")[:200]]
    held = None
    if open_candidate is not None and (cadre := open_candidate.cadre) is not None:
        held = Person(cadre.name, cadre.organization, open_candidate.position.title, cadre)
    return (ctx.rng.sample(cadres, min(len(cadres), 45)), ctx.rng.sample(members, min(len(members), 10)), held)


def _identity(rng: random.Random, county: Organization) -> dict[str, str]:
    birth = dt.date(rng.randint(1960, 1995), rng.randint(1, 12), rng.randint(1, 28))
    first17 = f"360723{birth:%Y%m%d}{rng.randint(100, 999)}"
    return {"name": demo.person_name(rng), "phone": f"139{rng.randint(10000000, 99999999)}",
            "id_number": first17 + id_check_char(first17),
            "address": f"{county.name.removesuffix('县委').removesuffix('委')}人民路{rng.randint(1, 200)}号"}


def _after(rng: random.Random, day: dt.date | None, low: int, high: int, today: dt.date) -> dt.date:
    assert day is not None  # the previous step's day, set by the service that took it
    return min(day + dt.timedelta(days=rng.randint(low, high)), today)


def add_reports(ctx: demo.DemoContext) -> None:
    actor = User.objects.filter(username="admin").first()
    county = ctx.counties[0] if ctx.counties else ctx.root
    if actor is None or county is None:
        return
    rng, today = ctx.rng, ctx.today
    top = services.top_organization()
    cadres, members, held = _people(ctx, county)
    first_day = dt.date(today.year - 1, 1, 1)
    made: list[tuple[Report, str | None]] = []
    for number, state in enumerate(STATES):
        channel = CHANNELS[number % len(CHANNELS)]
        kind = KINDS[number % len(KINDS)]
        if number == HELD and held is not None:  # the first report left in 核查: about the open case's candidate
            person, kind = held, K.SELECTION
        elif channel == C.WEB and number % 4 == 2:  # a web report nobody has matched yet
            person = Person(demo.person_name(rng), top, "某局副局长", linked=False)
        elif number % 6 == 5 and members:
            person = members[number % len(members)]
        elif cadres:
            person = cadres[number % len(cadres)]
        else:
            person = Person(demo.person_name(rng), top, linked=False)
        received = _received_on(rng, state, number, first_day, today)
        identity = _identity(rng, county) if number % 7 == 3 else None
        report, code = _register(actor, channel, received, person, kind, identity, rng, top)
        _walk(actor, report, state, number, rng, today, has_receipt=code is not None)
        made.append((report, code))
    ctx.counts["12380举报"] = len(made)
    _log_receipts(made)


def _received_on(rng: random.Random, state: str, number: int, first_day: dt.date, today: dt.date) -> dt.date:
    if state == S.REGISTERED:  # waiting for the 受理 decision: received lately, the last one past its deadline
        return today - dt.timedelta(days=30 if number == len(STATES) - 1 else rng.randint(0, 8))
    if state in (S.ACCEPTED, S.ASSIGNED, S.VERIFYING, S.NOT_ACCEPTED):
        return today - dt.timedelta(days=85 if number == EXTENDED else rng.randint(15, 60))
    if state in (S.CONCLUDED, S.REPLIED):
        return today - dt.timedelta(days=rng.randint(60, 120))
    span = max(1, (today - first_day).days - 130)  # closed: spread over both years, time left to close them
    return first_day + dt.timedelta(days=rng.randint(0, span))


def _register(actor, channel, received, person: Person, kind, identity, rng, top) -> tuple[Report, str | None]:
    content = rng.choice(CONTENT[kind])
    details = {"person_name": person.name, "person_unit": person.unit.name.removesuffix("党委")
               .removesuffix("机关党支部").removesuffix("党支部"), "person_post": person.post,
               "content": f"{content}。", "kind": kind, "identity": identity,
               "happened": f"{received.year}年{max(1, received.month - 1)}月"}
    if channel == C.WEB:
        report, code = services.register_report(None, channel="", received_on=received, filed_on=received, **details)
        if person.linked:  # staff match the person to the register
            report = services.link_person(actor, report, unit=person.unit, cadre=person.cadre, member=person.member)
        return report, code
    report, code = services.register_report(actor, channel=channel, received_on=received, unit=person.unit, **details)
    if person.cadre or person.member:
        report = services.link_person(actor, report, unit=person.unit, cadre=person.cadre, member=person.member)
    return report, code


def _walk(actor, report: Report, state: str, number: int, rng: random.Random, today: dt.date, *,
          has_receipt: bool) -> None:
    """Take the report's steps on their days up to ``state``; a step the procedure refuses ends the walk there."""
    try:
        _steps(actor, report, state, number, rng, today, has_receipt)
    except DomainError as refused:
        log.warning("示范12380举报%s停在「%s」：%s", report.number, report.get_status_display(), refused.message)


def _steps(actor, report: Report, state: str, number: int, rng: random.Random, today: dt.date,
           has_receipt: bool) -> None:
    if state == S.REGISTERED:
        return
    day = _after(rng, report.received_on, 1, 9, today)
    outside = state == S.NOT_ACCEPTED or (state == S.CLOSED and number % 10 in (4, 9))
    if outside:
        forward = number % 2 == 0
        services.decide(actor, report, day=day, decision=D.FORWARD if forward else D.OUTSIDE,
                        forwarded_to="县纪委监委" if forward else "",
                        note="反映问题属于纪检监察机关管辖，已转交" if forward else OUTSIDE_NOTES[number % 2])
        if state == S.NOT_ACCEPTED:
            return
        _reply_and_close(actor, report, state, has_receipt, "您反映的问题已按规定" + ("转县纪委监委办理。" if forward else
                                                                        "告知受理途径。"), rng, today)
        return
    services.decide(actor, report, day=day, decision=D.ACCEPT, note="属于组织部门受理范围")
    if state == S.ACCEPTED:
        return
    services.assign(actor, report, handler=actor, day=_after(rng, report.decided_on, 0, 4, today))
    if state == S.ASSIGNED:
        return
    services.start_verification(actor, report, day=_after(rng, report.assigned_on, 1, 6, today),
                                note="调阅有关材料，找相关人员谈话了解情况")
    if number == EXTENDED:  # the one extension: a 核查 reaching several units
        services.extend(actor, report, days=30, reason="涉及多个单位，需延长核查时间",
                        day=_after(rng, report.verification_started_on, 5, 15, today))
    if state == S.VERIFYING:
        return
    late = number in (3, 17)  # two concluded after the deadline
    outcome = OUTCOMES[number % len(OUTCOMES)]
    services.conclude(actor, report, outcome=outcome, note=f"经核查，{REPLIES[outcome][4:].split('。')[0]}。",
                      day=_after(rng, report.verification_started_on, 70, 80, today) if late
                      else _after(rng, report.verification_started_on, 10, 40, today))
    if state == S.CONCLUDED:
        return
    _reply_and_close(actor, report, state, has_receipt, REPLIES[outcome], rng, today)


def _reply_and_close(actor, report: Report, state: str, has_receipt: bool, text: str, rng: random.Random,
                     today: dt.date) -> None:
    if has_receipt:
        via = Report.ReplyVia.RECEIPT
    elif not report.anonymous:
        via = Report.ReplyVia.PHONE if report.pk % 2 else Report.ReplyVia.LETTER
    else:
        via, text = Report.ReplyVia.NONE, "匿名举报，无联系方式，无法答复，办理结果存档备查。"
    services.reply(actor, report, text=text, via=via,
                   day=_after(rng, report.concluded_on or report.decided_on, 1, 6, today))
    if state == S.CLOSED:
        services.close(actor, report, day=_after(rng, report.replied_on, 0, 5, today))


def _log_receipts(made: list[tuple[Report, str | None]]) -> None:
    """A receipt of a report answered on line, one closed and one still in 核查 (what a reporter would see)."""
    chosen: list[tuple[Report, str]] = []
    for wanted in (S.REPLIED, S.CLOSED, S.VERIFYING, S.ASSIGNED, S.ACCEPTED, S.REGISTERED):
        for report, code in made:
            if code and report.status == wanted and all(report.pk != r.pk for r, _c in chosen):
                chosen.append((report, code))
                break
        if len(chosen) == RECEIPTS_SHOWN:
            break
    for report, code in chosen:
        log.info("12380举报查询码（在 /r/ 查看办理情况）：%s  %s（%s）", grouped(code), report.number,
                 report.get_status_display())


demo.register_step(add_reports)
# Reports (and with them their sealed identities, receipts, messages and evidence rows) go before the tree, the
# users and the cadres they point at.
demo.RESET_MODELS[:0] = [Report]
