"""The JSON API (/api/v1/) and its error handling; apps add their routers."""

from django.db import IntegrityError
from django.http import Http404
from ninja import NinjaAPI, Swagger
from ninja.security import django_auth

from zugong.core.access import DomainError
from zugong.core.submissions import integrity_message

api = NinjaAPI(
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
