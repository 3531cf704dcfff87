from sqlalchemy import Column, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import relationship

from .base import Base, BaseModel


class JobEvent(Base, BaseModel):
    """Something that happened to a job, kept for its history."""

    __tablename__ = "job_events"
    __table_args__ = (
        Index("ix_job_events_kind_created_at", "kind", "created_at"),
        UniqueConstraint("job_id", "kind"),
        {"comment": "history of jobs"},
    )

    job_id = Column(Integer, ForeignKey("jobs.id", ondelete="CASCADE"), nullable=False, index=True)
    kind = Column(String(30), nullable=False)
    detail = Column(Text)

    job = relationship("Job")


def failed_events(session):
    return session.query(JobEvent).filter(JobEvent.kind == "failed")


def record(session, job, kind="started"):
    session.add(JobEvent(job=job, kind=kind))
    if job.status == "running":
        job.status = "succeeded"
