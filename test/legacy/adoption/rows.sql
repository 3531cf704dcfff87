-- Rows as the legacy service left them, awkward ones included.
INSERT INTO tenants (id, name) VALUES
  ('aaaaaaaa-0000-4000-8000-000000000001', 'Acme'),
  ('bbbbbbbb-0000-4000-8000-000000000002', 'Globex');
INSERT INTO domains (id, name, tenant_id) VALUES
  ('dddddddd-0000-4000-8000-000000000001', 'billing', 'aaaaaaaa-0000-4000-8000-000000000001');
INSERT INTO batch_jobs (id, batch_id, name, total_jobs, tenant_id) VALUES
  ('11111111-0000-4000-8000-000000000001', 'cccccccc-0000-4000-8000-000000000001', 'nightly', NULL, 'aaaaaaaa-0000-4000-8000-000000000001'),
  ('11111111-0000-4000-8000-000000000002', 'cccccccc-0000-4000-8000-000000000002', 'weekly', 7, 'bbbbbbbb-0000-4000-8000-000000000002');
INSERT INTO jobs (job_id, tenant_id, tenant_id_uuid, job_type, status, payload, error_message, domain_id, batch_id, created_at) VALUES
  -- tenant as a UUID string, batch by its batch_id
  ('33333333-0000-4000-8000-000000000001', 'aaaaaaaa-0000-4000-8000-000000000001', NULL, 'import-1', 'pending', '{"rows": 10}', NULL, 'dddddddd-0000-4000-8000-000000000001', 'cccccccc-0000-4000-8000-000000000001', '2025-01-02 03:04:05+00'),
  -- a tenant string that is not a UUID; tenant_id_uuid holds the real one
  ('33333333-0000-4000-8000-000000000002', 'acme', 'bbbbbbbb-0000-4000-8000-000000000002', 'import-2', 'failed', NULL, 'it''s broken', 'dddddddd-0000-4000-8000-000000000001', NULL, '2025-01-03 00:00:00+00'),
  -- no job_id (a new UUID), the tenant in upper case with spaces, NULLs everywhere they are allowed
  (NULL, '  AAAAAAAA-0000-4000-8000-000000000001 ', NULL, 'import-3', 'pending', NULL, NULL, 'dddddddd-0000-4000-8000-000000000001', NULL, NULL),
  -- batch_id in upper case
  ('33333333-0000-4000-8000-000000000004', 'bbbbbbbb-0000-4000-8000-000000000002', 'bbbbbbbb-0000-4000-8000-000000000002', 'import-4', 'running', '[1, 2]', NULL, 'dddddddd-0000-4000-8000-000000000001', 'cccccccc-0000-4000-8000-000000000002', '2025-01-05 00:00:00+00');
INSERT INTO job_events (id, job_id, kind, detail, tenant_id) VALUES
  ('44444444-0000-4000-8000-000000000001', 1, 'started', 'first', 'aaaaaaaa-0000-4000-8000-000000000001'),
  ('44444444-0000-4000-8000-000000000003', 3, 'started', NULL, 'aaaaaaaa-0000-4000-8000-000000000001'),
  ('44444444-0000-4000-8000-000000000004', 4, 'failed', 'retry', 'bbbbbbbb-0000-4000-8000-000000000002');
