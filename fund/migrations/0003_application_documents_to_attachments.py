"""Move the fund's own uploaded documents into gazette.documents attachments (same stored file, checklist code =
the old document code, size and SHA-256 computed from the file), then drop the fund's table."""

import hashlib

from django.db import migrations

EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def forwards(apps, schema_editor):
    ApplicationDocument = apps.get_model("fund", "ApplicationDocument")
    Attachment = apps.get_model("documents", "Attachment")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="fund", model="application")
    for doc in ApplicationDocument.objects.all().iterator():
        digest, size = hashlib.sha256(), 0
        try:
            with doc.file.open("rb") as handle:
                for chunk in iter(lambda: handle.read(1 << 16), b""):
                    digest.update(chunk)
                    size += len(chunk)
        except (FileNotFoundError, OSError, ValueError):
            pass  # the row survives with the checksum of nothing; the file was already gone
        Attachment.objects.create(
            content_type=content_type, object_id=str(doc.application_id), checklist_code=doc.code,
            original_name=(doc.original_name or "file")[:255], extension=EXTENSIONS.get(doc.content_type, "pdf"),
            mime_type=doc.content_type or "application/pdf", size=size, sha256=digest.hexdigest(),
            file=doc.file.name, is_personal_data=True, uploaded_by_id=doc.uploaded_by_id,
            uploaded_at=doc.uploaded_at,
        )


class Migration(migrations.Migration):
    dependencies = [("fund", "0002_insurance_limits"), ("documents", "0002_generated_document_immutable"),
                    ("contenttypes", "0002_remove_content_type_name")]
    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.DeleteModel(name="ApplicationDocument"),
    ]
