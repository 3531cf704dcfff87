-- Rows for the CTFd schema Flask-SQLAlchemy creates from test/corpora/legacy/ctfd (test/legacy-code.test.ts).
INSERT INTO teams (id, name, email, created) VALUES (1, 'red', 'red@x.org', '2024-03-01 10:00:00');
INSERT INTO users (id, name, email, type, team_id, created, hidden) VALUES (1, 'alice', 'a@x.org', 'user', 1, '2024-03-01 11:00:00', false), (2, 'root', 'r@x.org', 'admin', NULL, '2024-03-01 12:00:00', true);
UPDATE teams SET captain_id = 1;
INSERT INTO challenges (id, name, category, type, state, logic, position, value, requirements) VALUES (1, 'warmup', 'web', 'standard', 'visible', 'any', 1, 100, '{"prerequisites": []}'), (2, 'boss', 'pwn', 'standard', 'hidden', 'any', 2, 500, NULL);
UPDATE challenges SET next_id = 2 WHERE id = 1;
INSERT INTO submissions (id, challenge_id, user_id, team_id, ip, provided, type, date) VALUES (1, 1, 1, 1, '10.0.0.1', 'flag{a}', 'correct', '2024-03-02 09:00:00'), (2, 2, 1, 1, '10.0.0.1', 'nope', 'incorrect', '2024-03-02 09:05:00');
INSERT INTO solves (id, challenge_id, user_id, team_id) VALUES (1, 1, 1, 1);
INSERT INTO files (id, type, location, challenge_id) VALUES (1, 'challenge', 'abc/warmup.zip', 1), (2, 'standard', 'logo.png', NULL);
INSERT INTO tags (id, challenge_id, value) VALUES (1, 1, 'easy');
INSERT INTO awards (id, user_id, team_id, name, value, date, requirements) VALUES (1, 1, 1, 'first blood', 10, '2024-03-02 09:01:00', '{"a": 1}');
