"""The JSON API (/api/v1/) and its error handling; apps add their routers.

Every error a client can cause is a 4xx whose ``detail`` is a Chinese sentence: a refused use case (400, with
``field``), a missing or out-of-scope record (404), a database constraint (409), input outside the schema's bounds
(422: ``detail`` names every refused field, ``errors`` lists them one by one), and ninja's own refusals (401, 403,
a body that is not JSON).
"""

from django.db import IntegrityError
from django.http import Http404
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError, ValidationErrorContext
from ninja.security import django_auth

from zugong.core import api_errors
from zugong.core.access import DomainError
from zugong.core.submissions import integrity_message


class ChineseValidationAPI(NinjaAPI):
    """Validation errors carry the field's Chinese title and a Chinese reason, not pydantic's English."""

    def validation_error_from_error_contexts(self, error_contexts: list[ValidationErrorContext]) -> ValidationError:
        errors = []
        for context in error_contexts:
            model = context.model
            source = model.__ninja_param_source__
            for error in context.pydantic_validation_error.errors(include_url=False, include_input=False):
                loc = model.__ninja_flatten_map_reverse__.get(error["loc"], error["loc"])
                name = api_errors.public_name(source, loc)
                detail = api_errors.describe(error, api_errors.title_at(model, error["loc"]), name)
                errors.append({"field": name, "type": error["type"], "detail": detail})
        return ValidationError(errors)


api = ChineseValidationAPI(
    title="组工 zugong API",
    version="1",
    description="党组织与单位的读写接口；与页面使用同一访问控制层（范围外与不存在均返回 404）。",
    auth=django_auth,
    urls_namespace="api",
    # No validator badge: it would call a host outside the office network.
    docs=Swagger(settings={"validatorUrl": None}),
)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    return api.create_response(request, {"detail": exc.message, "field": exc.field}, status=400)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "未找到该记录，或不在您的权限范围内"}, status=404)


@api.exception_handler(IntegrityError)
def conflict(request, exc: IntegrityError):
    return api.create_response(request, {"detail": integrity_message(exc)}, status=409)


@api.exception_handler(ValidationError)
def invalid_input(request, exc: ValidationError):
    errors = exc.errors
    return api.create_response(request, {
        "detail": "；".join(e.get("detail", api_errors.GENERAL) for e in errors[:10]),
        "field": errors[0].get("field", "") if errors else "",
        "errors": errors,
    }, status=422)


_NINJA_REFUSALS = {
    "Cannot parse request body": "请求内容不是合法的 JSON",
    "CSRF check Failed": "CSRF 校验失败：请从本系统的页面发起请求，或在 X-CSRFToken 请求头中携带令牌",
}


@api.exception_handler(HttpError)
def refused(request, exc: HttpError):
    if isinstance(exc, AuthenticationError):
        detail = "请先登录"
    else:
        detail = _NINJA_REFUSALS.get(exc.message.split(" (")[0], f"请求未被接受（{exc.status_code}）")
    return api.create_response(request, {"detail": detail}, status=exc.status_code)
