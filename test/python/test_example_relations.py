"""The example project's relationships, cascades and enums behave as the specs say."""

from __future__ import annotations

import importlib
from types import ModuleType

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session


@pytest.fixture()
def m(package: ModuleType) -> ModuleType:
    if package.__name__ != "jobsvc":
        pytest.skip("example-project checks")
    return importlib.import_module("jobsvc.models")


def test_relations_cascades_and_enum_values(m: ModuleType, package: ModuleType, engine: Engine) -> None:
    enums = importlib.import_module("jobsvc.enums")
    with Session(engine) as s:
        tenant = m.Tenant(name="Acme", slug="acme-rel")
        s.add(tenant)
        s.flush()
        domain = m.Domain(tenant_id=tenant.id, name="billing-rel")
        batch = m.BatchJob(tenant_id=tenant.id, name="nightly", domain=domain)
        tag = m.Tag(tenant_id=tenant.id, name="urgent-rel")
        job = m.Job(
            tenant_id=tenant.id,
            job_type=enums.JobTypeEnum.REPORT,
            external_ref="ext-rel-1",
            domain=domain,
            batch=batch,
            tags=[tag],
        )
        job.result = m.JobResult(tenant_id=tenant.id, output={"rows": 3}, checksum="abc")
        job.job_attempts.append(m.JobAttempt(tenant_id=tenant.id, attempt_number=1))
        s.add_all([domain, batch, tag, job])
        s.commit()
        job_id, domain_id, batch_id = job.id, domain.id, batch.id

    with Session(engine) as s:
        job = s.get(m.Job, job_id)
        assert job is not None
        assert job.status is enums.JobStatusEnum.PENDING  # spec default
        assert job.domain.name == "billing-rel"
        assert [j.id for j in job.domain.jobs] == [job_id]
        assert [t.name for t in job.tags] == ["urgent-rel"]
        assert [j.id for j in job.tags[0].jobs] == [job_id]
        assert job.result is not None and job.result.job is job
        assert job.job_attempts[0].attempt_number == 1
        stored = s.execute(sa.text("SELECT status::text, job_type::text FROM jobs WHERE id = :i"), {"i": job_id}).one()
        assert tuple(stored) == ("pending", "report")  # stored by value

        # on_delete: set_null keeps the job, cascade removes it.
        s.delete(s.get(m.BatchJob, batch_id))
        s.commit()
        s.expire_all()
        job = s.get(m.Job, job_id)
        assert job is not None and job.batch_id is None
        s.delete(s.get(m.Domain, domain_id))
        s.commit()
        assert s.get(m.Job, job_id) is None
        assert s.scalar(sa.text("SELECT count(*) FROM job_attempts")) == 0
        assert s.scalar(sa.text("SELECT count(*) FROM job_tags")) == 0


def test_tenant_foreign_key_is_enforced(m: ModuleType, engine: Engine) -> None:
    import uuid

    with Session(engine) as s:
        s.add(m.Tag(tenant_id=uuid.uuid4(), name="orphan"))
        with pytest.raises(sa.exc.IntegrityError):
            s.commit()
