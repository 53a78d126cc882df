from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zugong.core.access import DomainError
from zugong.core.audit import history_of
from zugong.core.checks import REGISTRY as CHECKS
from zugong.core.dashboard import panels_for
from zugong.core.forms import PolicyValueForm
from zugong.core.models import PolicyValue
from zugong.core.policy import REGISTRY as POLICIES
from zugong.core.policy import may_change_policy, policy_values, set_policy_value
from zugong.core.selectors import findings_visible_to
from zugong.core.tasks import run_checks_task

DASHBOARD_FINDINGS = 10  # the rest on the findings page, filtered, paged and exported there


def dashboard(request):
    visible = findings_visible_to(request.user)
    counts = dict(visible.order_by().values_list("check_code").annotate(n=Count("pk")).values_list("check_code", "n"))
    summary = [(check, counts[check.code]) for check in CHECKS.values() if counts.get(check.code)]
    chosen = request.GET.get("check", "")
    findings = visible.filter(check_code=chosen) if chosen in CHECKS else visible
    return render(
        request,
        "core/dashboard.html",
        {
            "panels": panels_for(request.user),
            "findings": findings[:DASHBOARD_FINDINGS],
            "findings_total": findings.count(),
            "summary": summary,
            "chosen": chosen,
            "can_run_checks": request.user.has_capability("findings.run"),
        },
    )


@require_POST
def run_checks_now(request):
    prefixes = request.user.scope_prefixes("findings.run")
    if not prefixes:
        raise Http404
    for prefix in prefixes:
        run_checks_task.enqueue(prefix)
    messages.success(request, "已提交检查任务，后台完成后刷新本页即可看到最新预警。")
    return redirect("core:dashboard")


def policy_list(request):
    if not request.user.has_capability("policy.view"):
        raise Http404
    values = policy_values()
    rows = [{"definition": d, "value": values[key]} for key, d in POLICIES.items()]
    return render(request, "core/policy_list.html", {
        "rows": rows, "can_change": may_change_policy(request.user),
        "root_only": request.user.has_capability("policy.change") and not may_change_policy(request.user),
    })


def policy_edit(request, key):
    if not may_change_policy(request.user) or key not in POLICIES:
        raise Http404
    definition = POLICIES[key]
    form = PolicyValueForm(request.POST or None, initial={"value": policy_values(key)[key]})
    if request.method == "POST" and form.is_valid():
        try:
            set_policy_value(request.user, key, form.cleaned_data["value"])
        except DomainError as error:
            form.add_error("value", error.message)
        else:
            messages.success(request, f"「{definition.label}」已更新。")
            return redirect("core:policy_list")
    record = PolicyValue.objects.filter(key=key).first()
    history = history_of(record) if record else []
    return render(request, "core/policy_edit.html", {"form": form, "definition": definition, "history": history})
