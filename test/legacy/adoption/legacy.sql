-- The database the legacy service runs on, as SQLAlchemy's create_all made it from the models
-- in test/legacy/seed and extra/ (PostgreSQL's default constraint names, SQLAlchemy's ix_ names).
-- jobs.batch_id has no foreign key: PostgreSQL refuses one between character varying and uuid.
CREATE TABLE tenants (
  id uuid NOT NULL,
  name character varying(120) NOT NULL,
  created_at timestamp with time zone DEFAULT now(),
  PRIMARY KEY (id)
);
CREATE TABLE domains (
  name character varying(120) NOT NULL,
  id uuid NOT NULL,
  created_at timestamp with time zone DEFAULT now(),
  updated_at timestamp with time zone DEFAULT now(),
  tenant_id uuid NOT NULL,
  PRIMARY KEY (id),
  FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE
);
CREATE INDEX ix_domains_tenant_id ON domains (tenant_id);
CREATE TABLE batch_jobs (
  batch_id uuid NOT NULL,
  name character varying(200) NOT NULL,
  total_jobs integer,
  id uuid NOT NULL,
  created_at timestamp with time zone DEFAULT now(),
  updated_at timestamp with time zone DEFAULT now(),
  tenant_id uuid NOT NULL,
  PRIMARY KEY (id),
  UNIQUE (batch_id),
  FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE
);
CREATE INDEX ix_batch_jobs_tenant_id ON batch_jobs (tenant_id);
CREATE TABLE jobs (
  id SERIAL NOT NULL,
  job_id uuid,
  tenant_id character varying(64) NOT NULL,
  tenant_id_uuid uuid,
  job_type character varying(50) NOT NULL,
  status character varying(20) NOT NULL,
  payload jsonb,
  error_message text,
  domain_id uuid NOT NULL,
  batch_id character varying(64),
  created_at timestamp with time zone DEFAULT now(),
  updated_at timestamp with time zone DEFAULT now(),
  PRIMARY KEY (id),
  UNIQUE (job_id),
  FOREIGN KEY (domain_id) REFERENCES domains (id) ON DELETE CASCADE
);
CREATE INDEX ix_jobs_tenant_id ON jobs (tenant_id);
CREATE INDEX ix_jobs_status ON jobs (status);
CREATE INDEX ix_jobs_domain_id ON jobs (domain_id);
CREATE INDEX ix_jobs_batch_id ON jobs (batch_id);
CREATE TABLE job_events (
  job_id integer NOT NULL,
  kind character varying(30) NOT NULL,
  detail text,
  id uuid NOT NULL,
  created_at timestamp with time zone DEFAULT now(),
  updated_at timestamp with time zone DEFAULT now(),
  tenant_id uuid NOT NULL,
  PRIMARY KEY (id),
  UNIQUE (job_id, kind),
  FOREIGN KEY (job_id) REFERENCES jobs (id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE
);
CREATE INDEX ix_job_events_job_id ON job_events (job_id);
CREATE INDEX ix_job_events_tenant_id ON job_events (tenant_id);
CREATE INDEX ix_job_events_kind_created_at ON job_events (kind, created_at);
