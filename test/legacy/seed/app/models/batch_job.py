import uuid

from sqlalchemy import Column, Integer, String
from sqlalchemy.dialects.postgresql import UUID as PGUUID
from sqlalchemy.orm import relationship

from .base import Base, BaseModel


class BatchJob(Base, BaseModel):
    """A group of jobs submitted together."""

    __tablename__ = "batch_jobs"

    batch_id = Column(PGUUID(as_uuid=True), unique=True, nullable=False, default=uuid.uuid4)
    name = Column(String(200), nullable=False)
    total_jobs = Column(Integer, default=0)

    jobs = relationship("Job", back_populates="batch")
