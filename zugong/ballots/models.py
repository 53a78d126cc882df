"""Secret ballots (票决): a ballot (表决/选举), its candidates (候选人), its roll (应到名单), voting codes (投票码),
paper entries (纸质选票录入) and the cast ballots (选票) with their marks (划票).

Secret by construction (see tests/test_anonymity-style ``zugong/ballots/tests/test_secrecy.py``): a
``CastBallot`` and its ``Mark`` rows hold no voter, no code, no user and no time finer than the day; their keys
are random (UUID), so not even the order of casting survives. The roll's ``has_voted`` (已领票/已投票) is all
that is known of who voted; a ``VotingCode`` knows only whether it was used.
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zugong.organizations.models import Organization


class Ballot(models.Model):
    """One secret vote of a meeting: a question with candidates, a roll, a rule that decides, and a method."""

    class Kind(models.TextChoices):
        APPROVAL = "approval", _("逐人表决（同意/不同意/弃权）")
        YES_NO = "yes_no", _("单项表决（赞成/反对/弃权）")
        CHOOSE = "choose", _("差额选举（限选N人）")

    class Rule(models.TextChoices):
        MAJORITY_OF_DUE = "majority_of_due", _("超过应到会人数半数同意")
        MAJORITY_OF_PRESENT = "majority_of_present", _("超过实到会人数半数同意")
        TWO_THIRDS_QUORUM = "two_thirds_quorum", _("三分之二以上到会、超过应到会人数半数同意（讨论决定）")
        ELECTION = "election", _("超过五分之四到会、超过实到会人数半数当选（选举）")

    class Method(models.TextChoices):
        PAPER = "paper", _("纸质选票")
        ELECTRONIC = "electronic", _("电子投票")

    class Status(models.TextChoices):
        OPEN = "open", _("投票中")
        CLOSED = "closed", _("已结束计票")

    organization = models.ForeignKey(Organization, verbose_name=_("组织"), on_delete=models.PROTECT,
                                     related_name="ballots")
    org_path = models.CharField(max_length=255, editable=False, default="")
    title = models.CharField(_("表决事项"), max_length=200)
    purpose = models.CharField(_("用途"), max_length=200, blank=True)
    kind = models.CharField(_("表决方式"), max_length=20, choices=Kind.choices)
    rule = models.CharField(_("通过规则"), max_length=30, choices=Rule.choices)
    method = models.CharField(_("投票方式"), max_length=20, choices=Method.choices)
    seats = models.PositiveSmallIntegerField(_("应选人数"), default=1)
    write_in = models.BooleanField(_("可另选他人"), default=False)
    double_entry = models.BooleanField(_("纸质选票两人分别录入"), default=False)
    held_on = models.DateField(_("会议日期"))
    entitled = models.PositiveIntegerField(_("应到会人数"))
    roll_on_paper = models.BooleanField(_("应到名单在纸面保存"), default=False)
    present_recorded = models.PositiveIntegerField(_("实到会人数（登记）"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    seal = models.CharField(_("计票封存码"), max_length=64, blank=True, editable=False)
    closed_on = models.DateField(_("结束计票日期"), null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                   related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("票决")
        verbose_name_plural = _("票决")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["org_path", "held_on"], name="ballots_ballot_scope")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.org_path = self.organization.path
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("ballots:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Candidate(models.Model):
    """A name on the ballot (for a yes/no question: the question). Optional links to a member or a cadre."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="candidates")
    position = models.PositiveSmallIntegerField(_("序号"))
    name = models.CharField(_("候选人"), max_length=100)
    member = models.ForeignKey("members.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    cadre = models.ForeignKey("cadres.Cadre", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("候选人")
        verbose_name_plural = _("候选人")
        ordering = ["ballot", "position"]
        constraints = [models.UniqueConstraint(fields=["ballot", "position"], name="ballots_candidate_position")]

    def __str__(self) -> str:
        return self.name


class RollEntry(models.Model):
    """One voter entitled (应到会). ``has_voted``: signed in and took a ballot or a code — nothing more."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="roll")
    position = models.PositiveIntegerField(_("序号"))
    name = models.CharField(_("姓名"), max_length=50)
    member = models.ForeignKey("members.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    has_voted = models.BooleanField(_("已领票"), default=False)

    class Meta:
        verbose_name = _("应到会人员")
        verbose_name_plural = _("应到会人员")
        ordering = ["ballot", "position"]
        constraints = [models.UniqueConstraint(fields=["ballot", "position"], name="ballots_roll_position")]

    def __str__(self) -> str:
        return self.name


class VotingCode(models.Model):
    """A single-use code on a printed slip. ``used`` is all that is known: no time, no voter, no ballot link."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="codes")
    code = models.CharField(_("投票码"), max_length=16, unique=True)
    used = models.BooleanField(_("已使用"), default=False)

    class Meta:
        verbose_name = _("投票码")
        verbose_name_plural = _("投票码")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.code


class CastBallot(models.Model):
    """One ballot in the box. Keep it free of anything that leads to a person or to the order of casting."""

    class Channel(models.TextChoices):
        PAPER = "paper", _("纸质选票")
        ELECTRONIC = "electronic", _("电子投票")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="cast")
    cast_on = models.DateField(_("投票日期"))
    channel = models.CharField(_("方式"), max_length=10, choices=Channel.choices)
    valid = models.BooleanField(_("有效票"), default=True)

    class Meta:
        verbose_name = _("选票")
        verbose_name_plural = _("选票")
        indexes = [models.Index(fields=["ballot", "valid"], name="ballots_cast_tally")]

    def __str__(self) -> str:
        return "选票"


class Mark(models.Model):
    """One mark on a valid ballot: a candidate and a choice (another name written in for 另选他人)."""

    class Choice(models.TextChoices):
        YES = "yes", _("同意")
        NO = "no", _("不同意")
        ABSTAIN = "abstain", _("弃权")
        OTHER = "other", _("另选他人")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    cast_ballot = models.ForeignKey(CastBallot, on_delete=models.CASCADE, related_name="marks")
    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="+")  # a tally reads one table
    candidate = models.ForeignKey(Candidate, null=True, blank=True, on_delete=models.PROTECT, related_name="marks")
    choice = models.CharField(_("选择"), max_length=10, choices=Choice.choices)
    written_name = models.CharField(_("另选人姓名"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("划票")
        verbose_name_plural = _("划票")
        # the tally groups by these four: the index alone answers it
        indexes = [models.Index(fields=["ballot", "candidate", "choice", "written_name"], name="ballots_mark_count")]

    def __str__(self) -> str:
        return self.get_choice_display()


class PaperEntry(models.Model):
    """A paper ballot typed by a teller; with double entry a second teller types it again.

    ``number`` is the counting number tellers write on the ballots after the box is opened and shuffled —
    not a voter. The ballot becomes a ``CastBallot`` once the entries agree (or a mismatch is resolved); the
    entry does not point at it.
    """

    class Status(models.TextChoices):
        AWAITING_SECOND = "awaiting_second", _("待第二人录入")
        MISMATCH = "mismatch", _("两次录入不一致")
        DONE = "done", _("已计入")

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="paper_entries")
    number = models.PositiveIntegerField(_("选票序号"))
    first_entry = models.JSONField(default=dict)
    first_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    second_entry = models.JSONField(null=True, blank=True)
    second_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices)

    class Meta:
        verbose_name = _("纸质选票录入")
        verbose_name_plural = _("纸质选票录入")
        ordering = ["number", "pk"]
        constraints = [models.UniqueConstraint(fields=["ballot", "number"], name="ballots_entry_number_unique")]

    def __str__(self) -> str:
        return f"第{self.number}张"
