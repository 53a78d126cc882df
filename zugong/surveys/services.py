"""Use cases of surveys: design (frozen once answered; a new version instead), groups and codes, answering.

Each refuses with a Chinese message naming the field; a refused call writes nothing. Answering online
needs no login: the code is the only key, and using it leaves nothing but ``Invitation.used``.

Races (并发): a design edit locks the survey's row (``ensure_design_open``) and every way of answering holds it in
share mode (``_hold_design``), so the first answer and an edit never cross — the edit then finds the survey answered,
or the answer finds the design changed. A sheet number, a mismatch, a group and a new version are each decided
inside the transaction (a locked row or a unique constraint); the one who comes second is told so and writes nothing.
"""

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone

from zugong.cadres.selectors import promoted_cadres
from zugong.core.access import DomainError, path_in_scope
from zugong.core.audit import record_event, snapshot
from zugong.core.models import AuditEvent
from zugong.core.policy import policy_int
from zugong.core.submissions import constraint_message, integrity_message
from zugong.core.tree import is_within
from zugong.organizations.models import Organization
from zugong.surveys import design as designs
from zugong.surveys.codes import code_length, invitation_for, new_code
from zugong.surveys.models import (
    Answer,
    ExternalAverage,
    Indicator,
    Invitation,
    Option,
    PaperSheet,
    Question,
    RespondentGroup,
    Response,
    Section,
    Survey,
)
from zugong.surveys.policies import MAX_MAIN_INDICATORS, MAX_SECONDARY_INDICATORS

MAX_INVITATIONS_AT_ONCE = 5000
TEXT_ANSWER_MAX = 500


constraint_message("surveys_indicator_code_unique", "该指标代码刚刚已被使用（可能是他人同时新增），本次未保存；请换一个代码")
constraint_message("surveys_question_number_unique", "题号刚刚已被占用（可能是他人同时修改问卷），本次未保存；请刷新页面后重试")
constraint_message("surveys_group_unique", "该单位的这类调查对象组刚刚已建立（可能是他人同时新增），本次未保存")
constraint_message("surveys_sheet_number_unique", "该问卷编号刚刚已由他人录入，本次未保存；请核对问卷编号")
constraint_message("surveys_average_unique", "该指标的这一外部平均分刚刚已由他人登记，本次未保存；请刷新页面查看")


def require(actor, organization: Organization, capability: str = "surveys.manage") -> None:
    if not path_in_scope(actor, capability, organization.path):
        raise DomainError(f"您无权在「{organization}」范围内办理此项调查工作", field="organization")


def ensure_design_open(survey: Survey) -> None:
    """Once anyone has answered, questions, scores and anonymity stay as they were answered.

    Called inside the edit's transaction: the survey's row stays locked until the edit is committed, so an answer
    arriving meanwhile waits for it (``_hold_design``) and one committed before is seen here.
    """
    Survey.objects.select_for_update().filter(pk=survey.pk).values_list("pk").first()
    if Response.objects.filter(survey_id=survey.pk).exists():
        raise DomainError(f"「{survey}」已有答卷，题目、分值和匿名设置不能再修改；如需调整，请建立新版本。")


DESIGN_CHANGED = "问卷刚刚有调整，本份答卷未保存；请刷新页面，按调整后的问卷重新填写"


def _hold_design(survey: Survey) -> str:
    """Inside an answer's transaction: hold the survey's row in share mode — answers do not wait for each other,
    a design edit waits for them and they for it. Returns the survey's status as committed now."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT status FROM surveys_survey WHERE id = %s FOR SHARE", [survey.pk])
            return cursor.fetchone()[0]
    return Survey.objects.filter(pk=survey.pk).values_list("status", flat=True).get()  # SQLite: one writer at a time


def _answers_still_valid(survey: Survey, raw: Mapping[int, object]) -> "list[AnswerData]":
    """The answers checked again once the design is held: a design changed since the first check refuses them."""
    try:
        return check_answers(questions_of(survey), raw)
    except DomainError as error:
        raise DomainError(DESIGN_CHANGED, field="answers") from error


# ---------------------------------------------------------------- design


def create_survey(actor, *, name: str, kind: str, year: int, organization: Organization, anonymous: bool = True,
                  double_entry: bool = False, compare_with: Survey | None = None, intro: str = "",
                  from_template: bool = True) -> Survey:
    require(actor, organization)
    if not name.strip():
        raise DomainError("请填写调查名称", field="name")
    _check_comparison(year, compare_with)
    with transaction.atomic():
        survey = Survey.objects.create(name=name.strip(), kind=kind, year=year, organization=organization,
                                       anonymous=anonymous, double_entry=double_entry, compare_with=compare_with,
                                       intro=intro.strip())
        design = designs.DESIGNS.get(kind) if from_template else None
        if design is not None:
            install_design(survey, design)
        record_event(actor, AuditEvent.Action.CREATE, survey, subject=organization, message=f"新建调查：{survey}")
    return survey


def _check_comparison(year: int, compare_with: Survey | None) -> None:
    if compare_with is not None and compare_with.year >= year:
        raise DomainError(f"对比的调查「{compare_with}」是{compare_with.year}年的，应早于本调查年度{year}年",
                          field="compare_with")


def install_design(survey: Survey, design: designs.Design) -> None:
    indicators: dict[str, Indicator] = {}
    for order, measured in enumerate(design.indicators, 1):
        indicators[measured.code] = Indicator.objects.create(
            survey=survey, code=measured.code, name=measured.name, order=order,
            level=Indicator.Level.MAIN if measured.main else Indicator.Level.SECONDARY)
    number = 0
    for order, (title, questions) in enumerate(design.sections, 1):
        section = Section.objects.create(survey=survey, title=title, order=order)
        for spec in questions:
            number += 1
            question = Question.objects.create(
                survey=survey, section=section, number=number, text=spec.text, kind=spec.kind,
                indicator=indicators.get(spec.indicator) if spec.indicator else None,
                required=spec.kind != Question.Kind.TEXT)
            Option.objects.bulk_create(Option(question=question, label=label, score=score, counted=counted,
                                              order=i) for i, (label, score, counted) in enumerate(spec.scale, 1))
    if design.intro and not survey.intro:
        survey.intro = design.intro
        survey.save(update_fields=["intro"])


def update_survey(actor, survey: Survey, **fields) -> Survey:
    """Name, intro, year, comparison and status may change any time; anonymity only before the first answer."""
    require(actor, survey.organization)
    _check_comparison(fields.get("year", survey.year), fields.get("compare_with", survey.compare_with))
    if "name" in fields and not str(fields["name"]).strip():
        raise DomainError("请填写调查名称", field="name")
    with transaction.atomic():
        if "anonymous" in fields and fields["anonymous"] != survey.anonymous:
            try:
                ensure_design_open(survey)
            except DomainError as error:
                raise DomainError(f"「{survey}」已有答卷，匿名设置不能再更改。", field="anonymous") from error
            if fields["anonymous"] and survey.groups.filter(invitations__invitee__gt="").exists():
                raise DomainError("已发放记名邀请码，不能改为匿名调查；请先作废这些邀请码。", field="anonymous")
        before = snapshot(survey)
        for key, value in fields.items():
            setattr(survey, key, value.strip() if isinstance(value, str) else value)
        survey.save()
        record_event(actor, AuditEvent.Action.UPDATE, survey, before=before, subject=survey.organization)
    return survey


def set_status(actor, survey: Survey, status: str) -> Survey:
    require(actor, survey.organization)
    if status == Survey.Status.OPEN:
        problems = design_problems(survey)
        if problems:
            raise DomainError("问卷还不能开始填写：" + "；".join(problems), field="status")
    return update_survey(actor, survey, status=status)


def design_problems(survey: Survey) -> list[str]:
    """What keeps a design from being answered, in Chinese (empty: ready)."""
    problems = []
    questions = list(survey.questions.prefetch_related("options"))
    if not questions:
        problems.append("还没有题目")
    for question in questions:
        options = list(question.options.all())
        if question.kind != Question.Kind.TEXT and len(options) < 2:
            problems.append(f"第{question.number}题至少需要两个选项")
        if question.indicator_id and question.kind == Question.Kind.SINGLE and not any(
                o.counted and o.score is not None for o in options):
            problems.append(f"第{question.number}题计入指标，但没有计分的选项")
    return problems


def add_indicator(actor, survey: Survey, *, code: str, name: str, level: str) -> Indicator:
    require(actor, survey.organization)
    code, name = code.strip().upper(), name.strip()
    if not code or not name:
        raise DomainError("请填写指标代码和名称", field="code" if not code else "name")
    with transaction.atomic():
        ensure_design_open(survey)  # and, holding the survey, the code and the limit are counted once at a time
        if survey.indicators.filter(code=code).exists():
            raise DomainError(f"指标代码「{code}」已存在", field="code")
        limit = (MAX_MAIN_INDICATORS if level == Indicator.Level.MAIN else MAX_SECONDARY_INDICATORS)
        if survey.indicators.filter(level=level).count() >= policy_int(limit.key):
            raise DomainError(f"{Indicator.Level(level).label}最多{policy_int(limit.key)}个（政策规则「{limit.label}」）",
                              field="level")
        order = (survey.indicators.aggregate(m=Max("order"))["m"] or 0) + 1
        indicator = Indicator.objects.create(survey=survey, code=code, name=name, level=level, order=order)
        record_event(actor, AuditEvent.Action.CREATE, indicator, subject=survey, message=f"新增指标：{name}")
    return indicator


def add_section(actor, survey: Survey, *, title: str) -> Section:
    require(actor, survey.organization)
    if not title.strip():
        raise DomainError("请填写部分标题", field="title")
    with transaction.atomic():
        ensure_design_open(survey)
        order = (survey.sections.aggregate(m=Max("order"))["m"] or 0) + 1
        section = Section.objects.create(survey=survey, title=title.strip(), order=order)
        record_event(actor, AuditEvent.Action.CREATE, section, subject=survey, message=f"新增部分：{section}")
    return section


@dataclass(frozen=True)
class OptionData:
    label: str
    score: int | None
    counted: bool = True


def parse_options(text: str) -> list[OptionData]:
    """Options typed one per line as ``标签=分值``; ``标签=不计分`` (or no score) is an uncounted choice.

    e.g. 好=100 / 较好=80 / 一般=60 / 差=0 / 不了解=不计分
    """
    options = []
    for number, line in enumerate((line.strip() for line in text.splitlines()), 1):
        if not line:
            continue
        label, _sep, score_text = (part.strip() for part in line.replace("＝", "=").partition("="))
        if not label:
            raise DomainError(f"选项第{number}行缺少选项文字", field="options")
        if score_text in ("", "不计分", "不计入"):
            options.append(OptionData(label, None, counted=False))
            continue
        try:
            score = int(score_text)
        except ValueError as exc:
            raise DomainError(f"选项「{label}」的分值应为0—100的整数或“不计分”，收到「{score_text}」",
                              field="options") from exc
        if not 0 <= score <= 100:
            raise DomainError(f"选项「{label}」的分值应在0—100之间，收到{score}", field="options")
        options.append(OptionData(label, score))
    labels = [o.label for o in options]
    repeated = sorted({label for label in labels if labels.count(label) > 1})
    if repeated:
        raise DomainError(f"选项「{'、'.join(repeated)}」重复", field="options")
    return options


def save_question(actor, survey: Survey, *, section: Section, text: str, kind: str, indicator: Indicator | None,
                  required: bool, options: list[OptionData], question: Question | None = None) -> Question:
    """Add a question (``question`` None) or change one; its options are replaced by ``options``."""
    require(actor, survey.organization)
    if section.survey_id != survey.pk or (indicator is not None and indicator.survey_id != survey.pk):
        raise DomainError("所选部分或指标不属于本调查", field="section")
    if not text.strip():
        raise DomainError("请填写题目", field="text")
    if kind == Question.Kind.TEXT:
        options, indicator = [], None
    elif len(options) < 2:
        raise DomainError("选择题至少需要两个选项", field="options")
    if indicator is not None and kind == Question.Kind.MULTIPLE:
        raise DomainError("多选题不能计入指标得分；请改为单选题或不计入指标", field="indicator")
    if indicator is not None and not any(o.counted for o in options):
        raise DomainError("计入指标的题目至少要有一个计分的选项", field="options")
    with transaction.atomic():
        ensure_design_open(survey)
        if question is None:
            number = (survey.questions.aggregate(m=Max("number"))["m"] or 0) + 1
            question = Question(survey=survey, number=number)
            action = AuditEvent.Action.CREATE
        else:
            action = AuditEvent.Action.UPDATE
        before = snapshot(question) if question.pk else None
        question.section, question.text, question.kind = section, text.strip(), kind
        question.indicator, question.required = indicator, required
        question.save()
        question.options.all().delete()
        Option.objects.bulk_create(Option(question=question, label=o.label, score=o.score if o.counted else None,
                                          counted=o.counted and o.score is not None, order=i)
                                   for i, o in enumerate(options, 1))
        record_event(actor, action, question, before=before, subject=survey,
                     message=f"题目：{question}；选项：{format_options(question)}")
    return question


def delete_question(actor, survey: Survey, question: Question) -> None:
    require(actor, survey.organization)
    with transaction.atomic():
        ensure_design_open(survey)
        if not Question.objects.filter(pk=question.pk).exists():  # deleted meanwhile (pressed twice at once)
            raise DomainError(f"第{question.number}题已删除，未重复办理")
        record_event(actor, AuditEvent.Action.DELETE, question, subject=survey, message=f"删除题目：{question}")
        question.delete()
        for number, later in enumerate(survey.questions.order_by("number", "pk"), 1):
            if later.number != number:
                Question.objects.filter(pk=later.pk).update(number=number)


def format_options(question: Question) -> str:
    return " / ".join(f"{o.label}={o.score}" if o.counted else f"{o.label}=不计分" for o in question.options.all())


def new_version(actor, survey: Survey) -> Survey:
    """A copy of the design (indicators, sections, questions, options, groups) to change instead of the answered one.

    A survey whose newer version is still unanswered is changed there: the button pressed twice, or by two people at
    once, makes one version (the surveys of the same name are locked while the version number is counted).
    """
    require(actor, survey.organization)
    with transaction.atomic():
        family = Survey.objects.select_for_update().filter(name=survey.name, organization=survey.organization)
        latest = max((s.version for s in family.order_by("pk")), default=survey.version)
        unused = (Survey.objects.filter(previous_version=survey).exclude(responses__isnull=False)
                  .order_by("version").first())
        if unused is not None:
            raise DomainError(f"「{survey}」已有尚未使用的新版本「{unused}」，请在该版本上修改问卷", field="version")
        copy = Survey.objects.create(
            name=survey.name, kind=survey.kind, year=survey.year, organization=survey.organization,
            anonymous=survey.anonymous, double_entry=survey.double_entry, compare_with=survey.compare_with,
            intro=survey.intro, previous_version=survey, version=max(latest, survey.version) + 1)
        indicators = {}
        for indicator in survey.indicators.all():
            indicators[indicator.pk] = Indicator.objects.create(survey=copy, code=indicator.code, name=indicator.name,
                                                                level=indicator.level, order=indicator.order)
        sections = {s.pk: Section.objects.create(survey=copy, title=s.title, order=s.order)
                    for s in survey.sections.all()}
        for question in survey.questions.prefetch_related("options"):
            new = Question.objects.create(survey=copy, section=sections[question.section_id], number=question.number,
                                          text=question.text, kind=question.kind, required=question.required,
                                          indicator=indicators.get(question.indicator_id or 0))
            Option.objects.bulk_create(Option(question=new, label=o.label, score=o.score, counted=o.counted,
                                              order=o.order) for o in question.options.all())
        for group in survey.groups.all():
            RespondentGroup.objects.create(survey=copy, organization=group.organization, kind=group.kind,
                                           quota=group.quota)
        ExternalAverage.objects.bulk_create(
            ExternalAverage(survey=copy, indicator=indicators[a.indicator_id], level=a.level, value=a.value)
            for a in survey.external_averages.all())
        record_event(actor, AuditEvent.Action.CREATE, copy, subject=survey.organization,
                     message=f"由「{survey}」建立新版本（第{copy.version}版）")
    return copy


def set_external_average(actor, survey: Survey, indicator: Indicator, level: str, value) -> ExternalAverage | None:
    """Enter (or, with ``value`` None, remove) an outside average such as the national one."""
    require(actor, survey.organization)
    if indicator.survey_id != survey.pk:
        raise DomainError("该指标不属于本调查", field="indicator")
    if value is not None and not 0 <= value <= 100:
        raise DomainError(f"平均分应在0—100之间，收到{value}", field="value")
    with transaction.atomic():
        if value is None:
            ExternalAverage.objects.filter(indicator=indicator, level=level).delete()
            return None
        average, _created = ExternalAverage.objects.update_or_create(
            indicator=indicator, level=level, defaults={"survey": survey, "value": value})
        record_event(actor, AuditEvent.Action.UPDATE, survey, subject=survey.organization,
                     message=f"{indicator.name}：{ExternalAverage.Level(level).label} {value}分")
    return average


# ---------------------------------------------------------------- who is asked


def add_group(actor, survey: Survey, *, organization: Organization, kind: str, quota: int) -> RespondentGroup:
    require(actor, survey.organization)
    require(actor, organization)
    if not is_within(organization.path, survey.organization.path):
        raise DomainError(f"「{organization}」不在「{survey.organization}」之下", field="organization")
    exists = f"「{organization}」的{RespondentGroup.Kind(kind).label}组已存在"
    if survey.groups.filter(organization=organization, kind=kind).exists():
        raise DomainError(exists, field="kind")
    with transaction.atomic():
        try:
            with transaction.atomic():  # added at the same moment by someone else: the constraint decides
                group = RespondentGroup.objects.create(survey=survey, organization=organization, kind=kind,
                                                       quota=quota)
        except IntegrityError as error:
            raise DomainError(exists, field="kind") from error
        record_event(actor, AuditEvent.Action.CREATE, group, subject=survey, message=f"调查对象：{group}，{quota}份")
    return group


def issue_invitations(actor, group: RespondentGroup, *, count: int = 0, invitees: Iterable[str] = ()) -> list[Invitation]:
    """``count`` nameless codes, or one code per invitee (only when the survey is not anonymous)."""
    survey = group.survey
    require(actor, group.organization)
    names = [name.strip() for name in invitees if name.strip()]
    if names and survey.anonymous:
        raise DomainError("匿名调查的邀请码不能记名", field="invitees")
    total = len(names) or count
    if not 1 <= total <= MAX_INVITATIONS_AT_ONCE:
        raise DomainError(f"一次可生成1—{MAX_INVITATIONS_AT_ONCE}个邀请码，收到{total}", field="count")
    length = code_length()
    with transaction.atomic():
        invitations = _insert_codes(group, total, length, names)
        record_event(actor, AuditEvent.Action.CREATE, group, subject=survey, message=f"{group}：生成邀请码{total}个")
    return invitations


def _insert_codes(group: RespondentGroup, total: int, length: int, names: list[str], attempts: int = 3
                  ) -> list[Invitation]:
    """``total`` new codes; a code drawn at the same moment by another issue (the unique constraint) draws again."""
    for _attempt in range(attempts):
        codes: set[str] = set()
        while len(codes) < total:
            codes |= {new_code(length) for _ in range(total - len(codes))}
            codes -= set(Invitation.objects.filter(code__in=codes).values_list("code", flat=True))
        try:
            with transaction.atomic():
                return Invitation.objects.bulk_create(
                    Invitation(group=group, code=code, invitee=names[i] if names else "")
                    for i, code in enumerate(sorted(codes)))
        except IntegrityError:
            continue
    raise DomainError("生成邀请码时与同时生成的邀请码重复，本次未生成；请重新提交", field="count")


# ---------------------------------------------------------------- answering


@dataclass(frozen=True)
class AnswerData:
    question: Question
    option: Option | None = None
    text: str = ""


def questions_of(survey: Survey) -> list[Question]:
    return list(survey.questions.select_related("section").prefetch_related("options").order_by("number"))


def _options_by_pk(question: Question) -> dict[int, Option]:
    """The question's options by id, built once per loaded question (an import checks 24,000 rows with it)."""
    found = getattr(question, "_options_by_pk", None)
    if found is None:
        found = {o.pk: o for o in question.options.all()}
        question._options_by_pk = found  # type: ignore[attr-defined]
    return found


def check_answers(questions: list[Question], raw: Mapping[int, object],
                  required: Collection[int] | None = None) -> list[AnswerData]:
    """Answers keyed by question id: an option id (single), option ids (multiple) or text; every problem at once.
    ``required``: the ids of the questions that must be answered (an import's own choice); else the design's."""
    answers: list[AnswerData] = []
    problems = []
    for question in questions:
        must = question.required if required is None else question.pk in required
        value = raw.get(question.pk)
        options = _options_by_pk(question)
        if question.kind == Question.Kind.TEXT:
            text = str(value or "").strip()
            if len(text) > TEXT_ANSWER_MAX:
                problems.append(f"第{question.number}题最多{TEXT_ANSWER_MAX}字")
            elif text:
                answers.append(AnswerData(question, text=text))
            elif must:
                problems.append(f"第{question.number}题未作答")
            continue
        chosen = value if isinstance(value, (list, tuple)) else ([] if value in (None, "") else [value])
        try:
            picked = [options[int(str(v))] for v in chosen]
        except (KeyError, ValueError, TypeError):
            problems.append(f"第{question.number}题的选项无效")
            continue
        if not picked:
            if must:
                problems.append(f"第{question.number}题未作答")
            continue
        if question.kind == Question.Kind.SINGLE and len(picked) > 1:
            problems.append(f"第{question.number}题只能选一项")
            continue
        answers.extend(AnswerData(question, option=o) for o in {o.pk: o for o in picked}.values())
    if problems:
        raise DomainError("；".join(problems), field="answers")
    return answers


def record_responses(survey: Survey, batch: list[tuple[RespondentGroup, list[AnswerData]]], *, channel: str,
                     day: dt.date) -> list[Response]:
    """Write filled questionnaires. Responses carry the group, the day and the channel — nothing else."""
    responses = Response.objects.bulk_create(
        Response(survey=survey, group=group, submitted_on=day, channel=channel) for group, _answers in batch)
    Answer.objects.bulk_create(
        (Answer(response=response, question=a.question, option=a.option, text=a.text,
                indicator_id=a.question.indicator_id,
                score=a.option.counted_score if a.option is not None and a.question.indicator_id else None)
         for response, (_group, answers) in zip(responses, batch, strict=True) for a in answers),
        batch_size=2000)
    return responses


def submit_online(code: str, raw: Mapping[int, object]) -> None:
    """Answer with a code, once. Nothing of the code, the request or the time goes into the answers."""
    invitation = invitation_for(code)
    if invitation is None:
        raise DomainError("邀请码无效，请核对后重新输入", field="code")
    survey = invitation.group.survey
    if survey.status != Survey.Status.OPEN:
        raise DomainError("本调查未开始或已结束，不能提交", field="code")
    check_answers(questions_of(survey), raw)
    with transaction.atomic():
        if _hold_design(survey) != Survey.Status.OPEN:
            raise DomainError("本调查未开始或已结束，不能提交", field="code")
        answers = _answers_still_valid(survey, raw)
        # one UPDATE decides who wins when the same code is submitted twice at once
        if Invitation.objects.filter(pk=invitation.pk, used=False).update(used=True) != 1:
            raise DomainError("此邀请码已经提交过答卷，每个邀请码只能使用一次", field="code")
        record_responses(survey, [(invitation.group, answers)], channel=Response.Channel.ONLINE,
                         day=timezone.localdate())


# ---------------------------------------------------------------- paper questionnaires


def entry_json(answers: list[AnswerData]) -> dict[str, object]:
    chosen: dict[str, list[int]] = {}
    entry: dict[str, object] = {}
    for a in answers:
        key = str(a.question.pk)
        if a.question.kind == Question.Kind.MULTIPLE and a.option is not None:
            chosen.setdefault(key, []).append(a.option.pk)
        else:
            entry[key] = a.option.pk if a.option is not None else a.text
    return entry | {key: sorted(ids) for key, ids in chosen.items()}


def enter_paper_sheet(actor, survey: Survey, *, group: RespondentGroup, number: str,
                      raw: Mapping[int, object]) -> PaperSheet:
    """A teller types a sheet. Single entry stores it at once; double entry waits for a second teller's copy."""
    require(actor, group.organization, "surveys.enter")
    if group.survey_id != survey.pk:
        raise DomainError("调查对象组不属于本调查", field="group")
    if survey.status != Survey.Status.OPEN:
        raise DomainError("本调查未开始或已结束，不能录入", field="number")
    number = number.strip()
    if not number:
        raise DomainError("请填写问卷编号", field="number")
    check_answers(questions_of(survey), raw)
    with transaction.atomic():
        if _hold_design(survey) != Survey.Status.OPEN:
            raise DomainError("本调查未开始或已结束，不能录入", field="number")
        answers = _answers_still_valid(survey, raw)
        entry = entry_json(answers)
        sheet = PaperSheet.objects.select_for_update().filter(survey=survey, number=number).first()
        if sheet is None:
            status = PaperSheet.Status.AWAITING_SECOND if survey.double_entry else PaperSheet.Status.DONE
            try:
                with transaction.atomic():  # the same number typed at the same moment: the constraint decides
                    sheet = PaperSheet.objects.create(survey=survey, group=group, number=number, first_entry=entry,
                                                      first_by=actor, status=status)
            except IntegrityError as error:  # the other sheet is committed now: this entry is measured against it
                sheet = PaperSheet.objects.select_for_update().filter(survey=survey, number=number).first()
                if sheet is None:
                    raise DomainError(integrity_message(error), field="number") from error
            else:
                if status == PaperSheet.Status.DONE:
                    record_responses(survey, [(group, answers)], channel=Response.Channel.PAPER,
                                     day=timezone.localdate())
                return sheet
        if sheet.status != PaperSheet.Status.AWAITING_SECOND:
            raise DomainError(f"问卷编号「{number}」已经录入过", field="number")
        if sheet.first_by_id == actor.pk:
            raise DomainError(f"问卷编号「{number}」的第二次录入须由另一名录入员完成", field="number")
        sheet.second_entry, sheet.second_by = entry, actor
        if sheet.group_id == group.pk and sheet.first_entry == entry:
            sheet.status = PaperSheet.Status.DONE
            record_responses(survey, [(group, answers)], channel=Response.Channel.PAPER, day=timezone.localdate())
        else:
            sheet.status = PaperSheet.Status.MISMATCH
            if sheet.group_id != group.pk:
                sheet.second_entry = {**entry, "group": group.pk}
        sheet.save()
    return sheet


def mismatched_questions(sheet: PaperSheet) -> list[int]:
    """Question ids whose two entries differ (0 stands for the respondent group)."""
    first, second = sheet.first_entry, dict(sheet.second_entry or {})
    differ = [0] if second.pop("group", sheet.group_id) != sheet.group_id else []
    keys = sorted({*first, *second}, key=int)
    return differ + [int(key) for key in keys if first.get(key) != second.get(key)]


def resolve_mismatch(actor, sheet: PaperSheet, *, group: RespondentGroup, raw: Mapping[int, object]) -> PaperSheet:
    """A teller looks at the paper and enters what it says; the sheet is then stored as answered."""
    survey = sheet.survey
    require(actor, sheet.group.organization, "surveys.enter")
    require(actor, group.organization, "surveys.enter")
    if group.survey_id != survey.pk:
        raise DomainError("调查对象组不属于本调查", field="group")
    check_answers(questions_of(survey), raw)
    with transaction.atomic():
        _hold_design(survey)
        answers = _answers_still_valid(survey, raw)
        sheet = PaperSheet.objects.select_for_update().get(pk=sheet.pk)  # two tellers at once: the first decides
        if sheet.status != PaperSheet.Status.MISMATCH:
            raise DomainError(f"问卷编号「{sheet.number}」没有待处理的不一致", field="number")
        sheet.group, sheet.first_entry, sheet.status = group, entry_json(answers), PaperSheet.Status.DONE
        sheet.save()
        record_responses(survey, [(group, answers)], channel=Response.Channel.PAPER, day=timezone.localdate())
        record_event(actor, AuditEvent.Action.UPDATE, sheet, subject=survey,
                     message=f"纸质问卷「{sheet.number}」两次录入不一致，已按原件核定")
    return sheet


# ---------------------------------------------------------------- 一报告两评议: the year's newly promoted cadres


def add_promoted_cadre_questions(actor, survey: Survey) -> list[Question]:
    """One question per cadre promoted in the survey's year under its organization (一报告两评议), on the
    满意/基本满意/不满意/不了解 scale, feeding the new-cadres indicator; cadres already asked about are skipped."""
    require(actor, survey.organization)
    design = designs.DESIGNS[Survey.Kind.REPORT_REVIEW]
    if survey.kind != Survey.Kind.REPORT_REVIEW:
        raise DomainError("只有“一报告两评议”调查按新提拔干部生成评议题目", field="kind")
    with transaction.atomic():  # pressed twice at once: the second waits and finds the questions there
        ensure_design_open(survey)
        indicator = survey.indicators.filter(code=design.extra["per_cadre_indicator"]).first()
        section = survey.sections.order_by("-order", "-pk").first()
        if indicator is None or section is None:
            raise DomainError("问卷缺少“对新提拔干部的评价”指标或问卷部分，请先补上", field="kind")
        asked = set(survey.questions.values_list("text", flat=True))
        options = [OptionData(label, score, counted) for label, score, counted in design.extra["per_cadre_scale"]]
        made = []
        for cadre, tenure in promoted_cadres(survey.year, survey.org_path):
            text = f"对{cadre.name}同志（{tenure.position.title}，{tenure.started_on:%Y年%m月}任职）的评价"
            if text not in asked:
                made.append(save_question(actor, survey, section=section, text=text, kind=Question.Kind.SINGLE,
                                          indicator=indicator, required=True, options=options))
    return made
