from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from zhifa.catalog import selectors as catalog_selectors
from zhifa.core.api import ERRORS, Paging, scope_of
from zhifa.core.errors import NotFound
from zhifa.core.params import Day, Id
from zhifa.organizations.models import Region
from zhifa.personnel import selectors, services
from zhifa.personnel.models import Certificate, Officer

router = Router(tags=["执法人员与执法证"])


class CertificateOut(Schema):
    id: int
    number: str
    issuing_authority: str
    fields: list[str]
    area_code: str
    area_name: str
    valid_from: date
    valid_until: date
    status: str
    current_status: str
    status_reason: str

    @staticmethod
    def resolve_fields(obj: Certificate) -> list[str]:
        return [f.name for f in obj.fields.all()]

    @staticmethod
    def resolve_area_code(obj: Certificate) -> str:
        return obj.area.code

    @staticmethod
    def resolve_area_name(obj: Certificate) -> str:
        return obj.area.name

    @staticmethod
    def resolve_current_status(obj: Certificate) -> str:
        return selectors.current_status(obj)


class OfficerOut(Schema):
    id: int
    name: str
    agency_id: int
    agency_name: str
    unit: str | None
    position: str
    status: str
    law_qualification: bool
    certificates: list[CertificateOut]

    @staticmethod
    def resolve_agency_name(obj: Officer) -> str:
        return obj.agency.name

    @staticmethod
    def resolve_unit(obj: Officer) -> str | None:
        return obj.unit.name if obj.unit else None

    @staticmethod
    def resolve_certificates(obj: Officer) -> list[Certificate]:
        return list(obj.certificates.all())


class ActCheckOut(Schema):
    allowed: bool
    certificate: str | None
    reasons: list[str]
    rule: str


class ReasonIn(Schema):
    reason: str


class RenewIn(Schema):
    valid_until: Day
    reason: str


@router.get("/officers", response={200: list[OfficerOut], **ERRORS}, summary="执法人员列表")
@paginate(Paging)
def list_officers(
    request: HttpRequest, search: str = "", agency_id: Id | None = None, certificate_status: str = ""
) -> object:
    return selectors.officer_list(
        scope=scope_of(request), search=search, agency_id=agency_id, certificate_status=certificate_status
    )


@router.get("/officers/{officer_id}", response={200: OfficerOut, **ERRORS}, summary="执法人员详情")
def get_officer(request: HttpRequest, officer_id: Id) -> Officer:
    return selectors.officer_get(scope=scope_of(request), officer_id=officer_id)


@router.get(
    "/officers/{officer_id}/may-act",
    response={200: ActCheckOut, **ERRORS},
    summary="执法资格核验：某人员在某日某地能否办理某事项",
)
def may_act(request: HttpRequest, officer_id: Id, item_id: Id, area: str, on: Day) -> dict[str, object]:
    scope = scope_of(request)
    officer = selectors.officer_get(scope=scope, officer_id=officer_id)
    item = catalog_selectors.item_get(scope=scope, item_id=item_id)
    region = Region.objects.filter(code=area).first()
    if region is None:
        raise NotFound(f"区划代码“{area}”不存在")
    check = selectors.may_act(officer=officer, item=item, area=region, on=on)
    return {
        "allowed": check.allowed,
        "certificate": check.certificate.number if check.certificate else None,
        "reasons": check.reasons,
        "rule": check.rule,
    }


def _managed_certificate(request: HttpRequest, certificate_id: Id) -> Certificate:
    scope = scope_of(request)
    cert = (
        Certificate.objects.filter(scope.agency_q("officer__agency"), pk=certificate_id)
        .select_related("officer")
        .first()
    )
    if cert is None:
        raise NotFound("未找到该执法证，或您无权查看")
    services.require_certificate_manager(actor=request.user)
    return cert


@router.post(
    "/certificates/{certificate_id}/suspend", response={200: CertificateOut, **ERRORS}, summary="暂扣执法证"
)
def suspend(request: HttpRequest, certificate_id: Id, body: ReasonIn) -> Certificate:
    cert = _managed_certificate(request, certificate_id)
    return services.certificate_suspend(certificate=cert, reason=body.reason, actor=request.user)


@router.post(
    "/certificates/{certificate_id}/reinstate", response={200: CertificateOut, **ERRORS}, summary="发还执法证"
)
def reinstate(request: HttpRequest, certificate_id: Id, body: ReasonIn) -> Certificate:
    cert = _managed_certificate(request, certificate_id)
    return services.certificate_reinstate(certificate=cert, reason=body.reason, actor=request.user)


@router.post(
    "/certificates/{certificate_id}/revoke", response={200: CertificateOut, **ERRORS}, summary="收回执法证"
)
def revoke(request: HttpRequest, certificate_id: Id, body: ReasonIn) -> Certificate:
    cert = _managed_certificate(request, certificate_id)
    return services.certificate_revoke(certificate=cert, reason=body.reason, actor=request.user)


@router.post(
    "/certificates/{certificate_id}/renew", response={200: CertificateOut, **ERRORS}, summary="换证延期"
)
def renew(request: HttpRequest, certificate_id: Id, body: RenewIn) -> Certificate:
    cert = _managed_certificate(request, certificate_id)
    return services.certificate_renew(
        certificate=cert, valid_until=body.valid_until, reason=body.reason, actor=request.user
    )
