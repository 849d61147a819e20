"""The documents of 191号 (组建公告, 成员名单公示, 会议决定公告, 备案回执, 撤销决定) through ``gazette.documents``
(gap-free numbers of the street office), and the printable A4 posting with a QR code to its online page. Every
document of a case whose reference date falls after 191号's last day carries the "规章已失效" warning."""

from __future__ import annotations

import base64
from typing import Any

from django.utils import timezone

from .selectors import committee_notices, current_members, regulation_status

REGULATION = "《物业管理委员会组建运行办法（试行）》（晋建房规字〔2022〕191号）"

# kind -> (title, template)
KINDS: dict[str, tuple[str, str]] = {
    "announcement": ("关于拟组建物业管理委员会的公告", "property/documents/announcement.html"),
    "member_list": ("物业管理委员会成员名单公示", "property/documents/member_list.html"),
    "decision": ("物业管理委员会会议决定公告", "property/documents/decision.html"),
    "filing_receipt": ("物业管理委员会备案回执", "property/documents/filing_receipt.html"),
    "revocation": ("关于撤销物业管理委员会决定的决定", "property/documents/revocation.html"),
}


def qr_data_uri(url: str) -> str:
    """A QR code of ``url`` as an SVG data URI (printed on the notice board copy)."""
    import qrcode
    import qrcode.image.svg

    svg = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage).to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


def committee_document_generate(*, committee: Any, kind: str, request_key: str, actor: Any = None,
                                meeting: Any = None):
    from gazette.documents.services import document_generate

    title, template = KINDS[kind]
    organisation = committee.organisation
    status = regulation_status(committee.reference_date if meeting is None else meeting.held_on)
    context = {
        "committee": committee, "area": committee.area, "meeting": meeting, "regulation": REGULATION,
        "members": list(current_members(committee)) if kind != "member_list" else
        list(committee.members.filter(status__in=("candidate", "active"))),
        "notice": committee_notices(committee).filter(rule_id="PROP-A12").first(),
        "regulation_status": status, "today": timezone.localdate(),
        "attendance": list(meeting.attendance.select_related("member")) if meeting is not None else [],
    }
    recipients = {"filing_receipt": [f"{committee.area.name}物业管理委员会"],
                  "revocation": [f"{committee.area.name}物业管理委员会、全体业主"]}.get(kind)
    return document_generate(
        case=meeting or committee, kind=f"property.{kind}", title=f"{committee.area.name}{title}",
        template_name=template, context=context, organisation=organisation, actor=actor, recipients=recipients,
        numbered=bool(organisation.document_prefix), request_key=request_key,
    )


def notice_print_pdf(*, notice: Any, committee: Any, url: str) -> bytes:
    """The A4 copy of a posting for the physical notice board: its text, dates, places and a QR code to the
    online posting (where owners may object)."""
    from gazette.documents.rendering import render_pdf

    return render_pdf("property/documents/notice_print.html", {
        "notice": notice, "committee": committee, "places": list(notice.places.all()), "url": url,
        "qr": qr_data_uri(url), "regulation_status": regulation_status(committee.reference_date),
        "regulation": REGULATION, "printed_at": timezone.localtime(),
    })

