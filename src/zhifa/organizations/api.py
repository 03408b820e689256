from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from zhifa.core.api import ERRORS, Paging, scope_of
from zhifa.core.params import Id
from zhifa.organizations import selectors
from zhifa.organizations.models import Agency, Region

router = Router(tags=["区划与执法主体"])


class RegionOut(Schema):
    id: int
    code: str
    name: str
    level: str
    parent_code: str | None
    is_functional_area: bool

    @staticmethod
    def resolve_parent_code(obj: Region) -> str | None:
        return obj.parent.code if obj.parent else None


class AgencyOut(Schema):
    id: int
    name: str
    credit_code: str
    kind: str
    region_code: str
    region_name: str
    field: str
    address: str
    consultation_phone: str
    supervision_phone: str

    @staticmethod
    def resolve_region_code(obj: Agency) -> str:
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj: Agency) -> str:
        return obj.region.name


class AgencyDetailOut(AgencyOut):
    legal_basis: str
    legal_unit: str | None
    parent: str | None
    branch_kind: str
    entrusted_by: str | None
    deciding_agency: str

    @staticmethod
    def resolve_legal_unit(obj: Agency) -> str | None:
        return obj.legal_unit.name if obj.legal_unit else None

    @staticmethod
    def resolve_parent(obj: Agency) -> str | None:
        return obj.parent.name if obj.parent else None

    @staticmethod
    def resolve_entrusted_by(obj: Agency) -> str | None:
        return obj.entrusted_by.name if obj.entrusted_by else None

    @staticmethod
    def resolve_deciding_agency(obj: Agency) -> str:
        """行政处罚法 Art.20: a 受委托组织's decisions are made in the entrusting agency's name."""
        return obj.deciding_agency.name


@router.get("/regions", response={200: list[RegionOut], **ERRORS}, summary="行政区划")
@paginate(Paging)
def list_regions(request: HttpRequest) -> object:
    return selectors.region_list(scope=scope_of(request))


@router.get("/agencies", response={200: list[AgencyOut], **ERRORS}, summary="执法主体列表")
@paginate(Paging)
def list_agencies(request: HttpRequest, search: str = "", region: str = "") -> object:
    return selectors.agency_list(scope=scope_of(request), search=search, region_code=region)


@router.get("/agencies/{agency_id}", response={200: AgencyDetailOut, **ERRORS}, summary="执法主体详情")
def get_agency(request: HttpRequest, agency_id: Id) -> Agency:
    return selectors.agency_get(scope=scope_of(request), agency_id=agency_id)
