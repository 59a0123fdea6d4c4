"""A practice as plain data, to compare what was imported with what was entered."""

from practices.models import Feasibility, Practice


def snapshot(practice):
    p = Practice.objects.with_ficha().get(pk=practice.pk)
    return {
        "title": p.title,
        "code": p.code,
        "provider": (
            p.provider.name,
            p.provider.short_name,
            p.provider.size,
            p.provider.department_id,
            sorted(p.provider.services.values_list("slug", flat=True)),
        ),
        "category": p.category.name,
        "edition": p.edition.number if p.edition else None,
        "services": sorted(s.slug for s in p.services.all()),
        "dates": (p.start_date, p.start_precision, p.end_date, p.end_precision, p.dates_note),
        "target_population": p.target_population,
        "summary": p.summary,
        "impact": p.impact,
        "users_reached": p.users_reached,
        "metrics": [
            (m.label, m.channel, m.baseline, m.value, m.unit) for m in p.impact_metrics.all()
        ],
        "success_factors": [(f.title, f.description) for f in p.success_factors.all()],
        "coverage": (
            p.coverage_note,
            sorted(d.code for d in p.departments.all()),
            sorted(m.code for m in p.municipalities.all()),
        ),
        "validation": p.validation,
        "replicability": p.replicability,
        "limitations": p.limitations,
        "links": [(link.url, link.label, link.kind) for link in p.links.all()],
        "contact": (
            p.contact_name,
            p.contact_role,
            p.contact_email,
            p.contact_phone,
            p.contact_publish_allowed,
        ),
        "criteria": {e.criterion.slug: e.evidence for e in p.criterion_evidence.all()},
        "feasibility": {name: getattr(p, name) for name in Feasibility.FIELDS},
    }
