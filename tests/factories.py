"""Factories for tests and benchmarks. Identity numbers are fictitious and valid in form."""

import factory
from django.utils import timezone

from klageportal.cases.models import ApprovalState, Case, Party, PartyKind, PartyRole, Status
from klageportal.catalog.models import (
    AppealsBody,
    Authority,
    Board,
    Channel,
    ComplaintType,
    ComplaintTypeVersion,
)
from klageportal.documents.models import CaseDocument, Document
from klageportal.identity.models import Right, Role, User


class AppealsBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AppealsBody
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"body{n}")
    name = factory.Sequence(lambda n: f"Klageinstans {n}")
    cvr = "12345674"


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board
        django_get_or_create = ("slug",)

    body = factory.SubFactory(AppealsBodyFactory)
    slug = factory.Sequence(lambda n: f"board{n}")
    name = factory.Sequence(lambda n: f"Klagenævn {n}")
    short_name = "KN"


class ComplaintTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ComplaintType
        skip_postgeneration_save = True

    board = factory.SubFactory(BoardFactory)
    slug = factory.Sequence(lambda n: f"type{n}")
    name = factory.Sequence(lambda n: f"Klagetype {n}")
    version = factory.RelatedFactory(
        "tests.factories.ComplaintTypeVersionFactory", factory_related_name="complaint_type"
    )


class ComplaintTypeVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ComplaintTypeVersion

    complaint_type = factory.SubFactory(ComplaintTypeFactory, version=None)
    valid_from = factory.LazyFunction(lambda: timezone.localdate().replace(month=1, day=1))
    channel = Channel.FILING
    fee_private = 900
    fee_company = 1800


class AuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authority

    name = factory.Sequence(lambda n: f"Testkommune {n}")
    municipality_code = factory.Sequence(lambda n: f"{900 + n % 99}")
    cvr = factory.Sequence(lambda n: ["31415926", "16180335", "13579245"][n % 3])
    email = factory.Sequence(lambda n: f"klager{n}@kommune.example")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    oidc_sub = factory.Sequence(lambda n: f"sub-{n}")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    role = Role.CITIZEN
    cpr = factory.Sequence(lambda n: f"{(n % 28) + 1:02d}0{(n % 9) + 1}80{n % 10000:04d}")


class CitizenFactory(UserFactory):
    pass


class CompanyUserFactory(UserFactory):
    role = Role.COMPANY
    cpr = ""
    cvr = "37042374"
    organisation_name = "Byggefirmaet Nord ApS"
    rights = factory.LazyFunction(lambda: [Right.SIGNING.value])


class AuthorityUserFactory(UserFactory):
    role = Role.AUTHORITY
    cpr = ""
    authority = factory.SubFactory(AuthorityFactory)
    cvr = factory.SelfAttribute("authority.cvr")
    organisation_name = factory.SelfAttribute("authority.name")
    rights = factory.LazyFunction(list)


class BodyStaffFactory(UserFactory):
    role = Role.BODY_STAFF
    cpr = ""
    cvr = "12345674"

    @factory.post_generation
    def boards(self, create, extracted, **kwargs):
        if create and extracted:
            self.boards.set(extracted)


class AdminFactory(UserFactory):
    role = Role.ADMIN
    cpr = ""
    is_staff = True
    is_superuser = True
    rights = factory.LazyFunction(lambda: [Right.ADMINISTRATOR.value])


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case
        skip_postgeneration_save = True

    number = factory.Sequence(lambda n: f"NH-2026-{n + 1:06d}")
    channel = Channel.FILING
    status = Status.KLADDE
    complaint_type = factory.SubFactory(ComplaintTypeFactory)
    board = factory.SelfAttribute("complaint_type.board")
    type_version = factory.LazyAttribute(lambda o: o.complaint_type.versions.first())
    authority = factory.SubFactory(AuthorityFactory)
    created_by = factory.SubFactory(CitizenFactory)
    forwarded_at = factory.LazyAttribute(
        lambda o: (
            timezone.now()
            if o.status
            in {Status.VIDERESENDT, Status.UNDER_BEHANDLING, Status.AFVENTER_NAEVN, Status.AFGJORT, Status.AFVIST}
            else None
        )
    )
    filer = factory.RelatedFactory(
        "tests.factories.PartyFactory",
        factory_related_name="case",
        is_filer=True,
        user=factory.SelfAttribute("..created_by"),
        cpr=factory.SelfAttribute("..created_by.cpr"),
        name=factory.SelfAttribute("..created_by.full_name"),
    )


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    case = factory.SubFactory(CaseFactory, filer=None)
    role = PartyRole.COMPLAINANT
    kind = PartyKind.PERSON
    name = factory.Sequence(lambda n: f"Part {n}")
    email = factory.Sequence(lambda n: f"part{n}@example.dk")
    approval = ApprovalState.NOT_NEEDED


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    file = factory.django.FileField(filename="bilag.pdf", data=b"%PDF-1.4 test")
    original_name = "bilag.pdf"
    size = 13
    sha256 = factory.Sequence(lambda n: f"{n:064x}")
    content_type = "application/pdf"


class CaseDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseDocument

    case = factory.SubFactory(CaseFactory)
    document = factory.SubFactory(DocumentFactory)
    added_by = factory.SelfAttribute("case.created_by")
    added_by_role = PartyRole.COMPLAINANT


# --- Web appeal form (web-ankeskema) ------------------------------------------------------------------


class AnkeskemaCaseworkerFactory(AuthorityUserFactory):
    """A municipal caseworker with the right to use the web appeal form (AUTH-4)."""

    rights = factory.LazyFunction(lambda: [Right.ANKESKEMA.value])
    email = factory.Sequence(lambda n: f"sagsbehandler{n}@kommune.example")


class AnkeskemaDraftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "forwarding.AnkeskemaDraft"

    owner = factory.SubFactory(AnkeskemaCaseworkerFactory)
    authority = factory.SelfAttribute("owner.authority")
    data = factory.LazyFunction(dict)


# --- Exemption from digital self-service (KP-8, BD-4) ------------------------------------------------------


class ExemptionRequestFactory(factory.django.DjangoModelFactory):
    """A representative's request that a citizen be exempted from digital self-service, waiting for the board."""

    class Meta:
        model = "cases.ExemptionRequest"

    number = factory.Sequence(lambda n: f"FR-2026-{n + 1:06d}")
    complaint_type = factory.SubFactory(ComplaintTypeFactory)
    board = factory.SelfAttribute("complaint_type.board")
    authority = factory.SubFactory(AuthorityFactory)
    decision_reference = "J.nr. 26/1234"
    decision_date = factory.LazyFunction(lambda: timezone.localdate().replace(month=1, day=2))
    citizen_name = "Inger Poulsen"
    citizen_cpr = "0901410432"
    citizen_address = "Solvænget 3, 8800 Viborg"
    reason = "Borgeren har demens og kan ikke bruge MitID."
    requested_by = factory.SubFactory(
        CompanyUserFactory, cvr="38025694", organisation_name="Advokatfirmaet Lind", email="lind@advokat.example"
    )
