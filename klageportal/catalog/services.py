"""Load the catalogue's defaults. Only what is missing is created: an administrator's edits are kept."""

from datetime import date

from django.db import transaction

from klageportal.catalog import seed_data
from klageportal.catalog.models import (
    AppealsBody,
    Authority,
    Board,
    ComplaintType,
    ComplaintTypeVersion,
    DocumentCategory,
    Law,
    LawArea,
)


@transaction.atomic
def catalog_load_defaults() -> dict[str, int]:
    """Create the seeded bodies, boards, types, authorities, law areas and categories that are missing."""
    created: dict[str, int] = {}

    def count(kind: str, was_created: bool) -> None:
        created[kind] = created.get(kind, 0) + int(was_created)

    bodies = {}
    for item in seed_data.APPEALS_BODIES:
        body, new = AppealsBody.objects.get_or_create(
            slug=item["slug"],
            defaults={key: item.get(key, "") for key in ("name", "cvr", "email", "phone", "address", "website")},
        )
        bodies[body.slug] = body
        count("bodies", new)

    boards = {}
    for item in seed_data.BOARDS:
        board, new = Board.objects.get_or_create(
            slug=item["slug"],
            defaults={
                "body": bodies[item["body"]],
                "name": item["name"],
                "short_name": item.get("short", ""),
                "email": item.get("email", ""),
                "description": item.get("description", ""),
                "expected_processing_days": item.get("expected_processing_days"),
            },
        )
        if board.expected_processing_days is None and item.get("expected_processing_days"):
            # A board seeded before the figure existed gets it once; a figure an administrator set stays.
            board.expected_processing_days = item["expected_processing_days"]
            board.save(update_fields=["expected_processing_days"])
        boards[board.slug] = board
        count("boards", new)

    for position, item in enumerate(seed_data.COMPLAINT_TYPES):
        complaint_type, new = ComplaintType.objects.get_or_create(
            board=boards[item["board"]],
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "name_en": seed_data.COMPLAINT_TYPE_NAMES_EN.get(item["slug"], ""),
                "position": position,
            },
        )
        count("complaint_types", new)
        _, new = ComplaintTypeVersion.objects.get_or_create(
            complaint_type=complaint_type,
            valid_from=date.fromisoformat(item["valid_from"]),
            defaults={
                "channel": item["channel"],
                "fee_private": item["fee_private"],
                "fee_company": item["fee_company"],
                "fee_due": item["fee_due"],
                "refund_rule": item.get("refund_rule", ""),
                "outside_text": item.get("outside_text", ""),
                "ready_text": item.get("ready_text", ""),
            },
        )
        count("complaint_type_versions", new)

    for code, name in seed_data.MUNICIPALITIES:
        details = seed_data.DEMO_MUNICIPALITY_DETAILS.get(code, {})
        _, new = Authority.objects.get_or_create(
            municipality_code=code,
            defaults={
                "name": name,
                "kind": Authority.Kind.MUNICIPALITY,
                "cvr": details.get("cvr", ""),
                "email": details.get("email", ""),
            },
        )
        count("authorities", new)

    for item in seed_data.LAWS:
        law, new = Law.objects.get_or_create(
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "short_name": item.get("short", ""),
                "single_item": item.get("single_item", False),
                "position": item.get("position", 0),
            },
        )
        count("laws", new)
        for area in item["areas"]:
            if LawArea.objects.filter(law=law, name=area["name"]).exists():
                continue
            LawArea.objects.create(
                law=law,
                name=area["name"],
                paragraph=area.get("paragraph", ""),
                follow_up=area.get("follow_up", False),
                catch_all=area.get("catch_all", False),
                required_documents=area.get("required_documents", []),
            )
            count("law_areas", True)

    for position, (slug, name) in enumerate(seed_data.DOCUMENT_CATEGORIES):
        _, new = DocumentCategory.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})
        count("document_categories", new)
    return created
