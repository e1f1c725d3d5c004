"""Attachments (issue 6 scope 2, R-CAT-4, R-INT-5): files checked by their content and announced limits,
names made safe, SHA-256 recorded, large scans uploaded in resumable chunks, downloads only for the
owner and the agency's officers, and documents reused from the citizen's store."""

from __future__ import annotations

import hashlib
import uuid

from sqlalchemy import func, select

from intake.attachments.models import Attachment, Document
from servicekit.app import runtime_of
from services.intake.tests.support import (
    EXE,
    PNG,
    SO_BHXH,
    THAI_SAN,
    Suite,
    draft,
    pdf_bytes,
    upload,
)

BHXH_QN = "000.00.25.H49"


async def rows(suite: Suite, dossier_id: str) -> tuple[int, int]:
    async with runtime_of(suite.app).db.transaction() as session:
        attachments = await session.scalar(
            select(func.count()).select_from(Attachment).where(Attachment.dossier_id == uuid.UUID(dossier_id))
        )
        documents = await session.scalar(
            select(func.count()).select_from(Document).where(Document.dossier_id == uuid.UUID(dossier_id))
        )
    return int(attachments or 0), int(documents or 0)


async def test_components_announce_what_they_take(suite: Suite) -> None:
    headers = suite.citizen()
    dossier = await draft(suite, headers, THAI_SAN)
    listing = (await suite.client.get(f"/v1/dossiers/{dossier['id']}/documents", headers=headers)).json()
    by_code = {c["code"]: c for c in listing["items"]}
    # R-CAT-4: the maximum size and the types are announced where files are chosen.
    assert by_code["TP2"]["accepted_file_types"] == ["pdf", "jpg", "png"]
    assert by_code["TP2"]["max_file_size_mb"] == 10 and by_code["TP2"]["required"] is True
    assert by_code["TP3"]["required"] is False and by_code["TP3"]["condition"]
    assert by_code["TP1"]["kind"] == "form" and by_code["TP1"]["form_code"] == "DN-TS"


async def test_a_file_is_stored_with_a_safe_name_and_its_digest(suite: Suite) -> None:
    headers = suite.citizen()
    dossier = await draft(suite, headers, THAI_SAN)
    content = pdf_bytes(50_000)
    sent = await upload(suite, headers, dossier["id"], "TP2", "../../Giấy khai sinh <con>.PDF", content)
    assert sent.status_code == 201, sent.text
    file = sent.json()
    assert file["filename"] == "Giấy khai sinh con.pdf"
    assert file["content_type"] == "application/pdf" and file["size"] == len(content)
    assert file["sha256"] == hashlib.sha256(content).hexdigest()

    got = await suite.client.get(file["content_url"], headers=headers)
    assert got.status_code == 200 and got.content == content
    assert got.headers["content-type"] == "application/pdf"
    assert "filename*=UTF-8''Gi%E1%BA%A5y%20khai%20sinh%20con.pdf" in got.headers["content-disposition"]
    assert got.headers["x-content-type-options"] == "nosniff"

    # The required document is there now: only the e-form is still missing.
    check = (await suite.client.get(f"/v1/dossiers/{dossier['id']}/validation", headers=headers)).json()
    assert [e["field"] for e in check["errors"]] == ["forms.DN-TS"]
    # Attaching changed the dossier: its ETag moved on (a code sent for the old content is void).
    assert (await suite.client.get(f"/v1/dossiers/{dossier['id']}", headers=headers)).json()["version"] == 2


async def test_disguised_unaccepted_and_oversized_files_are_refused_and_nothing_is_kept(suite: Suite) -> None:
    headers = suite.citizen()
    dossier = await draft(suite, headers, THAI_SAN)
    disguised = await upload(suite, headers, dossier["id"], "TP2", "giay-khai-sinh.pdf", EXE)
    assert disguised.status_code == 415
    problem = disguised.json()
    assert problem["code"] == "file_content_mismatch"
    assert problem["detail"].startswith("Tệp “giay-khai-sinh.pdf” có đuôi .pdf nhưng nội dung không phải")
    assert "application/x-msdownload" in problem["detail"]

    png_named_pdf = await upload(suite, headers, dossier["id"], "TP2", "scan.pdf", PNG)
    assert png_named_pdf.status_code == 415 and png_named_pdf.json()["code"] == "file_content_mismatch"

    word = await upload(suite, headers, dossier["id"], "TP2", "to-khai.docx", b"PK\x03\x04" + b"\x00" * 100)
    assert word.status_code == 415 and word.json()["code"] == "file_type_not_accepted"
    assert word.json()["detail"] == "Thành phần này nhận các loại tệp: pdf, jpg, png."

    too_big = await upload(suite, headers, dossier["id"], "TP2", "lon.pdf", pdf_bytes(10 * 1024 * 1024 + 1))
    assert too_big.status_code == 413 and too_big.json()["code"] == "file_too_large"
    assert "10 MB" in too_big.json()["detail"]

    empty = await upload(suite, headers, dossier["id"], "TP2", "rong.pdf", b"")
    assert empty.status_code == 422 and empty.json()["code"] == "file_empty"
    nowhere = await upload(suite, headers, dossier["id"], "TP1", "a.pdf", pdf_bytes())
    assert nowhere.status_code == 422 and nowhere.json()["code"] == "unknown_component"

    assert await rows(suite, dossier["id"]) == (0, 0)
    assert (await suite.client.get(f"/v1/dossiers/{dossier['id']}", headers=headers)).json()["version"] == 1


async def test_a_large_scan_is_uploaded_in_chunks_and_resumed_after_a_break(suite: Suite) -> None:
    headers = suite.citizen()
    dossier = await draft(suite, headers, THAI_SAN)
    base = f"/v1/dossiers/{dossier['id']}/documents/uploads"
    content = pdf_bytes(3 * 1024 * 1024 + 123)
    too_big = await suite.client.post(
        base, json={"component_code": "TP2", "filename": "x.pdf", "size": 11 * 1024 * 1024}, headers=headers
    )
    assert too_big.status_code == 413

    started = await suite.client.post(
        base,
        json={"component_code": "TP2", "filename": "giấy chứng sinh.pdf", "size": len(content)},
        headers=headers,
    )
    assert started.status_code == 201, started.text
    url = started.headers["location"]
    chunk = 1024 * 1024
    first = await suite.client.patch(url, content=content[:chunk], headers=headers | {"Upload-Offset": "0"})
    assert first.status_code == 200 and first.json()["offset"] == chunk
    # The connection broke after the second chunk was sent: the client asks where to go on.
    await suite.client.patch(
        url, content=content[chunk : 2 * chunk], headers=headers | {"Upload-Offset": str(chunk)}
    )
    stale = await suite.client.patch(
        url, content=content[chunk : 2 * chunk], headers=headers | {"Upload-Offset": str(chunk)}
    )
    assert stale.status_code == 409 and stale.headers["upload-offset"] == str(2 * chunk)
    resume_at = int((await suite.client.get(url, headers=headers)).headers["upload-offset"])
    assert resume_at == 2 * chunk
    last = await suite.client.patch(
        url, content=content[resume_at:], headers=headers | {"Upload-Offset": str(resume_at)}
    )
    assert last.status_code == 201, last.text
    file = last.json()["file"]
    assert file["sha256"] == hashlib.sha256(content).hexdigest() and file["size"] == len(content)
    assert (await suite.client.get(file["content_url"], headers=headers)).content == content
    done = await suite.client.patch(url, content=b"x", headers=headers | {"Upload-Offset": str(len(content))})
    assert done.status_code == 409 and done.json()["code"] == "upload_finished"


async def test_a_disguised_file_is_stopped_at_its_first_chunk(suite: Suite) -> None:
    headers = suite.citizen()
    dossier = await draft(suite, headers, THAI_SAN)
    base = f"/v1/dossiers/{dossier['id']}/documents/uploads"
    started = await suite.client.post(
        base,
        json={"component_code": "TP2", "filename": "hop-dong.pdf", "size": 3 * len(EXE)},
        headers=headers,
    )
    url = started.headers["location"]
    refused = await suite.client.patch(url, content=EXE * 2, headers=headers | {"Upload-Offset": "0"})
    assert refused.status_code == 415 and refused.json()["code"] == "file_content_mismatch"
    assert (await suite.client.get(url, headers=headers)).json()["offset"] == 0


async def test_files_are_for_the_owner_and_the_agencys_officers_only(suite: Suite) -> None:
    owner = suite.citizen()
    dossier = await draft(suite, owner, THAI_SAN)
    file = (await upload(suite, owner, dossier["id"], "TP2", "a.pdf", pdf_bytes())).json()
    stranger = suite.citizen()
    for path in (file["content_url"], f"/v1/dossiers/{dossier['id']}/documents"):
        assert (await suite.client.get(path, headers=stranger)).status_code == 404
        # A draft is not filed yet: the agency's officers do not see it either.
        assert (await suite.client.get(path, headers=suite.officer(BHXH_QN))).status_code == 404
    sneaky = await upload(suite, stranger, dossier["id"], "TP2", "b.pdf", pdf_bytes())
    assert sneaky.status_code == 404
    removed = await suite.client.delete(
        f"/v1/dossiers/{dossier['id']}/documents/{file['id']}", headers=stranger
    )
    assert removed.status_code == 404
    assert await rows(suite, dossier["id"]) == (1, 1)


async def test_a_removed_file_stays_in_the_dossiers_history(suite: Suite) -> None:
    headers = suite.citizen()
    dossier = await draft(suite, headers, THAI_SAN)
    first = (await upload(suite, headers, dossier["id"], "TP2", "cu.pdf", pdf_bytes(marker=b"old"))).json()
    second = (await upload(suite, headers, dossier["id"], "TP2", "moi.png", PNG)).json()
    assert (first["version"], second["version"]) == (1, 2)
    gone = await suite.client.delete(f"/v1/dossiers/{dossier['id']}/documents/{first['id']}", headers=headers)
    assert gone.status_code == 204
    now = (await suite.client.get(f"/v1/dossiers/{dossier['id']}/documents", headers=headers)).json()
    tp2 = next(c for c in now["items"] if c["code"] == "TP2")
    assert [f["filename"] for f in tp2["files"]] == ["moi.png"]
    every = (
        await suite.client.get(f"/v1/dossiers/{dossier['id']}/documents/history", headers=headers)
    ).json()
    assert [(f["filename"], f["removed_at"] is not None) for f in every["items"]] == [
        ("cu.pdf", True),
        ("moi.png", False),
    ]
    entries = (await suite.client.get(f"/v1/dossiers/{dossier['id']}/history", headers=headers)).json()[
        "items"
    ]
    assert [e["action"] for e in entries][-3:] == ["document_added", "document_added", "document_removed"]


async def test_documents_supplied_before_are_reused_without_uploading_again(suite: Suite) -> None:
    owner = suite.citizen()
    first = await draft(suite, owner, THAI_SAN)
    content = pdf_bytes(4096, marker=b"birth-certificate")
    await upload(suite, owner, first["id"], "TP2", "khai-sinh.pdf", content)
    store = (await suite.client.get("/v1/dossiers/documents", headers=owner)).json()["items"]
    assert [(d["filename"], d["category"]) for d in store] == [("khai-sinh.pdf", "upload")]
    document_id = store[0]["id"]

    # R-INT-5: a new dossier takes the same document from the store.
    second = await draft(suite, owner, SO_BHXH)
    reused = await suite.client.post(
        f"/v1/dossiers/{second['id']}/documents/reuse",
        json={"component_code": "TP2", "document_id": document_id},
        headers=owner,
    )
    assert reused.status_code == 201, reused.text
    assert reused.json()["sha256"] == hashlib.sha256(content).hexdigest()
    assert (await suite.client.get(reused.json()["content_url"], headers=owner)).content == content

    # Nobody else can take it, read it, or even learn it exists.
    stranger = suite.citizen()
    theirs = await draft(suite, stranger, SO_BHXH)
    taken = await suite.client.post(
        f"/v1/dossiers/{theirs['id']}/documents/reuse",
        json={"component_code": "TP2", "document_id": document_id},
        headers=stranger,
    )
    assert taken.status_code == 404 and taken.json()["code"] == "document_not_found"
    assert (
        await suite.client.get(f"/v1/dossiers/documents/{document_id}/content", headers=stranger)
    ).status_code == 404
    assert (await suite.client.get("/v1/dossiers/documents", headers=stranger)).json()["items"] == []

    # Hidden from the store, it is no longer offered, and the dossiers keep their files.
    assert (
        await suite.client.delete(f"/v1/dossiers/documents/{document_id}", headers=owner)
    ).status_code == 204
    assert (await suite.client.get("/v1/dossiers/documents", headers=owner)).json()["items"] == []
    assert (await suite.client.get(reused.json()["content_url"], headers=owner)).status_code == 200
