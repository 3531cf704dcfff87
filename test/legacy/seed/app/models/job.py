import uuid

from sqlalchemy import Column, ForeignKey, Integer, String, Text
from sqlalchemy.dialects.postgresql import JSONB, UUID as PGUUID
from sqlalchemy.orm import relationship

from .base import Base, BaseModel


class Job(Base, BaseModel):
    """Represents background processing tasks."""

    __tablename__ = "jobs"

    id = Column(Integer, primary_key=True, autoincrement=True)
    job_id = Column(PGUUID(as_uuid=True), unique=True, default=uuid.uuid4)
    tenant_id = Column(String(64), nullable=False, index=True)
    tenant_id_uuid = Column(PGUUID(as_uuid=True), nullable=True)
    job_type = Column(String(50), nullable=False)
    status = Column(String(20), nullable=False, default="pending", index=True)
    payload = Column(JSONB, nullable=True)
    error_message = Column(Text, nullable=True)
    domain_id = Column(PGUUID(as_uuid=True), ForeignKey("domains.id", ondelete="CASCADE"), nullable=False, index=True)
    batch_id = Column(String(64), ForeignKey("batch_jobs.batch_id", ondelete="SET NULL"), nullable=True, index=True)

    domain = relationship("Domain", back_populates="jobs")
    batch = relationship("BatchJob", back_populates="jobs")
