from sqlalchemy import Column, String
from sqlalchemy.orm import relationship

from .base import Base, BaseModel


class Domain(Base, BaseModel):
    """A business domain whose jobs run together."""

    __tablename__ = "domains"

    name = Column(String(120), nullable=False)

    jobs = relationship("Job", back_populates="domain")
